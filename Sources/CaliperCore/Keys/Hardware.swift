import Foundation

/// The accelerators a run was served on, in one canonical form per accelerator: model (from
/// ``HardwareCatalog``), memory, count, and the variant (form factor or memory type), so that
/// `8xH100`, `H100*8`, `8 x NVIDIA H100 80GB HBM3` and nvidia-smi's `NVIDIA H100 80GB HBM3` on 8
/// GPUs are the same hardware.
///
/// ```swift
/// Hardware(description: "NVIDIA H20 96GB", count: 1)   // H20, count 1, 96 GB
/// Hardware(description: "H20-96GB*1")                  // the same
/// Hardware(description: "8xH100")                      // H100, count 8, 80 GB (the catalog's size)
/// Hardware(description: "8x A100-SXM4-80GB")           // A100, variant SXM4, count 8, 80 GB
/// ```
public struct Hardware: Sendable, Equatable, Codable {
    /// The accelerator model: the catalog's spelling (`H100`, `MI300X`), or for a name the catalog
    /// does not know, the text as given, upper-cased, without vendor words and memory size.
    public var name: String?
    /// How many accelerators served the model.
    public var count: Int?
    /// Memory per accelerator in GB.
    public var memoryGB: Double?
    /// Form factor or memory type (`SXM4`, `PCIe`, `HBM3`): shown, but the same model.
    public var variant: String?

    public init(name: String? = nil, count: Int? = nil, memoryGB: Double? = nil, variant: String? = nil) {
        self.name = name
        self.count = count
        self.memoryGB = memoryGB
        self.variant = variant
    }

    /// Parses free text such as `NVIDIA H20 96GB`, `H20-96GB*1`, `8xH100` or `8 x H100 80GB HBM3`.
    /// An explicit `count` or `memoryGB` wins over what the text says; a known model's memory is
    /// filled in when its name (and variant) tell it.
    public init(description: String?, count: Int? = nil, memoryGB: Double? = nil) {
        let stated = Hardware.stated(in: description)
        let model = stated.name.flatMap(HardwareCatalog.model(named:))
        self.init(
            name: stated.name, count: count ?? stated.count,
            memoryGB: memoryGB ?? stated.memoryGB ?? model?.memoryGB(variant: stated.variant), variant: stated.variant)
    }

    /// The vendor of a catalog model (`NVIDIA`, `AMD`, `Intel`); nil for a name the catalog does not know.
    public var vendor: String? { name.flatMap(HardwareCatalog.model(named:))?.vendor }

    /// What the text itself says, nothing filled in: what a `hardware=` filter matches on.
    public static func stated(in description: String?) -> Hardware {
        var text = (description ?? "").replacingOccurrences(of: "\"", with: " ")
        var parsedCount: Int?
        var parsedMemory: Double?

        // "H20*1", "H100 x 8", "H100x8", "A100 × 8" — but not the X of "RTX 4090" or "MI300X 8"
        if let match = text.firstMatch(of: /\s*([*x×])(\s*)(\d+)\s*$/.ignoresCase()) {
            let letter = match.1 == "x" || match.1 == "X"
            let afterDigit = text[..<match.range.lowerBound].last?.isNumber ?? true
            if !letter || match.0.first?.isWhitespace == true || afterDigit && match.2.isEmpty {
                parsedCount = Int(match.3)
                text.removeSubrange(match.range)
            }
        }
        // "8x A100", "8xH100", "2 × H20"
        if let match = text.firstMatch(of: /^\s*(\d+)\s*[*x×]\s*/.ignoresCase()) {
            parsedCount = parsedCount ?? Int(match.1)
            text.removeSubrange(match.range)
        }
        // "96GB", "80 GiB", "141G"
        if let match = text.firstMatch(of: /(?:^|[\s\-_])(\d+(?:\.\d+)?)\s*(?:GB|GiB|G)(?=$|[\s\-_])/.ignoresCase()) {
            parsedMemory = Double(match.1)
            text.removeSubrange(match.range)
        }
        var words = text
            .split(whereSeparator: { $0.isWhitespace || $0 == "-" || $0 == "_" })
            .map { $0.uppercased() }
            .filter { !HardwareCatalog.vendorWords.contains($0) }
        // "Gaudi 2", "L40 S": a model written in two words
        var index = 0
        while index + 1 < words.count {
            if HardwareCatalog.model(named: words[index]) == nil,
               HardwareCatalog.model(named: words[index] + words[index + 1]) != nil {
                words[index] += words.remove(at: index + 1)
            }
            index += 1
        }
        var name = words.joined(separator: " ")
        var variant: String?
        if let position = words.firstIndex(where: { HardwareCatalog.model(named: $0) != nil }),
           let model = HardwareCatalog.model(named: words[position]) {
            var others = words
            others.remove(at: position)
            let variants = others.compactMap(HardwareCatalog.variant(named:))
            // Anything else in the name makes it another accelerator, kept as given.
            if variants.count == others.count {
                name = model.name
                variant = variants.isEmpty ? nil : variants.joined(separator: " ")
            }
        }
        return Hardware(name: name.isEmpty ? nil : name, count: parsedCount, memoryGB: parsedMemory, variant: variant)
    }

    /// `H100 80GB HBM3 x 8`, or `unknown`: everything, for a person.
    public var displayName: String { text(variant: true) }

    /// `H100 80GB x 8`: what makes hardware the same (model, memory, count), the variant left out;
    /// nil when nothing is known.
    public var identity: String? { self == Hardware() ? nil : text(variant: false) }

    private func text(variant showVariant: Bool) -> String {
        guard name != nil || count != nil || memoryGB != nil else { return "unknown" }
        var parts = [name ?? "unknown"]
        if let memoryGB { parts.append("\(Hardware.format(memoryGB))GB") }
        if showVariant, let variant { parts.append(variant) }
        if let count { parts.append("x \(count)") }
        return parts.joined(separator: " ")
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
