/// How much slower a request is served for every other request in flight when it arrives.
///
/// A request arriving while `k` others are being served gets `ttft · (1 + ttftPerExtraRequest · k)` and
/// `interTokenDelay · (1 + interTokenDelayPerExtraRequest · k)`, fixed for its whole life. The defaults
/// are the ones the EvalScope fixtures were captured with (+25 % TTFT, +15 % ITL per extra request).
///
/// ```swift
/// var behavior = MockBehavior()
/// behavior.loadSlowdown = LoadSlowdown()   // +25 % / +15 % per extra in-flight request
/// ```
public struct LoadSlowdown: Sendable, Equatable {
    /// Fraction added to the TTFT per extra request in flight.
    public var ttftPerExtraRequest: Double
    /// Fraction added to the inter-token delay per extra request in flight.
    public var interTokenDelayPerExtraRequest: Double

    public init(ttftPerExtraRequest: Double = 0.25, interTokenDelayPerExtraRequest: Double = 0.15) {
        self.ttftPerExtraRequest = ttftPerExtraRequest
        self.interTokenDelayPerExtraRequest = interTokenDelayPerExtraRequest
    }
}
