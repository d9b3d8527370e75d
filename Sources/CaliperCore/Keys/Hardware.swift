import Foundation

/// The accelerators a run was served on: name, count and memory, stored separately so that
/// `"NVIDIA H20 96GB" x 1` and `H20-96GB*1` are the same hardware.
///
/// ```swift
/// Hardware(description: "NVIDIA H20 96GB", count: 1)   // name "H20", count 1, memoryGB 96
/// Hardware(description: "H20-96GB*1")                  // the same
/// Hardware(description: "8x A100-SXM4-80GB")           // name "A100 SXM4", count 8, memoryGB 80
/// ```
public struct Hardware: Sendable, Equatable, Codable {
    /// The accelerator model, upper-cased, vendor prefix and memory size removed (`H20`, `A100 SXM4`).
    public var name: String?
    /// How many accelerators served the model.
    public var count: Int?
    /// Memory per accelerator in GB.
    public var memoryGB: Double?

    public init(name: String? = nil, count: Int? = nil, memoryGB: Double? = nil) {
        self.name = name
        self.count = count
        self.memoryGB = memoryGB
    }

    /// Parses free text such as `NVIDIA H20 96GB`, `H20-96GB*1` or `8x H100 80GB HBM3`.
    /// An explicit `count` or `memoryGB` wins over what the text says.
    public init(description: String?, count: Int? = nil, memoryGB: Double? = nil) {
        var text = (description ?? "").replacingOccurrences(of: "\"", with: " ")
        var parsedCount: Int?
        var parsedMemory: Double?

        // "H20*1", "H20 x 2", "A100 × 8"
        if let match = text.firstMatch(of: /\s*[*x×]\s*(\d+)\s*$/.ignoresCase()) {
            parsedCount = Int(match.1)
            text.removeSubrange(match.range)
        }
        // "8x A100", "2 × H20"
        if let match = text.firstMatch(of: /^\s*(\d+)\s*[*x×]\s+/.ignoresCase()) {
            parsedCount = parsedCount ?? Int(match.1)
            text.removeSubrange(match.range)
        }
        // "96GB", "80 GiB", "141G"
        if let match = text.firstMatch(of: /(?:^|[\s\-_])(\d+(?:\.\d+)?)\s*(?:GB|GiB|G)(?=$|[\s\-_])/.ignoresCase()) {
            parsedMemory = Double(match.1)
            text.removeSubrange(match.range)
        }
        let words = text
            .replacingOccurrences(of: "-", with: " ")
            .replacingOccurrences(of: "_", with: " ")
            .split(whereSeparator: \.isWhitespace)
            .map { $0.uppercased() }
        let vendorPrefixes: Set<String> = ["NVIDIA", "AMD", "INTEL", "TESLA"]
        let name = words.drop(while: { vendorPrefixes.contains($0) }).joined(separator: " ")

        self.name = name.isEmpty ? nil : name
        self.count = count ?? parsedCount
        self.memoryGB = memoryGB ?? parsedMemory
    }

    /// `H20 96GB x 1`, or `unknown`.
    public var displayName: String {
        guard name != nil || count != nil || memoryGB != nil else { return "unknown" }
        var parts = [name ?? "unknown"]
        if let memoryGB { parts.append("\(Hardware.format(memoryGB))GB") }
        if let count { parts.append("x \(count)") }
        return parts.joined(separator: " ")
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
