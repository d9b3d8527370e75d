/// Orders version strings the way people read them: digit runs compare as numbers, so
/// 0.9.2 < 0.10.0 < 0.10.1, where plain text order would put 0.10.x first.
///
/// A version that extends another sorts after it (`0.10.1` < `0.10.1+gptoss` < `0.10.1.post1`),
/// except a pre-release tag (`rc`, `a`, `b`, `alpha`, `beta`, `dev`, `pre`), which sorts before
/// its release (`0.10.1rc1` < `0.10.1`).
///
/// ```swift
/// ["0.10.1", "0.9.2", "0.10.0"].sorted(by: VersionOrder.precedes)   // ["0.9.2", "0.10.0", "0.10.1"]
/// VersionOrder.isVersion("1.14.1")    // true
/// VersionOrder.isVersion("nightly")   // false
/// ```
public enum VersionOrder {
    /// Whether `text` reads as a version number: it starts with an ASCII digit.
    public static func isVersion(_ text: String) -> Bool {
        text.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// Whether version `a` comes before version `b`. Equal readings (`1.01` and `1.1`) fall back to
    /// text order, so the order is total and stable.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = tokens(a), y = tokens(b)
        for index in 0..<Swift.max(x.count, y.count) {
            let p = index < x.count ? x[index] : nil, q = index < y.count ? y[index] : nil
            guard p != q else { continue }
            // Where they part: a pre-release tag, then the end (the release), then anything else.
            let rankP = rank(p), rankQ = rank(q)
            if rankP != rankQ { return rankP < rankQ }
            switch (p, q) {
            case (.number(let m)?, .number(let n)?): return m.count != n.count ? m.count < n.count : m < n
            case (.text(let s)?, .text(let t)?): return s < t
            // A number before text at the same place: 1.2 < 1.x.
            case (.number?, .text?): return true
            default: return false
            }
        }
        return a < b
    }

    /// How a version continues where it parts from another: −1 a pre-release tag, 0 nothing more
    /// (the release itself), 1 anything else (`.post1`, `+gptoss`, another number).
    private static func rank(_ token: Token?) -> Int {
        guard let token else { return 0 }
        return token.isPreReleaseTag ? -1 : 1
    }

    private enum Token: Equatable {
        /// Digits with leading zeros dropped, so that the digit count orders magnitudes.
        case number(String)
        case text(String)

        var isPreReleaseTag: Bool {
            guard case .text(let text) = self else { return false }
            let tag = text.lowercased().drop { !$0.isLetter }
            return ["rc", "alpha", "beta", "dev", "pre", "a", "b"].contains { tag.hasPrefix($0) }
        }
    }

    private static func tokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var inDigits = false
        func flush() {
            guard !current.isEmpty else { return }
            if inDigits {
                let trimmed = current.drop { $0 == "0" }
                tokens.append(.number(trimmed.isEmpty ? "0" : String(trimmed)))
            } else {
                tokens.append(.text(current))
            }
            current = ""
        }
        for character in text {
            let isDigit = character.isASCII && character.isNumber
            if isDigit != inDigits { flush() }
            inDigits = isDigit
            current.append(character)
        }
        flush()
        return tokens
    }
}
