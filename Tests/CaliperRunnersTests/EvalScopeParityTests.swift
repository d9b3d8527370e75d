import CaliperCore
import CaliperRunners
import Foundation
import Testing

/// The proof that Caliper measures and aggregates as `evalscope perf` 1.14.1 does: the
/// per-request rows EvalScope wrote to `benchmark_data.db`, run through
/// ``PerfPointAggregator`` (and, replayed as HTTP responses, through ``RequestMeasurement``),
/// give every figure of EvalScope's own `benchmark_summary.json` and `benchmark_percentile.json`,
/// rounded as EvalScope rounds (4 dp, 2 dp for the summary's millisecond averages).
///
/// Three columns of the percentile file are not Caliper metrics (`Output (tok/s)`,
/// `Total (tok/s)`, `Decode (tok/s)`: per-request rates the importer does not keep either); they
/// are recomputed here from the point's records with ``NearestRank`` to check the sample
/// definitions. `Input Throughput (tok/s)` is an embedding/rerank figure that EvalScope writes
/// as 0.0 for every LLM run; Caliper has no such metric, and the test checks it is 0.0.
@Suite("EvalScope 1.14.1 parity")
struct EvalScopeParityTests {
    typealias Fixture = EvalScopePerfFixture

    /// The summary's figures Caliper computes: key → (metric, statistic, decimals, factor to EvalScope's unit).
    static let summaryFigures: [String: (Metric, Statistic, Int, Double)] = [
        "Req Throughput (req/s)": (.requestThroughput, .value, 4, 1),
        "Output Throughput (tok/s)": (.outputThroughput, .value, 4, 1),
        "Total Throughput (tok/s)": (.totalThroughput, .value, 4, 1),
        "Avg Latency (s)": (.latency, .mean, 4, 1),
        "Avg Input Tokens": (.inputTokens, .mean, 4, 1),
        "Avg Output Tokens": (.outputTokens, .mean, 4, 1),
        "Avg TTFT (ms)": (.ttft, .mean, 2, 1_000),
        "Avg TPOT (ms)": (.tpot, .mean, 2, 1_000),
        "Avg ITL (ms)": (.itl, .mean, 2, 1_000),
    ]

    /// The percentile columns that are Caliper metrics: column → (metric, factor to EvalScope's unit).
    static let percentileColumns: [String: (Metric, Double)] = [
        "Latency (s)": (.latency, 1),
        "TTFT (ms)": (.ttft, 1_000),
        "ITL (ms)": (.itl, 1_000),
        "TPOT (ms)": (.tpot, 1_000),
        "Input tokens": (.inputTokens, 1),
        "Output tokens": (.outputTokens, 1),
    ]

    // MARK: Requests

    /// The measured requests, straight from the rows.
    static func measured(_ fixture: Fixture) -> [MeasuredRequest] {
        fixture.rows.map { row in
            MeasuredRequest(
                record: RequestRecord(
                    sequence: 0, success: row.success, latency: row.latency, ttft: row.ttft, tpot: row.tpot,
                    itlMean: row.gaps.isEmpty ? nil : row.gaps.reduce(0, +) / Double(row.gaps.count),
                    itlCount: row.gaps.count, inputTokens: row.promptTokens, outputTokens: row.completionTokens,
                    isStream: row.isStream),
                gaps: row.gaps, startTime: row.startTime, endTime: row.completedTime)
        }
    }

