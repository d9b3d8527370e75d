import Foundation
import Subprocess
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// FilePath, for running an executable by its path. swift-subprocess's own import; on Linux it comes
// from swift-system's SystemPackage, on Apple platforms from the SDK's System.
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Finds and runs a benchmark tool (`evalscope`, `vllm`, `aiperf`, …), its output going straight
/// to this process's stdout and stderr so that the user watches progress live, exactly as the
/// tool prints it.
///
/// ```swift
/// guard let executable = ToolProcess.locate("evalscope", given: nil) else { … }   // "/opt/venv/bin/evalscope"
/// let exit = try await ToolProcess.run(executable, arguments: ["perf", "--url", …], tool: "evalscope")
/// exit.code   // 0
/// ```
public enum ToolProcess {
    /// `given` when it names an executable file, else the first `name` on `PATH`; nil when there
    /// is none.
    public static func locate(
        _ name: String, given: String?, path: String? = ProcessInfo.processInfo.environment["PATH"],
        isExecutable: (String) -> Bool = { FileManager.default.isExecutableFile(atPath: $0) }
    ) -> String? {
        if let given {
            let absolute = URL(fileURLWithPath: given).standardizedFileURL.path
            return isExecutable(absolute) ? absolute : nil
        }
        for directory in (path ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
            if isExecutable(candidate) { return candidate }
        }
        return nil
    }

    /// Runs `executable` with `arguments` in the current directory and says how it ended.
    ///
    /// While it runs, this process ignores SIGINT: Ctrl-C reaches the tool (the whole foreground
    /// process group gets it), which stops and may leave partial results, and Caliper stays
    /// alive to store them and report the tool's exit code. SIGTERM, which a CI runner cancelling
    /// a job sends to Caliper alone, is passed on to the tool for the same ending. The child gets
    /// default signal handling back, as swift-subprocess resets it.
    ///
    /// - Throws: `SubprocessError` when it cannot be started.
    public static func run(_ executable: String, arguments: [String], tool: String) async throws -> ToolExit {
        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousTerminate = signal(SIGTERM, SIG_IGN)
        let child = ChildProcess()
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM)
        terminate.setEventHandler { child.terminate() }
        terminate.resume()
        defer {
            terminate.cancel()
            signal(SIGINT, previousInterrupt)
            signal(SIGTERM, previousTerminate)
        }
        let result = try await Subprocess.run(
            .path(FilePath(executable)), arguments: Arguments(arguments), input: .none,
            output: .currentStandardOutput, error: .currentStandardError
        ) { execution in
            child.started(execution.processIdentifier.value)
        }
        switch result.terminationStatus {
        case .exited(let code): return ToolExit(tool: tool, code: code)
        case .signaled(let signal): return ToolExit(tool: tool, signal: signal)
        }
    }

    /// The running child's process id, for the SIGTERM handler, which runs on another thread.
    /// A SIGTERM that comes between the spawn and `started` (the child may already have written
    /// output) is kept and passed on by `started`, instead of being lost.
    private final class ChildProcess: Sendable {
        private let state = Mutex<(pid: pid_t?, terminating: Bool)>((nil, false))

        func started(_ id: pid_t) {
            if state.withLock({ $0.pid = id; return $0.terminating }) { kill(id, SIGTERM) }
        }

        func terminate() {
            if let id = state.withLock({ $0.terminating = true; return $0.pid }) { kill(id, SIGTERM) }
        }
    }
}
