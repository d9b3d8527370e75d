/// Durations as `Double` seconds, for comparing with the behavior and the records.
///
/// ```swift
/// (record.arrival - exchange.sentAt).inSeconds   // intake, in seconds
/// ```
extension Duration {
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
