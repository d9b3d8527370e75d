import Foundation

/// The natural order of a key's values, in which settings and trend groups are listed (and the
/// first setting is the default reference): effort words by effort (`none` < `minimal` < `low` <
/// `medium` < `high`), numbers numerically, other text as ``VersionOrder`` reads versions
/// (`0.9.2` < `0.10.0rc1` < `0.10.0`), and runs that leave the key unset last.
///
/// ```swift
/// ValueOrder.sorted(["high", "low", "medium"])      // ["low", "medium", "high"]
/// ValueOrder.sorted(["1.0", "0.6", "0.95"])         // ["0.6", "0.95", "1.0"]
/// ValueOrder.sorted(["0.10.1", "0.9.2", nil])       // ["0.9.2", "0.10.1", nil]
/// ```
public enum ValueOrder {
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
            return VersionOrder.precedes(a, b)
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

    /// Whether the values have an order of their own: all effort words, all numbers, or all
    /// versions. Free text such as branch names has none.
    public static func isOrdered(_ values: [String]) -> Bool {
        let classes = Set(values.map(rankClass))
        return classes == [0] || classes == [1] || values.allSatisfy(VersionOrder.isVersion)
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
}
