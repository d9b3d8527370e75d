/// A setting that another one beats on both axes: at least its score for no more output tokens.
///
/// The score gap may still be noise: ``isSignificant`` says whether its interval excludes zero.
///
/// ```swift
/// let verdict = comparison.dominance[0]
/// comparison.settings[verdict.setting].label   // "medium"
/// comparison.settings[verdict.by].label        // "high"
/// verdict.scoreDifference.absoluteDelta        // 0.031: high scores 3.1 pp more
/// verdict.isSignificant                        // false: the interval [−2.0, +8.2] pp holds 0
/// verdict.tokenChange                          // -0.12: at 12 % fewer output tokens
/// ```
public struct SettingDominance: Sendable, Equatable {
    /// The dominated setting (an index into ``SettingsComparison/settings``).
    public var setting: Int
    /// The setting named as dominating it: the highest-scoring of those that do.
    public var by: Int
    /// Other settings that dominate it too.
    public var alsoBy: [Int]
    /// `by`'s score minus the dominated setting's, paired by question when both have per-sample rows.
    public var scoreDifference: Comparison
    public var paired: Bool
    /// `by`'s mean output tokens relative to the dominated setting's (−0.12 for 12 % fewer); nil
    /// when the dominated setting spent none.
    public var tokenChange: Double?

    public init(
        setting: Int, by: Int, alsoBy: [Int], scoreDifference: Comparison, paired: Bool, tokenChange: Double?
    ) {
        self.setting = setting
        self.by = by
        self.alsoBy = alsoBy
        self.scoreDifference = scoreDifference
        self.paired = paired
        self.tokenChange = tokenChange
    }

    /// Whether the score gap's interval excludes zero; nil without an interval.
    public var isSignificant: Bool? {
        scoreDifference.absoluteInterval.map { !$0.contains(0) }
    }
}
