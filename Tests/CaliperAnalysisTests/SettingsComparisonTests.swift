import CaliperAnalysis
import CaliperCore
import Testing

struct SettingsComparisonTests {
    /// An eval run on aime25: question q, repeat r scores `score(q, r)`; every answer spends `tokens`.
    func run(
        effort: String? = "low", questions: Int = 30, repeats: Int = 2, tokens: Int? = 100,
        temperature: Double = 0.6, engineVersion: String = "0.10.1", maxTokens: Int = 4096, withSamples: Bool = true,
        score: (Int, Int) -> Double
    ) -> Run {
        var config: [String: JSONValue] = ["max_tokens": .int(Int64(maxTokens)), "temperature": .double(temperature)]
        if let effort { config["reasoning_effort"] = .string(effort) }
        let samples = (0..<questions).flatMap { q in
            (0..<repeats).map { r in
                EvalSample(
                    dataset: "aime25", subset: "default", sampleID: "\(q)_\(r)", questionID: "\(q)", repeatIndex: r,
                    metric: "accuracy", score: score(q, r), outputTokens: tokens, latency: 0.5, ttft: 0.1)
            }
        }
        let mean = samples.reduce(0) { $0 + $1.score } / Double(samples.count)
        return Run(
            kind: .eval, model: ModelIdentity(name: "gpt-oss-20b"), engine: EngineIdentity(name: "vllm", version: engineVersion),
            generationConfig: GenerationConfig(config),
            workload: Workload(endpoint: "/v1", dataset: "aime25", outputLength: maxTokens),
            source: SourceInfo(tool: "evalscope", version: "1.14.1", format: "eval-v2"), contentHash: "\(effort ?? "-")",
            scores: [EvalScore(dataset: "aime25", subset: nil, metric: "accuracy", sourceMetric: "mean_acc", score: mean,
                               count: samples.count, isPrimary: true)],
            samples: withSamples ? samples : [])
    }

    /// The first `correct` questions right on every repeat.
    func firstCorrect(_ correct: Int) -> (Int, Int) -> Double { { q, _ in q < correct ? 1 : 0 } }

    func candidates(_ runs: [(Int64, Run)]) -> [SettingsSelection.Candidate] {
        runs.map { SettingsSelection.Candidate(id: $0.0, run: $0.1) }
    }

    func compare(_ runs: [(Int64, Run)], field: String = "reasoning_effort", reference: String? = nil) throws -> SettingsComparison {
        SettingsComparison.compare(try SettingsSelection.select(
            candidates(runs), field: try SettingField(field), dataset: "aime25", reference: reference))
    }

    // MARK: Order

    @Test func valuesSortNaturally() {
        #expect(ValueOrder.sorted(["high", nil, "low", "medium", "minimal"]) == ["minimal", "low", "medium", "high", nil])
        #expect(ValueOrder.sorted(["1.0", "0.6", "0.95", "0"]) == ["0", "0.6", "0.95", "1.0"])
        #expect(ValueOrder.sorted(["16384", "4096", "512"]) == ["512", "4096", "16384"])
        #expect(ValueOrder.sorted(["0.10.1", "0.9.2", "0.10.1+gptoss", "0.10.0"]) == ["0.9.2", "0.10.0", "0.10.1", "0.10.1+gptoss"])
        #expect(ValueOrder.sorted(["fp8", "bf16", "awq"]) == ["awq", "bf16", "fp8"])
        #expect(ValueOrder.matches("0.60", "0.6"))
        #expect(ValueOrder.matches("HIGH", "high"))
        #expect(ValueOrder.matches("(unset)", nil) && ValueOrder.matches("unset", nil))
        #expect(!ValueOrder.matches("0.6", "0.65"))
    }

