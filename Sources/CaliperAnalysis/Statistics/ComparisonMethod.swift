/// How an interval or a p-value was computed, named in every report line so readers can judge it.
public enum ComparisonMethod: String, Sendable, Equatable, Codable, CaseIterable {
    /// Welch's unequal-variance t interval and test for a difference of means.
    case welch
    /// Normal interval for a quantile, or a difference of quantiles, each side's standard error read
    /// from the spacing of the order statistics around it (distribution-free sparsity estimate).
    case orderStatistic = "order_statistic"
    /// Percentile bootstrap over requests, seeded; the p-value inverts the interval.
    case bootstrapPercentile = "bootstrap_percentile"
    /// Delta-method interval of a ratio estimator (throughput = Σ tokens / Σ latency × concurrency).
    case ratioDeltaMethod = "ratio_delta_method"
    /// Bootstrap over questions, resampling the pairs (expanded percentile interval).
    case pairedBootstrap = "paired_bootstrap"
    /// Exact McNemar: a binomial test on the discordant questions of two 0/1-scored runs.
    case exactMcNemar = "exact_mcnemar"
    /// Paired t test on per-question mean differences (fractional scores, e.g. averaged repeats).
    case pairedT = "paired_t"
    /// Newcombe's hybrid score interval for a difference of two proportions (from the two Wilson
    /// intervals); the test is the pooled two-proportion z test.
    case newcombe
    /// Wilson score interval of a proportion.
    case wilson
    /// t interval of one sample's mean: over questions (an eval score), requests (a run's mean
    /// latency) or runs (a trend's group).
    case tInterval = "t_interval"
    /// Mann–Whitney U, normal approximation with tie and continuity correction.
    case mannWhitney = "mann_whitney"
    /// Bencher's t-test against a history of runs: the candidate's value against the prediction
    /// interval for one new run, m ± t₍n−1₎ · s · √(1 + 1/n) (``PredictionIntervalComparison``).
    case predictionInterval = "prediction_interval"
    /// No interval or test: the point values alone.
    case none
}
