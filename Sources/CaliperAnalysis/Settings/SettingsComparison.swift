import CaliperCore

/// What each value of one key (`reasoning_effort` low / medium / high, a temperature, an engine
/// version) costs and buys on one dataset: its score with an interval, its difference from a
/// reference setting, output tokens, latency and TTFT per answer, output tokens per correct answer,
/// and which settings are dominated (another scores at least as high for no more tokens).
///
/// ```swift
/// var selection = try SettingsSelection.select(runs, field: .generation("reasoning_effort"), dataset: "aime25")
/// selection.load { id in try store.run(id: id, detail: .full)!.run }
/// let result = SettingsComparison.compare(selection)
/// result.settings.map(\.label)                 // ["low", "high"]
/// result.settings[1].versusReference           // +17.5 pp [+5.8, +29.2], paired over 30 questions
/// result.dominance                             // []: no setting is dominated
/// ```
public struct SettingsComparison: Sendable, Equatable {
    /// An informative key (engine version, dataset list) that differs between the settings' runs.
    public struct KeySpread: Sendable, Equatable {
        public var field: String
        /// One value per setting, in ``SettingsComparison/settings`` order.
        public var values: [String?]

        public init(field: String, values: [String?]) {
            self.field = field
            self.values = values
        }
    }

    public var field: SettingField
    public var model: String
    public var dataset: String
    /// The dataset's primary metric (`accuracy`).
    public var metric: String
    /// Confidence level of every interval.
    public var level: Double
    /// One per value, in natural order.
    public var settings: [SettingResult]
    public var referenceIndex: Int
    /// Older runs of a used value, and runs left out (another setup or metric), as selected.
    public var notUsed: [SettingsSelection.Skipped]
    public var excluded: [SettingsSelection.Skipped]
    public var informative: [KeySpread]
    /// Dominated settings, in settings order.
    public var dominance: [SettingDominance]
    /// Undominated settings with output tokens, fewest tokens first.
    public var frontier: [Int]
    /// The settings strongest first: higher score, then fewer output tokens, then the earlier value.
    public var ranking: [Int]
    /// Caveats worth a line in every report.
    public var notes: [String]

    public init(
        field: SettingField, model: String, dataset: String, metric: String, level: Double, settings: [SettingResult],
        referenceIndex: Int, notUsed: [SettingsSelection.Skipped] = [], excluded: [SettingsSelection.Skipped] = [],
        informative: [KeySpread] = [], dominance: [SettingDominance] = [], frontier: [Int], ranking: [Int],
        notes: [String] = []
    ) {
        self.field = field
        self.model = model
        self.dataset = dataset
        self.metric = metric
        self.level = level
        self.settings = settings
        self.referenceIndex = referenceIndex
        self.notUsed = notUsed
        self.excluded = excluded
        self.informative = informative
        self.dominance = dominance
        self.frontier = frontier
        self.ranking = ranking
        self.notes = notes
    }

    public var reference: SettingResult { settings[referenceIndex] }

    /// The highest-scoring setting.
    public var best: Int { ranking[0] }

