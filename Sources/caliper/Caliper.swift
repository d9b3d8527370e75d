import ArgumentParser
import Foundation

@main
struct Caliper: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caliper",
        abstract: "A results store and regression tracker for LLM serving and accuracy benchmarks.",
        discussion: """
            Imports EvalScope perf and eval output folders (every version from 0.13 to 1.14) into one \
            SQLite store keyed by model, engine and version, hardware, generation config and workload.

            Exit codes: 0 success; 1 a regression or invalid run (gate, bench); 2 bad input, a usage error, a failed import, \
            runs that are not comparable, or nothing to compare; 3 no baseline: the baseline selector of \
            compare or gate matches no run (gate --if-no-baseline pass passes instead).
            """,
        version: CaliperVersion.current,
        subcommands: [
            IngestCommand.self, RunsCommand.self, ShowCommand.self, AnnotateCommand.self, DeleteCommand.self,
            CompareCommand.self, GateCommand.self, TrendCommand.self,
            SettingsCommand.self, BenchCommand.self, RunCommand.self, DemoCommand.self, ExportCommand.self,
        ])

    /// Usage errors exit 2 (not ArgumentParser's 64) in one line, like every other input error.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            Console.error(failure.message)
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                Console.error(message(for: error))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

enum CaliperVersion {
    static let current = "0.1.0"
}
