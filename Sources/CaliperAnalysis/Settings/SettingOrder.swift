import Foundation

/// The natural order of a key's values, in which settings are listed and the default reference is
/// the first: effort words by effort (`none` < `minimal` < `low` < `medium` < `high`), numbers
/// numerically, other text with digit runs compared as numbers (so versions read right:
/// `0.9.2` < `0.10.1`), and runs that leave the key unset last.
///
/// ```swift
/// SettingOrder.sorted(["high", "low", "medium"])      // ["low", "medium", "high"]
/// SettingOrder.sorted(["1.0", "0.6", "0.95"])         // ["0.6", "0.95", "1.0"]
/// SettingOrder.sorted(["0.10.1", "0.9.2", nil])       // ["0.9.2", "0.10.1", nil]
/// ```
public enum SettingOrder {
    /// Efforts as OpenAI-style APIs name them, least first.
    static let effortRanks = ["none": 0, "minimal": 1, "low": 2, "medium": 3, "high": 4]

    public static func sorted(_ values: [String?]) -> [String?] {
        values.sorted(by: areInIncreasingOrder)
    }

    public static func areInIncreasingOrder(_ a: String?, _ b: String?) -> Bool {
        guard let a else { return false }
        guard let b else { return true }
        let (classA, classB) = (rankClass(a), rankClass(b))
        if classA != classB { return classA < classB }
        switch classA {
        case 0:
            let rankA = effortRanks[a.lowercased()]!, rankB = effortRanks[b.lowercased()]!
            return rankA != rankB ? rankA < rankB : a < b
        case 1:
            let x = number(a)!, y = number(b)!
            return x != y ? x < y : a < b
        default:
            let order = naturalOrder(a, b)
            return order != .orderedSame ? order == .orderedAscending : a < b
        }
    }

    /// Whether `text` (from the command line) names `value`: the same text, the same number
    /// (`0.60` names `0.6`), case-insensitively the same word, or `(unset)`/`unset` for a key not set.
    public static func matches(_ text: String, _ value: String?) -> Bool {
        guard let value else { return text == SettingField.unsetLabel || text == "unset" }
        if text == value { return true }
        if let x = number(text), let y = number(value) { return x == y }
        return text.lowercased() == value.lowercased()
    }

    /// 0 effort word, 1 number, 2 other text.
    private static func rankClass(_ value: String) -> Int {
        if effortRanks[value.lowercased()] != nil { return 0 }
        return number(value) != nil ? 1 : 2
    }

    /// A finite number written as one (`0.6`, `4096`, `1e-3`); `inf`, `nan` and hex are text.
    static func number(_ text: String) -> Double? {
        guard text.contains(where: \.isNumber), text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }),
              let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    /// Text compared piece by piece, runs of digits as numbers: `v1.10` after `v1.9`.
    static func naturalOrder(_ a: String, _ b: String) -> ComparisonResult {
        let x = pieces(a), y = pieces(b)
        for (p, q) in zip(x, y) where p != q {
            if p.first!.isNumber, q.first!.isNumber {
                // Compare without converting, so a 40-digit build number cannot overflow.
                let p = p.drop { $0 == "0" }, q = q.drop { $0 == "0" }
                if p.count != q.count { return p.count < q.count ? .orderedAscending : .orderedDescending }
                if p != q { return p < q ? .orderedAscending : .orderedDescending }
            } else {
                return p < q ? .orderedAscending : .orderedDescending
            }
        }
        return x.count == y.count ? .orderedSame : x.count < y.count ? .orderedAscending : .orderedDescending
    }

    /// `0.10.1+gptoss` → `0`, `.`, `10`, `.`, `1`, `+gptoss`.
    private static func pieces(_ text: String) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        for index in text.indices.dropFirst() where text[index].isNumber != text[text.index(before: index)].isNumber {
            pieces.append(text[start..<index])
            start = index
        }
        if start < text.endIndex { pieces.append(text[start...]) }
        return pieces
    }
}