    /// The figures of a selection whose runs carry their per-sample rows (``SettingsSelection/load(_:)``).
    public static func compare(_ selection: SettingsSelection, level: Double = 0.95) -> SettingsComparison {
        let key = ScoreKey(dataset: selection.dataset, subset: nil, metric: selection.metric)
        let inputs = selection.settings.map { Input(chosen: $0, key: key) }
        let reference = inputs[selection.referenceIndex]
        let referenceLabel = SettingField.label(reference.chosen.value)
        var notes: [String] = []

        var settings = inputs.indices.map { index in
            let input = inputs[index]
            let isReference = index == selection.referenceIndex
            let difference = isReference ? nil : Self.difference(from: reference, to: input, level: level)
            if let paired = difference?.paired, paired.baselineOnlyQuestions + paired.candidateOnlyQuestions > 0 {
                notes.append("\(input.label): \(paired.pairedQuestions) questions paired with \(referenceLabel); "
                    + "\(paired.baselineOnlyQuestions) only in \(referenceLabel) and \(paired.candidateOnlyQuestions) "
                    + "only in \(input.label) are left out")
            }
            let tokens = EvalCost.values(.outputTokens, of: input.samples)
            let scoredWithTokens = input.samples.filter { $0.outputTokens != nil }
            let mean = { (metric: Metric) in Descriptive.mean(EvalCost.values(metric, of: input.samples)) }
            return SettingResult(
                value: input.chosen.value, run: ComparedRun(id: input.chosen.id, run: input.chosen.run),
                isReference: isReference, score: input.score(level: level), samples: input.samples.count,
                versusReference: difference?.comparison, pairedQuestions: difference?.paired?.pairedQuestions,
                meanOutputTokens: Descriptive.mean(tokens),
                outputTokensVersusReference: isReference
                    ? nil : EvalCost.compare(.outputTokens, baseline: reference.samples, candidate: input.samples, level: level),
                meanLatency: mean(.latency), meanTTFT: mean(.ttft), answersWithTokens: tokens.count,
                correctAnswers: tokens.isEmpty ? nil : scoredWithTokens.reduce(0) { $0 + $1.score },
                totalOutputTokens: tokens.isEmpty ? nil : tokens.reduce(0, +))
        }

        // Pareto over the settings that recorded output tokens.
        let placed = settings.indices.filter { settings[$0].meanOutputTokens != nil }
        let points = placed.map { (score: settings[$0].score.value, cost: settings[$0].meanOutputTokens!) }
        let dominators = Pareto.dominators(of: points)
        for (position, index) in placed.enumerated() {
            settings[index].dominatedBy = dominators[position].map { placed[$0] }
        }
        let frontier = Pareto.frontier(of: points).map { placed[$0] }
        let dominance = placed.compactMap { index -> SettingDominance? in
            guard let rivals = settings[index].dominatedBy, !rivals.isEmpty else { return nil }
            let by = rivals.min { strongerFirst(settings[$0], $0, settings[$1], $1) }!
            let difference = Self.difference(from: inputs[index], to: inputs[by], level: level)
            let tokens = settings[index].meanOutputTokens!
            return SettingDominance(
                setting: index, by: by, alsoBy: rivals.filter { $0 != by }, scoreDifference: difference.comparison,
                paired: difference.paired != nil,
                tokenChange: tokens > 0 ? settings[by].meanOutputTokens! / tokens - 1 : nil)
        }
        let ranking = settings.indices.sorted { strongerFirst(settings[$0], $0, settings[$1], $1) }

        notes += Self.dataNotes(settings, inputs: inputs, referenceLabel: referenceLabel, dataset: selection.dataset)
        return SettingsComparison(
            field: selection.field, model: reference.chosen.run.model.name, dataset: selection.dataset,
            metric: selection.metric, level: level, settings: settings, referenceIndex: selection.referenceIndex,
            notUsed: selection.notUsed, excluded: selection.excluded,
            informative: Self.informative(selection), dominance: dominance, frontier: frontier, ranking: ranking,
            notes: notes)
    }

    /// One chosen run's rows for the compared score.
    struct Input {
        var chosen: SettingsSelection.Chosen
        var samples: [EvalSample]
        /// The run's own dataset-level figure.
        var aggregate: EvalScore?

        init(chosen: SettingsSelection.Chosen, key: ScoreKey) {
            self.chosen = chosen
            samples = Alignment.samples(of: chosen.run, for: key)
            aggregate = Alignment.primaryScores(of: chosen.run).first { $0.dataset == key.dataset && $0.metric == key.metric }
        }

        var label: String { SettingField.label(chosen.value) }
        var observations: [EvalObservation] { samples.map(EvalObservation.init) }

        /// Over questions from the samples; else the aggregate, Wilson over its sample count.
        func score(level: Double) -> ScoreEstimate {
            if !samples.isEmpty {
                return ScoreEstimate(
                    questionScores: Array(PairedEvalComparison.questionMeans(observations).values).sorted(), level: level)
            }
            guard let aggregate else { return ScoreEstimate(value: .nan, interval: nil, method: .none, questions: 0) }
            guard let count = aggregate.count, count > 0, (0...1).contains(aggregate.score) else {
                return ScoreEstimate(value: aggregate.score, interval: nil, method: .none, questions: aggregate.count ?? 0)
            }
            return ScoreEstimate(
                value: aggregate.score,
                interval: .wilson(successes: aggregate.score * Double(count), trials: count, level: level),
                method: .wilson, questions: count)
        }

