extension MockBehavior {
    /// The fault for the `requestNumber`-th generation request, which is the `streamNumber`-th stream
    /// when it streams. The order of the checks is the documented precedence.
    ///
    /// ```swift
    /// MockBehavior(failEvery: 2).fault(requestNumber: 4, streamNumber: nil)   // .httpError
    /// ```
    func fault(requestNumber: Int, streamNumber: Int?) -> MockFault? {
        if Self.isNth(requestNumber, every: failEvery) { return .httpError }
        guard let streamNumber else { return nil }
        if Self.isNth(streamNumber, every: closeEvery) { return .closedMidStream }
        if Self.isNth(streamNumber, every: errorEvery) { return .inBandError }
        if Self.isNth(streamNumber, every: malformedEvery) { return .malformedLine }
        return nil
    }

    /// TTFT and inter-token delay for a request that arrives while `othersInFlight` are being served.
    ///
    /// ```swift
    /// var behavior = MockBehavior(ttft: 0.1, interTokenDelay: 0.01, loadSlowdown: LoadSlowdown())
    /// behavior.delays(othersInFlight: 2)   // (ttft: 0.15, interTokenDelay: 0.013)
    /// ```
    func delays(othersInFlight: Int) -> (ttft: Double, interTokenDelay: Double) {
        guard let slowdown = loadSlowdown, othersInFlight > 0 else { return (ttft, interTokenDelay) }
        let extra = Double(othersInFlight)
        return (
            ttft * (1 + slowdown.ttftPerExtraRequest * extra),
            interTokenDelay * (1 + slowdown.interTokenDelayPerExtraRequest * extra)
        )
    }

    /// Reasoning tokens for a request's `reasoning_effort`; 0 without one.
    func reasoningTokenCount(effort: String?) -> Int {
        guard let effort else { return 0 }
        return max(0, reasoningTokens[effort] ?? 0)
    }

    /// Whether `number` is a multiple of a positive `every`: "every n-th", 1-based.
    private static func isNth(_ number: Int, every: Int?) -> Bool {
        guard let every, every > 0 else { return false }
        return number % every == 0
    }
}
