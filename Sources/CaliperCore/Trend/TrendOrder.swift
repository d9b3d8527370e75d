/// The order of a trend's runs. The raw value is the name users write (`--order ingest`).
public enum TrendOrder: String, Sendable, CaseIterable {
    /// By when the run ran (`run_at`), falling back to when it was ingested; ties in ingest order.
    case runTime = "run-time"
    /// In the order the runs were ingested.
    case ingest
}
