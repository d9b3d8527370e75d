/// A list of p-values adjusted for multiple comparisons, in the order they were given.
///
/// ```swift
/// AdjustedPValues([0.01, 0.04, 0.03, 0.005], method: .holm).adjusted
/// // [0.03, 0.06, 0.06, 0.02]
/// ```
public struct AdjustedPValues: Sendable, Equatable, Codable {
    public var method: PValueAdjustment
    public var raw: [Double]
    public var adjusted: [Double]

    public init(_ pValues: [Double], method: PValueAdjustment) {
        self.method = method
        self.raw = pValues
        let m = pValues.count
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = pValues
        switch method {
        case .none:
            break
        case .holm:
            // p₍ᵢ₎ · (m − i + 1), made monotone from the smallest up.
            var running = 0.0
            for (i, index) in order.enumerated() {
                running = Swift.max(running, Swift.min(1, Double(m - i) * pValues[index]))
                adjusted[index] = running
            }
        case .benjaminiHochberg:
            // p₍ᵢ₎ · m / i, made monotone from the largest down.
            var running = 1.0
            for (i, index) in order.enumerated().reversed() {
                running = Swift.min(running, Double(m) / Double(i + 1) * pValues[index])
                adjusted[index] = running
            }
        }
        self.adjusted = adjusted
    }
}
