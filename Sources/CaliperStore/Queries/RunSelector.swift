/// How a command names a run: an id, or `latest` plus key filters; or, as a baseline only, the
/// `history` of the last N runs matching key filters.
///
/// ```swift
/// try RunSelector.parse("42")                                          // .id(42)
/// try RunSelector.parse("latest model=gpt-oss-20b label.branch=main")  // .latest(filter)
/// try RunSelector.parse("history model=gpt-oss-20b last=20")           // .history(filter, last: 20)
/// ```
public enum RunSelector: Sendable, Equatable {
    case id(Int64)
    case latest(RunFilter)
    /// The last `last` runs matching the filter that a gate can compare with the candidate; the
    /// store picks them (``Store/history(matching:last:before:detail:skipping:)``).
    case history(RunFilter, last: Int)

    /// How many runs a `history` selector takes when it says no `last=N`.
    public static let defaultHistoryLength = 20

    /// Parses `ID`, `latest KEY=VALUE ...` or `history KEY=VALUE ... [last=N]`, where KEY is a
    /// ``RunFilter/Field`` name or `label.NAME`.
    public static func parse(_ text: String) throws -> RunSelector {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count == 1, let id = Int64(words[0]) { return .id(id) }
        switch words.first {
        case "latest":
            return .latest(try filter(words.dropFirst()))
        case "history":
            var last: Int?
            var keys: [String] = []
            for word in words.dropFirst() {
                guard word.hasPrefix("last=") else {
                    keys.append(word)
                    continue
                }
                let value = word.dropFirst("last=".count)
                guard last == nil else { throw SelectorError("\"last\" is given twice in \"\(text)\"") }
                guard let count = Int(value), count > 0 else {
                    throw SelectorError("last=\(value): the history length must be a whole number of at least 1")
                }
                last = count
            }
            return .history(try filter(keys), last: last ?? defaultHistoryLength)
        default:
            throw SelectorError(
                "selector \"\(text)\" is neither a run id, \"latest KEY=VALUE ...\" nor \"history KEY=VALUE ... last=N\"")
        }
    }

    /// A filter from `KEY=VALUE` words.
    public static func filter(_ words: some Sequence<String>) throws -> RunFilter {
        var filter = RunFilter()
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                throw SelectorError("\"\(word)\" is not KEY=VALUE")
            }
            let key = String(word[..<equals])
            let value = String(word[word.index(after: equals)...])
            if key == "valid" {
                guard let validity = RunFilter.Validity(rawValue: value) else {
                    throw SelectorError("valid takes yes, no or any (got \"\(value)\")")
                }
                filter.validity = validity
            } else if key.hasPrefix("label."), key.count > "label.".count {
                filter.require(label: String(key.dropFirst("label.".count)), equals: value)
            } else if let field = RunFilter.Field(rawValue: key) {
                try field.check(value)
                filter.require(field, equals: value)
            } else {
                let known = RunFilter.Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw SelectorError("unknown key \"\(key)\" (known: \(known), label.NAME, valid)")
            }
        }
        return filter
    }
}

public struct SelectorError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension Store {
    /// The run a selector names: `.summary` detail unless asked.
    /// - Throws: ``SelectorError`` when nothing matches, or for a `history` selector, which names
    ///   many runs (see ``history(matching:last:before:detail:skipping:)``).
    public func run(selectedBy selector: RunSelector, detail: RunDetail = .summary) throws -> StoredRun {
        switch selector {
        case .id(let id):
            guard let run = try run(id: id, detail: detail) else { throw SelectorError("no run \(id) in \(location)") }
            return run
        case .latest(let filter):
            var wanted = filter
            wanted.validity = filter.validity ?? .yes
            guard let newest = try runs(matching: wanted, limit: 1).first,
                  let run = try run(id: newest.id, detail: detail)
            else {
                var invalid = filter
                invalid.validity = .no
                if filter.validity == nil, let passed = try runs(matching: invalid, limit: 1).first {
                    throw SelectorError(
                        "no valid run matches the selector in \(location): the newest match, run \(passed.id), is invalid "
                            + "(\(passed.invalidReason ?? "")); add valid=any to take it")
                }
                throw SelectorError("no run matches the selector in \(location)")
            }
            return run
        case .history:
            throw SelectorError("a history selector names many runs: it can only be the baseline")
        }
    }
}
