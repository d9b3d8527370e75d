/// The accelerators Caliper knows by name: vendor, canonical model name, and the memory size where
/// the name alone tells it. What ``Hardware`` normalizes free text and probed names against.
///
/// ```swift
/// HardwareCatalog.model(named: "h100")?.vendor   // "NVIDIA"
/// HardwareCatalog.variant(named: "sxm5")         // "SXM5"
/// ```
public enum HardwareCatalog {
    public struct Model: Sendable, Equatable {
        public var vendor: String
        /// The canonical spelling (`H100`, `MI300X`, `Gaudi2`).
        public var name: String
        /// Memory per accelerator in GB when every part sold under the name has the same, nil when
        /// sizes differ (A100 40/80 GB).
        public var memoryGB: Double?
        /// Variants with another memory size than ``memoryGB`` (H100 NVL: 94 GB).
        public var variantMemoryGB: [String: Double]

        init(_ vendor: String, _ name: String, _ memoryGB: Double?, variants: [String: Double] = [:]) {
            self.vendor = vendor
            self.name = name
            self.memoryGB = memoryGB
            self.variantMemoryGB = variants
        }

        /// The memory size the model and variant imply, nil when they do not tell it.
        public func memoryGB(variant: String?) -> Double? {
            variant.flatMap { variantMemoryGB[$0] } ?? memoryGB
        }
    }

    /// Known models. Sizes are the marketed ones (what `GPUInventory.marketedGigabytes` reads from
    /// nvidia-smi): A10/A10G 24, H100 SXM/PCIe 80 and NVL 94, H200 141, L4 24, L40/L40S 48, T4 16,
    /// MI250X 128, MI300X 192, MI325X 256, MI355X 288, Gaudi2 96, Gaudi3 128. H20 (96/141),
    /// A100 (40/80), V100 (16/32), B200 and GB200 ship in several sizes: no default.
    public static let models: [Model] = [
        Model("NVIDIA", "A10", 24), Model("NVIDIA", "A10G", 24), Model("NVIDIA", "A100", nil),
        Model("NVIDIA", "A800", nil), Model("NVIDIA", "A30", 24), Model("NVIDIA", "A40", 48),
        Model("NVIDIA", "H20", nil), Model("NVIDIA", "H100", 80, variants: ["NVL": 94]), Model("NVIDIA", "H800", 80),
        Model("NVIDIA", "H200", 141), Model("NVIDIA", "GH200", nil), Model("NVIDIA", "B200", nil),
        Model("NVIDIA", "B300", nil), Model("NVIDIA", "GB200", nil), Model("NVIDIA", "L4", 24),
        Model("NVIDIA", "L20", 48), Model("NVIDIA", "L40", 48), Model("NVIDIA", "L40S", 48), Model("NVIDIA", "T4", 16),
        Model("NVIDIA", "V100", nil),
        Model("AMD", "MI210", 64), Model("AMD", "MI250", 128), Model("AMD", "MI250X", 128), Model("AMD", "MI300A", 128),
        Model("AMD", "MI300X", 192), Model("AMD", "MI325X", 256), Model("AMD", "MI350X", 288),
        Model("AMD", "MI355X", 288),
        Model("Intel", "Gaudi2", 96), Model("Intel", "Gaudi3", 128),
    ]

    /// Form-factor and memory-type suffixes: the same model in another package, shown but not a
    /// different accelerator.
    public static let variants = ["HBM2", "HBM2e", "HBM3", "HBM3e", "SXM", "SXM2", "SXM3", "SXM4", "SXM5", "PCIe", "NVL", "OAM"]

    /// Words that name the vendor or product line, dropped before the model is looked up.
    static let vendorWords: Set<String> = ["NVIDIA", "TESLA", "AMD", "INSTINCT", "INTEL", "HABANA"]

    private static let modelsByName = Dictionary(uniqueKeysWithValues: models.map { ($0.name.uppercased(), $0) })
    private static let variantsByName = Dictionary(uniqueKeysWithValues: variants.map { ($0.uppercased(), $0) })

    /// The model spelled `name` in any case, or nil.
    public static func model(named name: String) -> Model? { modelsByName[name.uppercased()] }

    /// The canonical spelling of a variant suffix (`pcie` → `PCIe`), or nil.
    public static func variant(named name: String) -> String? { variantsByName[name.uppercased()] }
}
