import CaliperAnalysis
import Testing

/// Hand-worked: sorted p = 0.005, 0.01, 0.03, 0.04 (m = 4).
/// Holm: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06.
/// BH: 0.04·4/4 = 0.04, 0.03·4/3 = 0.04, min(0.01·4/2, 0.04) = 0.02, min(0.005·4, 0.02) = 0.02.
struct AdjustedPValuesTests {
    let raw = [0.01, 0.04, 0.03, 0.005]

    @Test func holm() {
        let result = AdjustedPValues(raw, method: .holm)
        #expect(result.method == .holm)
        #expect(zip(result.adjusted, [0.03, 0.06, 0.06, 0.02]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func benjaminiHochberg() {
        let result = AdjustedPValues(raw, method: .benjaminiHochberg)
        #expect(zip(result.adjusted, [0.02, 0.04, 0.04, 0.02]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func cappedAtOneAndEmpty() {
        #expect(AdjustedPValues([0.5, 0.9], method: .holm).adjusted == [1, 1])
        #expect(AdjustedPValues([0.5, 0.9], method: .benjaminiHochberg).adjusted == [0.9, 0.9])
        #expect(AdjustedPValues([0.2], method: .none).adjusted == [0.2])
        #expect(AdjustedPValues([], method: .holm).adjusted.isEmpty)
    }
}
