/// Durations as the `Double` seconds the behavior and the records use.
///
/// ```swift
/// Duration.milliseconds(1500).inSeconds   // 1.5
/// ```
extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
