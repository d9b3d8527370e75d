import CaliperAnalysis
import Testing

struct PairedEvalTests {
    /// One run of `questions` questions × `repeats`, question q answered right with probability p[q].
    private func run(_ p: [Double], repeats: Int, _ generator: inout SeededGenerator) -> [EvalObservation] {
        p.indices.flatMap { q in
            (0..<repeats).map { r in
                EvalObservation(questionID: "q\(q)", repeatIndex: r, score: generator.bernoulli(p[q]))
            }
        }
    }

    /// AIME-like difficulty: a third never solved, a fifth always, the rest in between.
    private func difficulties(_ n: Int, _ generator: inout SeededGenerator) -> [Double] {
        (0..<n).map { _ in
            let u = generator.unit()
            return u < 0.33 ? 0.02 : u < 0.53 ? 0.98 : 0.1 + 0.8 * generator.unit()
        }
    }

    /// Hand example: 6 questions flipped right → wrong and none back: exact McNemar p = 2/64.
    @Test func exactMcNemarOnBinaryScores() {
        let base = (0..<30).map { EvalObservation(questionID: "q\($0)", score: $0 < 20 ? 1 : 0) }
        let cand = (0..<30).map { EvalObservation(questionID: "q\($0)", score: $0 < 14 ? 1 : 0) }
            + [EvalObservation(questionID: "extra", score: 1)]
        let r = PairedEvalComparison.compare(baseline: base, candidate: cand)!
        #expect(r.comparison.testMethod == .exactMcNemar)
        #expect(abs(r.comparison.pValue! - 0.03125) < 1e-15)
        #expect(r.worseQuestions == 6 && r.betterQuestions == 0)
        #expect(r.pairedQuestions == 30 && r.candidateOnlyQuestions == 1 && r.baselineOnlyQuestions == 0)
        #expect(abs(r.comparison.absoluteDelta - -0.2) < 1e-12)
        #expect(r.baselineScore.method == .wilson && abs(r.baselineScore.value - 20.0 / 30) < 1e-12)
        #expect(r.comparison.absoluteInterval!.upper < 0)
    }

    /// Repeats are averaged per question, so fractional scores use the paired t test and t intervals.
    @Test func repeatsAreAveragedPerQuestion() {
        let base = [EvalObservation(questionID: "a", repeatIndex: 0, score: 1),
                    EvalObservation(questionID: "a", repeatIndex: 1, score: 0),
                    EvalObservation(questionID: "b", repeatIndex: 0, score: 1),
                    EvalObservation(questionID: "b", repeatIndex: 1, score: 1),
                    EvalObservation(questionID: "c", repeatIndex: 0, score: 0)]
        let cand = [EvalObservation(questionID: "a", score: 1), EvalObservation(questionID: "b", score: 0),
                    EvalObservation(questionID: "c", score: 0)]
        let r = PairedEvalComparison.compare(baseline: base, candidate: cand)!
        #expect(r.comparison.testMethod == .pairedT && r.baselineScore.method == .tInterval)
        #expect(abs(r.comparison.baseline - 0.5) < 1e-12 && abs(r.comparison.candidate - 1.0 / 3) < 1e-12)
        #expect(PairedEvalComparison.compare(baseline: base, candidate: []) == nil)
    }

    /// A/A on 30 questions × 4 repeats (paired t) and 30 × 1 (exact McNemar, conservative by
    /// discreteness), 1,000 pairs each.
    @Test func falseAlarmRates() {
        var generator = SeededGenerator(seed: 301)
        var averaged = RateCounter(), single = RateCounter()
        for trial in 0..<1_000 {
            let p = difficulties(30, &generator)
            let r4 = PairedEvalComparison.compare(
                baseline: run(p, repeats: 4, &generator), candidate: run(p, repeats: 4, &generator),
                resamples: 200, seed: UInt64(trial))!
            averaged.record((r4.comparison.pValue ?? 1) <= 0.05)
            let r1 = PairedEvalComparison.compare(
                baseline: run(p, repeats: 1, &generator), candidate: run(p, repeats: 1, &generator),
                resamples: 200, seed: UInt64(trial))!
            #expect(r1.comparison.testMethod == .exactMcNemar)
            single.record(r1.comparison.pValue! <= 0.05)
        }
        print("A/A eval 30q x4 (paired t) false-alarm rate: \(averaged.rate); 30q x1 (McNemar): \(single.rate)")
        #expect(averaged.isNear(0.05))
        #expect(single.rate <= 0.08 && single.rate >= 0.005)
    }

    /// A/B: a 20-point drop on 60 questions × 4 repeats (p ~ U(0.3, 0.9) → p − 0.2): detected in
    /// ≥ 80 % of 400 trials; the paired-bootstrap interval covers −0.2 at about the nominal rate.
    @Test func twentyPointDropDetectedAndCovered() {
        var generator = SeededGenerator(seed: 302)
        var detected = RateCounter(), covered = RateCounter()
        for trial in 0..<400 {
            let p = (0..<60).map { _ in 0.3 + 0.6 * generator.unit() }
            let r = PairedEvalComparison.compare(
                baseline: run(p, repeats: 4, &generator), candidate: run(p.map { $0 - 0.2 }, repeats: 4, &generator),
                resamples: 1_000, seed: UInt64(trial))!
            detected.record(r.comparison.pValue! <= 0.05 && r.comparison.absoluteDelta < 0)
            covered.record(r.comparison.absoluteInterval!.contains(-0.2))
        }
        print("A/B eval -20pp 60q x4: power \(detected.rate), coverage \(covered.rate)")
        #expect(detected.rate >= 0.8)
        #expect(covered.isNear(0.95))
    }

    /// A/B with single 0/1 answers: 70 % right, the candidate loses 30 % of those and gains back
    /// 1 in 30 of the rest (−20 pp net); exact McNemar detects it in ≥ 80 % of 400 trials.
    @Test func twentyPointDropDetectedByMcNemar() {
        var generator = SeededGenerator(seed: 303)
        var detected = RateCounter()
        for trial in 0..<400 {
            var base = [EvalObservation](), cand = [EvalObservation]()
            for q in 0..<60 {
                let right = generator.bernoulli(0.7)
                let flip = generator.bernoulli(right == 1 ? 0.3 : 1.0 / 30)
                base.append(EvalObservation(questionID: "q\(q)", score: right))
                cand.append(EvalObservation(questionID: "q\(q)", score: flip == 1 ? 1 - right : right))
            }
            let r = PairedEvalComparison.compare(baseline: base, candidate: cand, resamples: 200, seed: UInt64(trial))!
            detected.record(r.comparison.pValue! <= 0.05 && r.comparison.absoluteDelta < 0)
        }
        print("A/B eval -20pp 60q x1 (McNemar): power \(detected.rate)")
        #expect(detected.rate >= 0.8)
    }
}
