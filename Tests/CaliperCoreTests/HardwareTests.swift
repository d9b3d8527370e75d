import CaliperCore
import Testing

struct HardwareTests {
    /// Free-text spellings of the same accelerators normalize to one name, count and memory.
    @Test(arguments: [
        ("NVIDIA H20 96GB", 1 as Int?),
        ("H20-96GB*1", nil),
        ("  h20 96 GB x 1 ", nil),
        ("1x NVIDIA H20-96GB", nil),
    ])
    func sameHardwareNormalizesEqual(text: String, count: Int?) {
        let hardware = Hardware(description: text, count: count)
        #expect(hardware == Hardware(name: "H20", count: 1, memoryGB: 96))
    }

    @Test func keepsModelSuffixesAndParsesLeadingCount() {
        #expect(Hardware(description: "8x A100-SXM4-80GB") == Hardware(name: "A100 SXM4", count: 8, memoryGB: 80))
        #expect(Hardware(description: "NVIDIA H100 80GB HBM3", count: 2) == Hardware(name: "H100 HBM3", count: 2, memoryGB: 80))
    }

    @Test func explicitFlagsWinAndUnknownIsSaid() {
        #expect(Hardware(description: "H20 96GB x 1", count: 4).count == 4)
        #expect(Hardware(description: nil).displayName == "unknown")
        #expect(Hardware(description: "H20-96GB*1").displayName == "H20 96GB x 1")
    }
}
