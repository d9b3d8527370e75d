import Synchronization

/// The server's shared, mutable side: the behavior in force, the arrival counters that decide the
/// faults, and one record per generation request. One lock keeps numbering and admission atomic, so
/// "every n-th" stays exact under any concurrency.
///
/// ```swift
/// let state = MockServerState(behavior: MockBehavior(), configuration: MockServerConfiguration())
/// let admission = state.admit(plan, arrival: .now)   // number 1, its fault and its delays
/// state.finish(admission.number) { $0.tokensSent = 64 }
/// ```
final class MockServerState: Sendable {
    let configuration: MockServerConfiguration
    private let storage: Mutex<Storage>

    private struct Storage {
        var behavior: MockBehavior
        var records: [MockRequestRecord] = []
        var statistics = MockServerStatistics()
    }

    /// What a request learns on admission.
    struct Admission: Sendable {
        var number: Int
        var fault: MockFault?
        var ttft: Double
        var interTokenDelay: Double
        /// Stream faults strike after this many output chunks.
        var faultAfterTokens: Int
    }

    init(behavior: MockBehavior, configuration: MockServerConfiguration) {
        self.configuration = configuration
        storage = Mutex(Storage(behavior: behavior))
    }

    var behavior: MockBehavior {
        get { storage.withLock { $0.behavior } }
        set { storage.withLock { $0.behavior = newValue } }
    }

    var records: [MockRequestRecord] { storage.withLock { $0.records } }
    var statistics: MockServerStatistics { storage.withLock { $0.statistics } }

    /// Numbers a valid generation request, decides its fault and delays, and counts it in flight.
    func admit(_ plan: GenerationPlan, arrival: ContinuousClock.Instant) -> Admission {
        storage.withLock { storage in
            var statistics = storage.statistics
            statistics.requests += 1
            let number = statistics.requests
            var streamNumber: Int?
            if plan.stream {
                statistics.streams += 1
                streamNumber = statistics.streams
            }
            let behavior = storage.behavior
            let fault = behavior.fault(requestNumber: number, streamNumber: streamNumber)
            let others = statistics.inFlight
            let delays = behavior.delays(othersInFlight: others)
            statistics.inFlight += 1
            statistics.maxInFlight = max(statistics.maxInFlight, statistics.inFlight)
            if let fault { statistics.faults[fault, default: 0] += 1 }
            storage.statistics = statistics
            storage.records.append(
                MockRequestRecord(
                    number: number, streamNumber: streamNumber, endpoint: plan.endpoint, model: plan.model,
                    stream: plan.stream, promptTokens: plan.promptTokens, completionTokens: plan.completionTokens,
                    reasoningTokens: plan.reasoningTokens, finishReason: plan.finishReason, fault: fault,
                    ttft: delays.ttft, interTokenDelay: delays.interTokenDelay, arrival: arrival,
                    othersInFlight: others))
            return Admission(
                number: number, fault: fault, ttft: delays.ttft, interTokenDelay: delays.interTokenDelay,
                faultAfterTokens: max(0, behavior.faultAfterTokens))
        }
    }

    /// Marks request `number` finished, after `update` has filled in what was sent.
    func finish(_ number: Int, _ update: (inout MockRequestRecord) -> Void) {
        storage.withLock { storage in
            guard storage.records.indices.contains(number - 1), !storage.records[number - 1].isFinished else { return }
            update(&storage.records[number - 1])
            storage.records[number - 1].isFinished = true
            let record = storage.records[number - 1]
            storage.statistics.inFlight -= 1
            storage.statistics.finished += 1
            if record.clientDisconnected {
                storage.statistics.clientDisconnects += 1
            } else if record.fault == nil {
                storage.statistics.completed += 1
            }
        }
    }

    /// Counts a request refused before admission.
    func reject() {
        storage.withLock { $0.statistics.rejected += 1 }
    }
}
