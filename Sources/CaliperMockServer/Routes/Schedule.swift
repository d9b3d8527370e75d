/// The send times of one answer: output chunk `i` is due at `arrival + ttft + i · interTokenDelay`.
///
/// Each deadline is computed from `arrival`, never from the previous wake-up, so sleeping late once
/// does not shift the chunks after it.
///
/// ```swift
/// let schedule = Schedule(arrival: .now, ttft: 0.05, interTokenDelay: 0.005)
/// try await schedule.sleep(untilToken: 3)   // returns at arrival + 65 ms
/// ```
struct Schedule: Sendable {
    var arrival: ContinuousClock.Instant
    var ttft: Double
    var interTokenDelay: Double

    func deadline(ofToken index: Int) -> ContinuousClock.Instant {
        arrival + .seconds(ttft + Double(max(0, index)) * interTokenDelay)
    }

    /// Sleeps until output chunk `index` is due; throws when the task is cancelled (server stopping).
    func sleep(untilToken index: Int) async throws {
        // Zero tolerance: the default lets the timer coalesce wake-ups, which costs accuracy here.
        try await Task.sleep(until: deadline(ofToken: index), tolerance: .zero, clock: .continuous)
    }

    /// Seconds since arrival.
    func elapsed() -> Double {
        (ContinuousClock.now - arrival).inSeconds
    }
}
