import Foundation
import Subprocess

/// Runs a short program for a probe (`nvidia-smi`, `git`) and never throws: a program that is
/// missing, fails, or outlives its time limit becomes a one-line reason.
///
/// ```swift
/// switch await ProbeCommand.run("git", ["rev-parse", "HEAD"], timeout: .seconds(5)) {
/// case .success(let output): print(output)
/// case .failure(let failure): print(failure.reason)   // "git: not found"
/// }
/// ```
enum ProbeCommand {
    struct Failure: Error, Equatable {
        var reason: String
    }

    /// A probe's output is a few lines; anything longer is not what we asked for.
    static let outputLimit = 1 << 20

    /// Runs `name` (looked up on `PATH`) and returns its standard output when it exits 0.
    static func run(_ name: String, _ arguments: [String], timeout: Duration) async -> Result<String, Failure> {
        await withTaskGroup(of: Result<String, Failure>?.self) { group in
            group.addTask { await execute(name, arguments) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            // Cancelling the run makes swift-subprocess kill the child, so a hung program cannot
            // hold the benchmark's results back.
            group.cancelAll()
            return first ?? .failure(Failure(reason: "\(name): no answer within \(Self.describe(timeout))"))
        }
    }

    private static func execute(_ name: String, _ arguments: [String]) async -> Result<String, Failure> {
        do {
            let result = try await Subprocess.run(
                .name(name), arguments: Arguments(arguments), output: .string(limit: outputLimit),
                error: .string(limit: outputLimit))
            switch result.terminationStatus {
            case .exited(0):
                return .success(result.standardOutput)
            case .exited(let code):
                let message = firstLine(result.standardError) ?? firstLine(result.standardOutput)
                return .failure(Failure(reason: "\(name): exit \(code)" + (message.map { ": \($0)" } ?? "")))
            case .signaled(let signal):
                return .failure(Failure(reason: "\(name): killed by signal \(signal)"))
            }
        } catch let error as SubprocessError where error.code == .executableNotFound {
            return .failure(Failure(reason: "\(name): not found"))
        } catch {
            return .failure(Failure(reason: "\(name): \(error)"))
        }
    }

    private static func firstLine(_ text: String?) -> String? {
        text?.split(whereSeparator: \.isNewline).lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
    }

    private static func describe(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds.rounded() == seconds ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
