/// How a command names a run: an id, or `latest` plus key filters.
///
/// ```swift
/// try RunSelector.parse("42")                                          // .id(42)
/// try RunSelector.parse("latest model=gpt-oss-20b label.branch=main")  // .latest(filter)
/// ```
public enum RunSelector: Sendable, Equatable {
    case id(Int64)
    case latest(RunFilter)

    /// Parses `ID` or `latest KEY=VALUE ...` where KEY is a ``RunFilter/Field`` name or `label.NAME`.
    public static func parse(_ text: String) throws -> RunSelector {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.count == 1, let id = Int64(words[0]) { return .id(id) }
        guard words.first == "latest" else {
            throw SelectorError("selector \"\(text)\" is neither a run id nor \"latest KEY=VALUE ...\"")
        }
        return .latest(try filter(words.dropFirst()))
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
            if key.hasPrefix("label."), key.count > "label.".count {
                filter.require(label: String(key.dropFirst("label.".count)), equals: value)
            } else if let field = RunFilter.Field(rawValue: key) {
                filter.require(field, equals: value)
            } else {
                let known = RunFilter.Field.allCases.map(\.rawValue).joined(separator: ", ")
                throw SelectorError("unknown key \"\(key)\" (known: \(known), label.NAME)")
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
    /// - Throws: ``SelectorError`` when nothing matches.
    public func run(selectedBy selector: RunSelector, detail: RunDetail = .summary) throws -> StoredRun {
        switch selector {
        case .id(let id):
            guard let run = try run(id: id, detail: detail) else { throw SelectorError("no run \(id) in \(path)") }
            return run
        case .latest(let filter):
            guard let newest = try runs(matching: filter, limit: 1).first,
                  let run = try run(id: newest.id, detail: detail)
            else { throw SelectorError("no run matches the selector in \(path)") }
            return run
        }
    }
}
