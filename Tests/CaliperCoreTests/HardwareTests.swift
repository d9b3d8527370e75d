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
        #expect(hardware.vendor == "NVIDIA")
    }

    /// Every way of writing eight H100s is one identity: model H100, 80 GB, 8; the variant aside.
    @Test(arguments: [
        ("8xH100", nil as Int?),
        ("H100*8", nil),
        ("8 x NVIDIA H100 80GB HBM3", nil),
        ("NVIDIA H100 80GB HBM3", 8),
        ("NVIDIA H100 80GB", 8),
        ("nvidia h100", 8),
        ("H100 x 8", nil),
        ("H100-SXM5-80GB", 8),
    ])
    func eightH100sAreOneIdentity(text: String, count: Int?) {
        let hardware = Hardware(description: text, count: count)
        #expect(hardware.name == "H100")
        #expect(hardware.memoryGB == 80)
        #expect(hardware.count == 8)
        #expect(hardware.vendor == "NVIDIA")
        #expect(hardware.identity == "H100 80GB x 8")
    }

    @Test func variantsAreKeptApartFromTheModel() {
        let hbm3 = Hardware(description: "NVIDIA H100 80GB HBM3", count: 8)
        #expect(hbm3.variant == "HBM3")
        #expect(hbm3.displayName == "H100 80GB HBM3 x 8")
        let a100 = Hardware(description: "8x A100-SXM4-80GB")
        #expect(a100 == Hardware(name: "A100", count: 8, memoryGB: 80, variant: "SXM4"))
        #expect(a100.displayName == "A100 80GB SXM4 x 8")
        #expect(Hardware(description: "NVIDIA A100-PCIE-40GB").variant == "PCIe")
        // NVL is the 94 GB H100: the variant tells the memory.
        #expect(Hardware(description: "NVIDIA H100 NVL", count: 2) == Hardware(name: "H100", count: 2, memoryGB: 94, variant: "NVL"))
        #expect(Hardware(description: "Tesla V100-SXM2-32GB") == Hardware(name: "V100", memoryGB: 32, variant: "SXM2"))
    }

    @Test func otherVendorsAndFilledInMemory() {
        let mi300x = Hardware(description: "AMD Instinct MI300X", count: 8)
        #expect(mi300x == Hardware(name: "MI300X", count: 8, memoryGB: 192))
        #expect(mi300x.vendor == "AMD")
        #expect(Hardware(description: "mi355x x 4") == Hardware(name: "MI355X", count: 4, memoryGB: 288))
        #expect(Hardware(description: "Intel Gaudi 3", count: 8) == Hardware(name: "Gaudi3", count: 8, memoryGB: 128))
        #expect(Hardware(description: "Gaudi2").vendor == "Intel")
        #expect(Hardware(description: "NVIDIA L40S") == Hardware(name: "L40S", memoryGB: 48))
        #expect(Hardware(description: "NVIDIA A10G") == Hardware(name: "A10G", memoryGB: 24))
        #expect(Hardware(description: "NVIDIA H200", count: 8).displayName == "H200 141GB x 8")
        // Several sizes under one name: left unknown rather than guessed.
        #expect(Hardware(description: "A100", count: 8).memoryGB == nil)
        #expect(Hardware(description: "H20").memoryGB == nil)
        #expect(Hardware(description: "B200", count: 8).memoryGB == nil)
    }

    @Test func unknownNamesStayAsGivenWithoutVendor() {
        let rtx = Hardware(description: "NVIDIA GeForce RTX 4090", count: 2)
        #expect(rtx == Hardware(name: "GEFORCE RTX 4090", count: 2))
        #expect(rtx.vendor == nil)
        #expect(Hardware(description: "RTX 4090").count == nil)
        // A known model with an unknown word is another accelerator, kept whole.
        #expect(Hardware(description: "H100 Custom 80GB") == Hardware(name: "H100 CUSTOM", memoryGB: 80))
        #expect(Hardware(description: "MI300X").count == nil)
        #expect(Hardware(description: "MI300X x 8").count == 8)
        #expect(Hardware(description: "8x MI300X").count == 8)
        #expect(Hardware(description: "MI300X 8").count == nil)
        #expect(Hardware(description: "H100x8").count == 8)
    }

    @Test func statedKeepsOnlyWhatTheTextSays() {
        #expect(Hardware.stated(in: "NVIDIA H100") == Hardware(name: "H100"))
        #expect(Hardware.stated(in: "h100") == Hardware(name: "H100"))
        #expect(Hardware.stated(in: "8xH100") == Hardware(name: "H100", count: 8))
    }

    @Test func explicitFlagsWinAndUnknownIsSaid() {
        #expect(Hardware(description: "H20 96GB x 1", count: 4).count == 4)
        #expect(Hardware(description: nil).displayName == "unknown")
        #expect(Hardware(description: nil).identity == nil)
        #expect(Hardware(description: "H20-96GB*1").displayName == "H20 96GB x 1")
    }
}
