import CaliperCore
import Foundation

/// What to tell a user who ingests stored files again with other annotations: ingest does not
/// change a stored run, so say how `caliper annotate` would.
///
/// ```swift
/// AnnotationHint.text(given: RunAnnotations(engineVersion: "0.10.2"), stored: run7, id: 7)
/// // "its engine_version is 0.10.1, not 0.10.2: to change it, caliper annotate 7 --engine-version 0.10.2"
/// ```
enum AnnotationHint {
    /// The hint, or nil when the stored run already says what `given` says.
    static func text(given: RunAnnotations, stored: Run, id: Int64) -> String? {
        var differences: [String] = []
        var arguments: [String] = []
        func compare(_ field: String, _ old: String?, _ new: String?, _ argument: [String]) {
            guard let new, old != new else { return }
            differences.append("its \(field) is \(old ?? "unknown"), not \(new)")
            arguments += argument
        }
        let engine = EngineIdentity(name: given.engine, version: given.engineVersion)
        compare("engine", stored.engine.name, engine.name, ["--engine", given.engine ?? ""])
        compare("engine_version", stored.engine.version, engine.version, ["--engine-version", given.engineVersion ?? ""])
        if given.hardware != nil || given.gpus != nil {
            let parsed = Hardware(description: given.hardware, count: given.gpus)
            let old = stored.hardware
            let new = Hardware(
                name: parsed.name ?? old.name, count: parsed.count ?? old.count, memoryGB: parsed.memoryGB ?? old.memoryGB)
            compare(
                "hardware", old == Hardware() ? nil : old.displayName, new == old ? nil : new.displayName,
                (given.hardware.map { ["--hardware", $0] } ?? []) + (given.gpus.map { ["--gpus", String($0)] } ?? []))
        }
        for (key, value) in given.labels.sorted(by: { $0.key < $1.key }) {
            compare("label.\(key)", stored.labels[key], value, ["--label", "\(key)=\(value)"])
        }
        guard !differences.isEmpty else { return nil }
        let command = (["caliper", "annotate", String(id)] + arguments.map(quoted)).joined(separator: " ")
        return differences.joined(separator: ", ")
            + ": to change \(differences.count == 1 ? "it" : "them"), \(command)"
    }

    /// A word as a POSIX shell reads it back.
    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_.,:/=+@-".contains($0)) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