    /// The rows replayed as the responses EvalScope received, through ``RequestMeasurement``.
    ///
    /// Chunk times are rebuilt as start + TTFT + running sum of the gaps. Successful streams end
    /// with the usage-only chunk at `completed_time`, then `[DONE]` and the close later (both
    /// must be left out of the latency); chat streams open with a role-only chunk (not output)
    /// and a `reasoning_content` first token. Failed rows without gaps replay as HTTP 500 (the
    /// mock's `--fail-every`), failed rows with gaps as an in-band error event at
    /// `completed_time` (its `--midstream-fail-every`).
    static func replayed(_ fixture: Fixture) -> [MeasuredRequest] {
        let requestedStream = fixture.args["stream"]?.boolValue ?? true
        return fixture.rows.map { row in
            var measurement = RequestMeasurement(startTime: row.startTime, stream: requestedStream)
            func send(_ payload: String, at time: Double) {
                measurement.receive(Array("data: \(payload)\n\n".utf8), at: time)
            }
            func output(_ index: Int) -> String {
                guard fixture.isChat else { return #"{"object":"text_completion","choices":[{"index":0,"text":"t\#(index)"}]}"# }
                let field = index == 0 ? "reasoning_content" : "content"
                return #"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"\#(field)":"t\#(index)"}}]}"#
            }

            if !row.success && row.gaps.isEmpty && requestedStream {
                measurement.receiveHead(status: 500, contentType: "application/json")
                measurement.receive(Array(#"{"object":"error","message":"Injected failure","code":500}"#.utf8), at: row.completedTime)
                return measurement.finish(at: row.completedTime)
            }
            guard row.isStream else {
                measurement.receiveHead(status: 200, contentType: "application/json")
                let body = #"{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"x"}}],"usage":{"prompt_tokens":\#(row.promptTokens ?? 0),"completion_tokens":\#(row.completionTokens ?? 0)}}"#
                measurement.receive(Array(body.utf8), at: row.completedTime)
                return measurement.finish(at: row.completedTime)
            }

            measurement.receiveHead(status: 200, contentType: "text/event-stream")
            let firstOffset = row.ttft ?? max((row.completedTime - row.startTime - row.gaps.reduce(0, +)) / 2, 0)
            if fixture.isChat {
                send(#"{"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}"#,
                     at: row.startTime + firstOffset / 2)
            }
            var time = row.startTime + firstOffset
            send(output(0), at: time)
            for (index, gap) in row.gaps.enumerated() {
                time += gap
                send(output(index + 1), at: time)
            }
            if row.success {
                send(#"{"choices":[],"usage":{"prompt_tokens":\#(row.promptTokens!),"completion_tokens":\#(row.completionTokens!)}}"#,
                     at: row.completedTime)
            } else {
                send(#"{"error":{"object":"error","message":"Injected mid-stream failure","code":500}}"#, at: row.completedTime)
            }
            measurement.receive(Array("data: [DONE]\n\n".utf8), at: row.completedTime + 0.001)
            return measurement.finish(at: row.completedTime + 0.002)
        }
    }

    // MARK: Figures

    /// Checks every figure of the fixture's summary and percentile files against `point`; returns
    /// how many were compared. A key or column this test does not know fails the test.
    @discardableResult
    static func check(_ point: PerfPoint, against fixture: Fixture, sourceLocation: SourceLocation = #_sourceLocation) -> Int {
        var figures = 0
        func compare(_ what: String, _ ours: Double?, _ theirs: JSONValue?, digits: Int, factor: Double = 1) {
            figures += 1
            guard let theirs, !theirs.isNull else {
                Issue.record("\(fixture.name): \(what) missing from EvalScope's file", sourceLocation: sourceLocation)
                return
            }
            // JSONValue reads a bare NaN as a double without a finite value.
            let expected = theirs.doubleValue ?? .nan
            if expected.isNaN {
                #expect(ours == nil, "\(fixture.name): \(what): EvalScope has NaN (no sample), Caliper \(ours ?? .nan)", sourceLocation: sourceLocation)
                return
            }
            guard let ours else {
                Issue.record("\(fixture.name): \(what): EvalScope \(expected), Caliper has none", sourceLocation: sourceLocation)
                return
            }
            let rounded = pythonRound(ours * factor, digits)
            #expect(rounded == expected, "\(fixture.name): \(what): EvalScope \(expected), Caliper \(ours * factor) → \(rounded)", sourceLocation: sourceLocation)
        }
        func compareCount(_ key: String, _ ours: Int?) {
            figures += 1
            #expect(ours != nil && fixture.summary[key]?.intValue == ours, "\(fixture.name): \(key): EvalScope \(fixture.summary[key]?.canonicalJSON ?? "absent"), Caliper \(ours.map(String.init) ?? "none")", sourceLocation: sourceLocation)
        }

        // Summary.
        let metrics = point.metrics
        let requests = metrics[.requests, .value].map { Int($0) }
        let failed = metrics[.failedRequests, .value].map { Int($0) }
        let streams = point.records.filter { $0.isStream == true }.count
        let known = Set(summaryFigures.keys).union([
            "Test Duration (s)", "Concurrency", "Request Rate (req/s)", "Total Requests", "Success Requests",
            "Failed Requests", "Stream Requests", "Non-Stream Requests", "Input Throughput (tok/s)",
        ])
        #expect(Set(fixture.summary.keys).subtracting(known).isEmpty, "\(fixture.name): unknown summary keys", sourceLocation: sourceLocation)
        compare("Test Duration (s)", point.durationSeconds, fixture.summary["Test Duration (s)"], digits: 4)
        compareCount("Concurrency", point.concurrency ?? -1)
        figures += 1
        #expect(fixture.summary["Request Rate (req/s)"]?.doubleValue == point.requestRate ?? -1, sourceLocation: sourceLocation)
        compareCount("Total Requests", requests)
        compareCount("Success Requests", requests.flatMap { total in failed.map { total - $0 } })
        compareCount("Failed Requests", failed)
        compareCount("Stream Requests", streams)
        compareCount("Non-Stream Requests", point.records.count - streams)
        for (key, (metric, statistic, digits, factor)) in summaryFigures {
            compare(key, metrics[metric, statistic], fixture.summary[key], digits: digits, factor: factor)
        }
        // Embedding/rerank only; EvalScope writes its pydantic default for LLM APIs.
        figures += 1
        #expect(fixture.summary["Input Throughput (tok/s)"]?.doubleValue == 0, sourceLocation: sourceLocation)
        if let total = requests, let failed, total > 0 {
            #expect(metrics[.successRate, .value] == Double(total - failed) / Double(total), sourceLocation: sourceLocation)
        }

        // Percentiles.
        guard let rows = fixture.percentiles else {
            #expect(metrics.entries.allSatisfy { $0.statistic.percentileRank == nil }, sourceLocation: sourceLocation)
            return figures
        }
        let extra = derivedPercentiles(point.records)
        #expect(rows.compactMap { $0["Percentiles"]?.stringValue } == ["min", "1%", "5%", "10%", "25%", "50%", "75%", "90%", "95%", "99%", "max"],
                sourceLocation: sourceLocation)
        for row in rows {
            guard let label = row["Percentiles"]?.stringValue, let statistic = Statistic(percentileLabel: label) else {
                Issue.record("\(fixture.name): bad percentile row \(row)", sourceLocation: sourceLocation)
                continue
            }
            for (column, value) in row where column != "Percentiles" {
                if let (metric, factor) = percentileColumns[column] {
                    compare("\(column) \(label)", metrics[metric, statistic], value, digits: 4, factor: factor)
                } else if let sample = extra[column] {
                    compare("\(column) \(label)", sample[statistic], value, digits: 4)
                } else {
                    Issue.record("\(fixture.name): unknown percentile column \(column)", sourceLocation: sourceLocation)
                }
            }
        }

        // The same (metric, statistic) keys as the importer reads from these files, no more, no less.
        var expectedKeys: Set<String> = ["requests.value", "failed_requests.value", "success_rate.value"]
        for (key, (metric, statistic, _, _)) in summaryFigures where fixture.summary[key]?.doubleValue != nil {
            expectedKeys.insert("\(metric.rawValue).\(statistic.rawValue)")
        }
        for row in rows {
            for (column, (metric, _)) in percentileColumns where row[column]?.doubleValue != nil {
                expectedKeys.insert("\(metric.rawValue).\(Statistic(percentileLabel: row["Percentiles"]!.stringValue!)!.rawValue)")
            }
        }
        let ourKeys = Set(metrics.entries.map { "\($0.metric.rawValue).\($0.statistic.rawValue)" })
        #expect(ourKeys == expectedKeys, "\(fixture.name): keys only Caliper has: \(ourKeys.subtracting(expectedKeys).sorted()); only the importer: \(expectedKeys.subtracting(ourKeys).sorted())",
                sourceLocation: sourceLocation)
        return figures
    }

    /// EvalScope's per-request rate columns from the records: `Output (tok/s)` = completion /
    /// latency and `Total (tok/s)` = (prompt + completion) / latency over successful requests,
    /// `Decode (tok/s)` = 1 / TPOT over stream requests (all when none streamed), NaN when TPOT is 0.
    static func derivedPercentiles(_ records: [RequestRecord]) -> [String: [Statistic: Double]] {
        let successful = records.filter(\.success)
        let streamed = successful.filter { $0.isStream == true }
        let decodeRows = streamed.isEmpty ? successful : streamed
        func rate(_ tokens: Int, _ seconds: Double) -> Double { seconds > 0 ? Double(tokens) / seconds : .nan }
        return [
            "Output (tok/s)": NearestRank.percentiles(of: successful.map { rate($0.outputTokens!, $0.latency!) }),
            "Total (tok/s)": NearestRank.percentiles(of: successful.map { rate($0.inputTokens! + $0.outputTokens!, $0.latency!) }),
            "Decode (tok/s)": NearestRank.percentiles(of: decodeRows.map { ($0.tpot ?? 0) > 0 ? 1 / $0.tpot! : .nan }),
        ]
    }

    // MARK: Tests

    @Test("the fixtures cover stream, non-stream and failures")
    func coverage() {
        let names = Fixture.all.map(\.name)
        #expect(names.filter { $0.hasPrefix("perf-sweep-completions-p1-4-8/") }.count == 3)
        #expect(names.filter { $0.hasPrefix("perf-single-chat-nostream-p2/") }.count == 1)
        #expect(names.filter { $0.hasPrefix("perf-sweep-failures-p2-4/") }.count == 2)
        #expect(names.count == 9)
        #expect(Fixture.all.contains { $0.rows.contains { !$0.success && !$0.gaps.isEmpty } }, "a failed row with gaps")
        #expect(Fixture.all.contains { $0.rows.allSatisfy { !$0.isStream } }, "a non-stream point")
        #expect(Fixture.all.contains { $0.percentiles?.contains { $0["ITL (ms)"]?.doubleValue == nil } == true }, "NaN ITL rows")
    }

    @Test("aggregating EvalScope's rows gives EvalScope's summary and percentiles", arguments: Fixture.all)
    func aggregateRows(_ fixture: Fixture) {
        let point = PerfPointAggregator.aggregate(Self.measured(fixture), concurrency: fixture.concurrency, requestRate: fixture.requestRate)
        let figures = Self.check(point, against: fixture)
        // 18 summary keys + 11 rows × 9 columns (the row labels are checked as a whole).
        #expect(figures == 18 + 11 * 9)

        #expect(point.requests == fixture.rows.count)
        let firstStart = fixture.rows.map(\.startTime).min()!
        for (index, (record, row)) in zip(point.records, fixture.rows).enumerated() {
            #expect(record.sequence == index)
            #expect(record.startOffset == row.startTime - firstStart)
        }
    }

    @Test("replaying EvalScope's rows as responses measures the same requests and figures", arguments: Fixture.all)
    func replayRows(_ fixture: Fixture) {
        let direct = Self.measured(fixture)
        let replayed = Self.replayed(fixture)
        // Rebuilt chunk times are sums of rounded gaps, so TTFT, TPOT and gaps agree to rounding.
        func close(_ a: Double?, _ b: Double?) -> Bool {
            switch (a, b) {
            case (nil, nil): true
            case let (a?, b?): abs(a - b) < 1e-9
            default: false
            }
        }
        for (index, (ours, theirs)) in zip(replayed, direct).enumerated() {
            let place = "\(fixture.name) row \(index + 1)"
            #expect(ours.record.success == theirs.record.success, "\(place)")
            #expect(ours.record.isStream == theirs.record.isStream, "\(place)")
            // Latency is last JSON event − start in both: the same subtraction, exactly.
            #expect(ours.record.latency == theirs.record.latency, "\(place)")
            #expect(ours.endTime == theirs.endTime, "\(place)")
            #expect(ours.startTime == theirs.startTime, "\(place)")
            #expect(close(ours.record.ttft, theirs.record.ttft), "\(place): TTFT \(ours.record.ttft ?? .nan) vs \(theirs.record.ttft ?? .nan)")
            #expect(close(ours.record.tpot, theirs.record.tpot), "\(place): TPOT")
            #expect(ours.record.inputTokens == theirs.record.inputTokens, "\(place)")
            #expect(ours.record.outputTokens == theirs.record.outputTokens, "\(place)")
            #expect(ours.gaps.count == theirs.gaps.count, "\(place)")
            #expect(zip(ours.gaps, theirs.gaps).allSatisfy { close($0, $1) }, "\(place): gaps")
            // Caliper keeps the failure's text; EvalScope's row has none.
            if !theirs.record.success {
                let error = ours.record.error ?? ""
                #expect(error.hasPrefix("HTTP 500: ") || error.hasPrefix("in-band error: "), "\(place): \(error)")
            }
        }
        let point = PerfPointAggregator.aggregate(replayed, concurrency: fixture.concurrency, requestRate: fixture.requestRate)
        Self.check(point, against: fixture)
    }
}
