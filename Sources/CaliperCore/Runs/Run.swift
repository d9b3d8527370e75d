/// Whether a run measured serving speed or answer quality.
public enum RunKind: String, Sendable, Codable, CaseIterable {
    case perf
    case eval
}

/// One benchmark result, normalized: the keys that say what was measured, and the measurements.
///
/// An importer turns one result folder into one `Run`; the store writes it in one transaction.
/// A perf run holds one ``PerfPoint`` per concurrency level; an eval run holds ``EvalScore``s and,
/// where the source kept them, per-sample ``EvalSample``s.
public struct Run: Sendable, Equatable, Codable {
    public var kind: RunKind
    public var model: ModelIdentity
    public var engine: EngineIdentity
    public var hardware: Hardware
    public var generationConfig: GenerationConfig
    public var workload: Workload
    /// Free key=value labels: branch, commit, CI build.
    public var labels: [String: String]
    public var source: SourceInfo
    /// When the tool ran: the UTC instant, and the offset of the clock it was read from.
    public var runAt: RunTime?
    /// SHA-256 over the result's files: the same result always hashes the same, so re-ingest is a no-op.
    public var contentHash: String
    /// Perf: one point per concurrency level (or request rate), in the order the tool ran them.
    public var points: [PerfPoint]
    /// Eval: scores per dataset, subset and metric.
    public var scores: [EvalScore]
    /// Eval: one row per sample and repeat.
    public var samples: [EvalSample]
    /// What the importer left out on purpose (an empty optional file), one line each, for ingest to
    /// print. Not stored.
    public var warnings: [String] = []

    public init(
        kind: RunKind, model: ModelIdentity, engine: EngineIdentity = EngineIdentity(),
        hardware: Hardware = Hardware(), generationConfig: GenerationConfig = GenerationConfig(),
        workload: Workload = Workload(), labels: [String: String] = [:], source: SourceInfo,
        runAt: RunTime? = nil, contentHash: String, points: [PerfPoint] = [],
        scores: [EvalScore] = [], samples: [EvalSample] = []
    ) {
        self.kind = kind
        self.model = model
        self.engine = engine
        self.hardware = hardware
        self.generationConfig = generationConfig
        self.workload = workload
        self.labels = labels
        self.source = source
        self.runAt = runAt
        self.contentHash = contentHash
        self.points = points
        self.scores = scores
        self.samples = samples
    }
}