    @Test func fieldsParseAndReadTheirValue() throws {
        let low = run { _, _ in 1 }
        #expect(try SettingField("reasoning_effort").value(of: low) == "low")
        #expect(try SettingField("temperature").value(of: low) == "0.6")
        #expect(try SettingField("max_tokens").value(of: low) == "4096")
        #expect(try SettingField("engine_version").value(of: low) == "0.10.1")
        #expect(try SettingField("top_p").value(of: low) == nil)
        #expect(try SettingField("label.quant") == .label("quant"))
        #expect(throws: SettingsError.self) { try SettingField("model") }
        #expect(throws: SettingsError.self) { try SettingField("label.") }
        #expect(throws: SettingsError.self) { try SettingField("a=b") }
    }

    // MARK: Pareto

    /// Dominated: another at least as good on both axes and strictly better on one. Exact ties
    /// dominate nothing; a tie on one axis with a win on the other dominates.
    @Test func dominanceHandlesTies() {
        let points = [
            (score: 0.6, cost: 50.0),   // 0: cheapest
            (score: 0.6, cost: 50.0),   // 1: identical to 0: neither dominates the other
            (score: 0.6, cost: 80.0),   // 2: same score, more tokens: dominated by 0 and 1
            (score: 0.8, cost: 80.0),   // 3: same tokens as 2, higher score: dominates 2
            (score: 0.7, cost: 120.0),  // 4: more tokens than 3 for less: dominated by 3
            (score: 0.9, cost: 200.0),  // 5: the best score: on the frontier
        ]
        let dominators = Pareto.dominators(of: points)
        #expect(dominators == [[], [], [0, 1, 3], [], [3], []])
        #expect(Pareto.frontier(of: points) == [0, 1, 3, 5])
    }

    // MARK: Figures

    @Test func costPerCorrectIsTokensOverCorrectAnswers() throws {
        let result = try compare([
            (2, run(effort: "high", tokens: 300, score: firstCorrect(24))),
            (1, run(effort: "low", tokens: 100, score: firstCorrect(15))),
        ])
        let low = result.settings[0], high = result.settings[1]
        #expect(low.totalOutputTokens == 6_000 && low.correctAnswers == 30)
        #expect(low.tokensPerCorrect == 200)
        #expect(high.tokensPerCorrect == 18_000.0 / 48)
        #expect(abs(high.outputTokensVersusReference!.relativeDelta! - 2) < 1e-12)
        #expect(abs(low.meanLatency! - 0.5) < 1e-12 && abs(low.meanTTFT! - 0.1) < 1e-12)

        // Partial credit counts as its fraction; no correct answer costs infinitely much.
        let partial = try compare([
            (2, run(effort: "high", repeats: 1, tokens: 10) { q, _ in q < 4 ? 0.5 : 0 }),
            (1, run(effort: "low", repeats: 1, tokens: 10) { _, _ in 0 }),
        ])
        #expect(partial.settings[1].tokensPerCorrect == 300.0 / 2)
        #expect(partial.settings[0].tokensPerCorrect == .infinity)
    }

    /// The difference is this setting minus the reference, paired by question: higher scores give a
    /// positive interval, and the reference's own row has none.
    @Test func pairedDifferenceHasTheRightSign() throws {
        let runs: [(Int64, Run)] = [
            (2, run(effort: "high", tokens: 300, score: firstCorrect(24))),
            (1, run(effort: "low", tokens: 100, score: firstCorrect(15))),
        ]
        let fromLow = try compare(runs)
        let high = fromLow.settings[1]
        #expect(fromLow.settings.map(\.label) == ["low", "high"] && fromLow.reference.label == "low")
        #expect(fromLow.settings[0].versusReference == nil)
        #expect(abs(high.versusReference!.absoluteDelta - 0.3) < 1e-12)
        #expect(high.versusReference!.absoluteInterval!.lower > 0)
        #expect(high.versusReference!.intervalMethod == .pairedBootstrap)
        #expect(high.pairedQuestions == 30)
        #expect(high.score.method == .wilson && high.score.questions == 30 && high.score.value == 0.8)

        let fromHigh = try compare(runs, reference: "high")
        #expect(fromHigh.referenceIndex == 1)
        #expect(abs(fromHigh.settings[0].versusReference!.absoluteDelta + 0.3) < 1e-12)
        #expect(fromHigh.settings[0].versusReference!.absoluteInterval!.upper < 0)
        #expect(fromHigh.best == 1 && fromHigh.dominance.isEmpty && fromHigh.frontier == [0, 1])
    }

