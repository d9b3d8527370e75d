import CaliperCore
import Foundation

/// The GPUs of a machine as `nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv`
/// lists them: one row per GPU, grouped here by model.
///
/// ```swift
/// let csv = """
///     name, memory.total [MiB], driver_version
///     NVIDIA H20, 97871 MiB, 550.54.15
///     NVIDIA H20, 97871 MiB, 550.54.15
///     """
/// let gpus = GPUInventory.parse(csv)!
/// gpus.count                 // 2
/// gpus.hardwareDescription   // "NVIDIA H20 96GB"
/// gpus.hardware              // Hardware(name: "H20", count: 2, memoryGB: 96)
/// gpus.listing               // "2 x NVIDIA H20 (97871 MiB)"
/// ```
public struct GPUInventory: Sendable, Equatable {
    /// GPUs of one model and memory size.
    public struct Model: Sendable, Equatable {
        /// The name as nvidia-smi prints it (`NVIDIA H100 80GB HBM3`).
        public var name: String
        public var count: Int
        /// `memory.total` in MiB: what the driver makes usable, a little less than the marketed size.
        public var memoryMiB: Int?

        public init(name: String, count: Int, memoryMiB: Int?) {
            self.name = name
            self.count = count
            self.memoryMiB = memoryMiB
        }
    }

    /// Each model once, in the order nvidia-smi first lists it.
    public var models: [Model]
    /// The driver version; several joined by `, ` in the unlikely case rows disagree.
    public var driver: String?

    public init(models: [Model], driver: String?) {
        self.models = models
        self.driver = driver
    }

    /// How many GPUs the machine has.
    public var count: Int { models.reduce(0) { $0 + $1.count } }

    /// Every model with its count and memory: `8 x NVIDIA H100 80GB HBM3 (81559 MiB)`, mixed models
    /// separated by `, `.
    public var listing: String {
        models.map { model in
            "\(model.count) x \(model.name)" + (model.memoryMiB.map { " (\($0) MiB)" } ?? "")
        }.joined(separator: ", ")
    }

    /// The GPU as a user would write `--hardware` (`NVIDIA H20 96GB`), or nil when the machine
    /// mixes models: then no single name describes the server.
    public var hardwareDescription: String? {
        guard models.count == 1, let model = models.first else { return nil }
        // A name that already carries the size (`NVIDIA A100-SXM4-80GB`) says it best.
        guard Hardware.stated(in: model.name).memoryGB == nil, let mebibytes = model.memoryMiB else { return model.name }
        return "\(model.name) \(Self.format(Self.marketedGigabytes(mebibytes: mebibytes)))GB"
    }

    /// ``hardwareDescription`` normalized as the store keys hardware, with every GPU counted.
    public var hardware: Hardware? {
        hardwareDescription.map { Hardware(description: $0, count: count) }
    }

    /// Parses nvidia-smi's CSV, with or without its header line and units; nil when no line is a GPU.
    public static func parse(_ csv: String) -> GPUInventory? {
        var models: [Model] = []
        var drivers: [String] = []
        for line in csv.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            // Names have no commas in practice, but if one did, the two last fields are still ours.
            guard fields.count >= 3 else { continue }
            let name = fields.dropLast(2).joined(separator: ",")
            let memory = fields[fields.count - 2]
            let driver = fields[fields.count - 1]
            let mebibytes = Int(memory.replacingOccurrences(of: "MiB", with: "").trimmingCharacters(in: .whitespaces))
            // A GPU row has a memory figure or nvidia-smi's `[N/A]`; the header and stray text have neither.
            guard !name.isEmpty, mebibytes != nil || memory.hasPrefix("[") else { continue }
            if let index = models.firstIndex(where: { $0.name == name && $0.memoryMiB == mebibytes }) {
                models[index].count += 1
            } else {
                models.append(Model(name: name, count: 1, memoryMiB: mebibytes))
            }
            if Self.isKnown(driver), !drivers.contains(driver) { drivers.append(driver) }
        }
        guard !models.isEmpty else { return nil }
        return GPUInventory(models: models, driver: drivers.isEmpty ? nil : drivers.joined(separator: ", "))
    }

    /// The size a GPU is sold as, from the MiB the driver reports.
    ///
    /// The driver keeps some memory back (an H20 sold as 96 GB reports 97871 MiB, 95.6 GiB; an L40S
    /// sold as 48 GB reports 46068 MiB), so rounding would name sizes nobody writes. The sold size is
    /// the smallest usual size at least the reported one, less half a GiB for rounding in the report.
    public static func marketedGigabytes(mebibytes: Int) -> Double {
        let gibibytes = Double(mebibytes) / 1024
        let sizes: [Double] = [4, 6, 8, 10, 11, 12, 16, 20, 24, 32, 40, 48, 64, 80, 94, 96, 128, 141, 144, 180, 186, 192, 256, 288]
        return sizes.first { $0 >= gibibytes - 0.5 } ?? gibibytes.rounded()
    }

    private static func isKnown(_ value: String) -> Bool {
        !value.isEmpty && !value.hasPrefix("[")
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
