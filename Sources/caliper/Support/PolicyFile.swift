import CaliperAnalysis
import Foundation

/// The gate policy a command runs under: `--policy FILE`, else `./caliper.yaml` if present, else
/// the built-in defaults. One place, so that `gate`, `compare` and `bench` judge a run alike.
enum PolicyFile {
    static func load(_ given: String?) throws -> GatePolicy {
        let path: String
        if let given {
            path = given
        } else if FileManager.default.fileExists(atPath: "caliper.yaml") {
            path = "caliper.yaml"
        } else {
            return .standard
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "\(path): cannot read the policy file")
        }
        do {
            var loaded = try GatePolicy(yaml: String(decoding: data, as: UTF8.self))
            loaded.source = path
            return loaded
        } catch {
            throw CommandFailure(message: "\(path): \(error)")
        }
    }
}