    /// medium spends more than high for a lower score: dominated by high, with the score gap's
    /// significance and the token saving.
    @Test func aSettingThatCostsMoreForLessIsDominated() throws {
        let result = try compare([
            (3, run(effort: "medium", tokens: 250, score: firstCorrect(20))),
            (2, run(effort: "high", tokens: 200, score: firstCorrect(21))),
            (1, run(effort: "low", tokens: 100, score: firstCorrect(10))),
        ])
        #expect(result.settings.map(\.label) == ["low", "medium", "high"])
        #expect(result.dominance.count == 1)
        let verdict = result.dominance[0]
        #expect(verdict.setting == 1 && verdict.by == 2 && verdict.alsoBy.isEmpty)
        #expect(abs(verdict.scoreDifference.absoluteDelta - 1.0 / 30) < 1e-12)
        #expect(verdict.isSignificant == false)
        #expect(verdict.paired)
        #expect(abs(verdict.tokenChange! - -0.2) < 1e-12)
        #expect(result.settings[1].dominatedBy == [2] && !result.settings[1].isOnFrontier)
        #expect(result.frontier == [0, 2])
        #expect(result.ranking == [2, 1, 0])
    }

    /// Without per-sample rows the score is the aggregate (Wilson over its count), the difference is
    /// unpaired, the setting has no tokens and stays off the Pareto view, and a note says so.
    @Test func aggregateOnlyRunsAreUnpairedAndUnplaced() throws {
        let result = try compare([
            (2, run(effort: "high", tokens: 300, withSamples: false, score: firstCorrect(24))),
            (1, run(effort: "low", tokens: 100, score: firstCorrect(15))),
        ])
        let high = result.settings[1]
        #expect(high.score.method == .wilson && high.score.questions == 60 && high.samples == 0)
        #expect(high.versusReference?.intervalMethod == .newcombe && high.pairedQuestions == nil)
        #expect(high.meanOutputTokens == nil && high.tokensPerCorrect == nil && high.dominatedBy == nil)
        #expect(result.frontier == [0])
        #expect(result.notes.contains { $0.hasPrefix("high (run 2) kept no per-sample rows for aime25") })
    }

    /// Neither rows nor a sample count: the difference is the two point values, without an interval.
    @Test func withoutRowsOrCountsTheDifferenceHasNoInterval() throws {
        var high = run(effort: "high", withSamples: false, score: firstCorrect(24))
        high.scores[0].count = nil
        let result = try compare([(2, high), (1, run(effort: "low", score: firstCorrect(15)))])
        let difference = try #require(result.settings[1].versusReference)
        #expect(abs(difference.absoluteDelta - 0.3) < 1e-12)
        #expect(difference.absoluteInterval == nil && difference.limitation == "no shared questions and no sample counts")
        #expect(result.settings[1].score.interval == nil && result.best == 1)
    }

    // MARK: Selection

    /// The newest run per value is used, older ones are listed, and a run that differs in another
    /// blocking key is excluded with that key named.
    @Test func nonComparableRunsAreExcludedWithTheKey() throws {
        let selection = try SettingsSelection.select(candidates([
            (5, run(effort: "high", temperature: 1.0, score: firstCorrect(20))),
            (4, run(effort: "high", score: firstCorrect(20))),
            (3, run(effort: "low", score: firstCorrect(15))),
            (2, run(effort: "low", score: firstCorrect(14))),
            (1, run(effort: "medium", score: firstCorrect(18))),
        ]), field: .generation("reasoning_effort"), dataset: "aime25")
        #expect(selection.settings.map(\.value) == ["low", "medium", "high"])
        #expect(selection.settings.map(\.id) == [3, 1, 4])
        #expect(selection.reference.id == 3)
        #expect(selection.notUsed == [SettingsSelection.Skipped(id: 2, value: "low", reason: .older(than: 3))])
        #expect(selection.excluded.map(\.id) == [5])
        guard case .notComparable(let with, let differences) = selection.excluded[0].reason else {
            Issue.record("run 5 should be excluded as not comparable")
            return
        }
        #expect(with == 3)
        #expect(differences.map(\.field) == ["temperature"])
    }

