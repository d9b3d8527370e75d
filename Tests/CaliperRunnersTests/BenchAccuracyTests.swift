import CaliperCore
import CaliperMockServer
import CaliperRunners
import Foundation
import Testing

/// `caliper bench`'s measurement against the mock server's injected truth: TTFT 50 ms, then one
/// token every 5 ms, 32 tokens. Only what no load can change is asserted: counts, success, token
/// numbers, error texts, and causality (no request measured faster than the server sent it). How
/// close the figures come is a benchmark figure, with these tests' old bounds as its targets:
/// `caliper-benchmarks client` (Benchmarks/caliper-benchmarks/ClientOverheadBenchmark.swift).
@Suite(.serialized)
struct BenchAccuracyTests {
    static let ttft = 0.050
    static let delay = 0.005
    static let tokens = 32
    /// Double ↔ Duration rounding of the server's deadlines and offsets: far below any real latency.
    static let rounding = 1e-6

    func bench(_ server: MockServer, _ level: LoadLevel, stream: Bool = true) async throws -> PerfPoint {
        let client = try StreamingHTTPClient()
        let model = server.configuration.model
        let plan = BenchPlan(
            url: server.url(.completions).absoluteString, model: model, levels: [level],
            body: RequestBody(
                endpoint: .completions, model: model, maxTokens: Self.tokens, minTokens: Self.tokens, stream: stream,
                extraArguments: ["ignore_eos": .bool(true)]),
            prompts: try PromptSource.load(dataset: "random", minLength: 16, maxLength: 16))
        let points = await Bench.run(plan, client: client)
        client.shutdown()
        return try #require(points.first)
    }

    func behavior() -> MockBehavior {
        MockBehavior(ttft: Self.ttft, interTokenDelay: Self.delay, outputTokens: Self.tokens)
    }

    /// Each request's start precedes its arrival and each chunk's receipt follows its send, so with
    /// any pairing of client and server records the k-th fastest measurement is no faster than the
    /// k-th earliest send; and the server sends nothing before its deadline.
    func expectCausal(_ point: PerfPoint, _ server: MockServer) throws {
        let records = server.records
        let measuredTTFT = point.records.compactMap(\.ttft).sorted()
        let sentFirst = records.compactMap(\.firstTokenSentAfter).sorted()
        let measuredLatency = point.records.compactMap(\.latency).sorted()
        let sentLast = records.compactMap(\.lastTokenSentAfter).sorted()
        try #require(measuredTTFT.count == sentFirst.count && measuredLatency.count == sentLast.count)
        #expect(zip(measuredTTFT, sentFirst).allSatisfy { $0 >= $1 - Self.rounding })
        #expect(zip(measuredLatency, sentLast).allSatisfy { $0 >= $1 - Self.rounding })
        #expect(sentFirst.allSatisfy { $0 >= Self.ttft - Self.rounding })
        #expect(sentLast.allSatisfy { $0 >= Self.ttft + Double(Self.tokens - 1) * Self.delay - Self.rounding })
    }

    @Test func oneInFlightIsMeasuredNoFasterThanTheServerSent() async throws {
        let server = try await MockServer.start(behavior: behavior())
        let point = try await bench(server, LoadLevel(parallel: 1, requests: 20))
        await server.stop()
        #expect(point.metrics[.successRate, .value] == 1)
        #expect(point.records.count == 20)
        #expect(point.records.allSatisfy { $0.outputTokens == Self.tokens && $0.inputTokens == 16 })
        #expect(point.records.allSatisfy { $0.tpot != nil && $0.itlMean != nil })
        try expectCausal(point, server)
    }

    @Test func sixtyFourInFlightAreMeasuredNoFasterThanTheServerSent() async throws {
        let server = try await MockServer.start(behavior: behavior())
        let point = try await bench(server, LoadLevel(parallel: 64, requests: 128))
        await server.stop()
        #expect(point.metrics[.successRate, .value] == 1)
        #expect(point.records.count == 128)
        #expect(server.records.count == 128)
        #expect(point.records.allSatisfy { $0.outputTokens == Self.tokens })
        try expectCausal(point, server)
    }

    @Test func failuresAreCountedAndKeepTheirText() async throws {
        var faulty = behavior()
        faulty.failEvery = 4
        faulty.closeEvery = 5
        faulty.malformedEvery = 7
        let server = try await MockServer.start(behavior: faulty)
        let point = try await bench(server, LoadLevel(parallel: 2, requests: 24))
        let injected = server.records.filter { $0.fault != nil }.count
        await server.stop()
        let failed = point.records.filter { !$0.success }
        #expect(failed.count == injected)
        #expect(point.metrics[.failedRequests, .value] == Double(injected))
        let errors = failed.compactMap(\.error)
        #expect(errors.count == failed.count)
        #expect(errors.contains { $0.hasPrefix("HTTP 500") })
        #expect(errors.contains { $0.contains("malformed") })
        #expect(errors.contains { $0.contains("transfer closed") || $0.contains("ended") || $0.contains("18") })
        print("bench faults: \(failed.count) of 24 failed: \(Set(errors.map { String($0.prefix(60)) }).sorted())")
    }

    @Test func nonStreamingTTFTIsTheWholeLatency() async throws {
        let server = try await MockServer.start(behavior: behavior())
        let point = try await bench(server, LoadLevel(parallel: 1, requests: 5), stream: false)
        await server.stop()
        let record = try #require(point.records.first)
        #expect(record.success && record.isStream == false)
        #expect(record.ttft == record.latency)
        let latency = try #require(record.latency)
        #expect(latency >= Self.ttft + Double(Self.tokens - 1) * Self.delay - Self.rounding)
    }
}