        /// Correct answers and trials from the aggregate, for an unpaired difference.
        var aggregateCounts: (successes: Int, trials: Int)? {
            guard let aggregate, let count = aggregate.count, count > 0, (0...1).contains(aggregate.score) else { return nil }
            return (Int((aggregate.score * Double(count)).rounded()), count)
        }
    }

    /// `to`'s score minus `from`'s: paired by question when both have samples, else unpaired from
    /// the aggregates, else the two point values without an interval.
    static func difference(
        from base: Input, to other: Input, level: Double
    ) -> (comparison: Comparison, paired: PairedEvalComparison?) {
        if !base.samples.isEmpty, !other.samples.isEmpty,
           let paired = PairedEvalComparison.compare(baseline: base.observations, candidate: other.observations, level: level)
        {
            return (paired.comparison, paired)
        }
        guard let a = base.aggregateCounts, let b = other.aggregateCounts else {
            return (Comparison(
                statistic: .mean, baseline: base.score(level: level).value, candidate: other.score(level: level).value,
                baselineCount: 0, candidateCount: 0, limitation: "no shared questions and no sample counts"), nil)
        }
        return (ProportionComparison.compare(
            baselineSuccesses: a.successes, baselineTrials: a.trials, candidateSuccesses: b.successes,
            candidateTrials: b.trials, level: level), nil)
    }

    /// Higher score first; then fewer output tokens (none recorded counts as most); then earlier.
    static func strongerFirst(_ a: SettingResult, _ i: Int, _ b: SettingResult, _ j: Int) -> Bool {
        let scoreA = a.score.value.isFinite ? a.score.value : -.infinity
        let scoreB = b.score.value.isFinite ? b.score.value : -.infinity
        return (-scoreA, a.meanOutputTokens ?? .infinity, i) < (-scoreB, b.meanOutputTokens ?? .infinity, j)
    }

    /// Notes on settings measured with less than per-sample rows and tokens.
    static func dataNotes(
        _ settings: [SettingResult], inputs: [Input], referenceLabel: String, dataset: String
    ) -> [String] {
        var notes: [String] = []
        for (setting, input) in zip(settings, inputs) {
            let name = "\(setting.label) (run \(input.chosen.id))"
            if input.samples.isEmpty {
                let score = setting.score.method == .wilson
                    ? "its score is the run's aggregate with a Wilson interval over its \(setting.score.questions) samples, "
                        + "which counts repeats as independent answers (too narrow when there are repeats)"
                        + (setting.isReference ? "" : ", and its difference from \(referenceLabel) is unpaired (Newcombe)")
                    : "its score is the run's aggregate, without an interval (no sample count)"
                notes.append("\(name) kept no per-sample rows for \(dataset): \(score); it has no token or latency "
                    + "figures and is left out of the Pareto view")
            } else if setting.answersWithTokens == 0 {
                notes.append("\(name) recorded no output tokens per answer: it has no token figures and is left out of "
                    + "the Pareto view")
            } else if setting.answersWithTokens < input.samples.count {
                notes.append("\(name): \(setting.answersWithTokens) of \(input.samples.count) answers recorded output "
                    + "tokens; its token figures are over those")
            }
        }
        return notes
    }

    /// Informative keys that differ between the chosen runs, each with every setting's value.
    static func informative(_ selection: SettingsSelection) -> [KeySpread] {
        let reference = selection.reference.run
        let allowed = SettingsSelection.allowed(for: selection.field)
        var fields: [String] = []
        var values: [String: [Int: String?]] = [:]
        for (index, chosen) in selection.settings.enumerated() where index != selection.referenceIndex {
            for difference in Comparability.check(baseline: reference, candidate: chosen.run, allowing: allowed).varied
            where !selection.field.comparabilityFields.contains(difference.field) {
                if !fields.contains(difference.field) { fields.append(difference.field) }
                values[difference.field, default: [:]][index] = difference.candidate
                values[difference.field, default: [:]][selection.referenceIndex] = difference.baseline
            }
        }
        return fields.map { field in
            KeySpread(field: field, values: selection.settings.indices.map { index in
                // A setting the key did not differ for has the reference's value.
                values[field]![index] ?? values[field]![selection.referenceIndex] ?? nil
            })
        }
    }
}