    /// Two setups with as many values each: the one holding the reference wins, else the one with
    /// the newest run.
    @Test func tiesBetweenSetupsGoToTheReferenceThenTheNewest() throws {
        let runs = candidates([
            (4, run(effort: "high", temperature: 1.0, score: firstCorrect(20))),
            (3, run(effort: "medium", temperature: 1.0, score: firstCorrect(18))),
            (2, run(effort: "high", score: firstCorrect(20))),
            (1, run(effort: "low", score: firstCorrect(15))),
        ])
        let field = SettingField.generation("reasoning_effort")
        let newest = try SettingsSelection.select(runs, field: field, dataset: "aime25")
        #expect(newest.settings.map(\.id) == [3, 4] && newest.excluded.map(\.id) == [1, 2])
        let withLow = try SettingsSelection.select(runs, field: field, dataset: "aime25", reference: "low")
        #expect(withLow.settings.map(\.id) == [1, 2] && withLow.excluded.map(\.id) == [3, 4])
    }

    /// Informative keys may differ (and are reported); varying max_tokens also varies the eval's
    /// output length, which must not block.
    @Test func informativeKeysAndOutputLengthDoNotBlock() throws {
        let versions = try compare([
            (2, run(effort: "high", engineVersion: "0.11.0", score: firstCorrect(20))),
            (1, run(effort: "low", score: firstCorrect(15))),
        ])
        #expect(versions.informative == [.init(field: "engine_version", values: ["0.10.1", "0.11.0"])])

        let lengths = try compare([
            (2, run(effort: "low", maxTokens: 16_384, score: firstCorrect(20))),
            (1, run(effort: "low", maxTokens: 4_096, score: firstCorrect(15))),
        ], field: "max_tokens")
        #expect(lengths.settings.map(\.value) == ["4096", "16384"])
        #expect(lengths.excluded.isEmpty && lengths.informative.isEmpty)
    }

    @Test func fewerThanTwoSettingsOrAnUnknownReferenceIsAnError() {
        let runs = candidates([
            (2, run(effort: "high", temperature: 1.0, score: firstCorrect(20))),
            (1, run(effort: "low", score: firstCorrect(15))),
        ])
        #expect(throws: SettingsError(
            "only one setting of reasoning_effort (high) in run 2: a comparison needs two; "
                + "not comparable with it: run 1 (low) differs in temperature")
        ) {
            try SettingsSelection.select(runs, field: .generation("reasoning_effort"), dataset: "aime25")
        }
        #expect(throws: SettingsError("none of the matching runs (runs 1, 2) sets top_k (their generation keys: "
            + "max_tokens, reasoning_effort, temperature)")
        ) {
            try SettingsSelection.select(runs, field: .generation("top_k"), dataset: "aime25")
        }
        let comparable = candidates([(2, run(effort: "high", score: firstCorrect(20))), (1, run(effort: "low", score: firstCorrect(15)))])
        #expect(throws: SettingsError("no run with reasoning_effort=medium to use as the reference (settings: low, high)")) {
            try SettingsSelection.select(comparable, field: .generation("reasoning_effort"), dataset: "aime25", reference: "medium")
        }
        #expect(throws: SettingsError.self) {
            try SettingsSelection.select(comparable, field: .generation("reasoning_effort"), dataset: "gsm8k")
        }
    }
}
