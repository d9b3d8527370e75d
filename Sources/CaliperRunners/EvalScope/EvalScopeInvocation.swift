import Foundation

/// What an `evalscope` command line says about where its results go and which server it measures,
/// read without running it.
///
/// `perf` writes under `--outputs-dir` and sends requests to `--url`; `eval` writes under
/// `--work-dir` and to `--api-url`; both default to `./outputs`. Both `--flag value` and
/// `--flag=value` are understood.
///
/// ```swift
/// let invocation = EvalScopeInvocation(arguments: [
///     "perf", "--model", "gpt-oss-20b", "--url", "http://127.0.0.1:8801/v1/completions",
///     "--parallel", "1", "4", "--outputs-dir", "runs"])
/// invocation.subcommand        // .perf
/// invocation.outputDirectory   // "runs"
/// invocation.serverURL         // "http://127.0.0.1:8801/v1/completions"
/// invocation.probeTarget?.baseURL   // "http://127.0.0.1:8801"
/// ```
public struct EvalScopeInvocation: Sendable, Equatable {
    /// The EvalScope commands whose results Caliper stores.
    public enum Subcommand: String, Sendable {
        case perf
        case eval
    }

    /// The arguments, as given, for `evalscope`.
    public var arguments: [String]
    /// `perf` or `eval`; nil for anything else (`--version`, `app`), which writes no results.
    public var subcommand: Subcommand?
    /// Where EvalScope writes its result folders: `--outputs-dir` or `--work-dir`, else `outputs`.
    public var outputDirectory: String?
    /// `--url` (perf) or `--api-url` (eval).
    public var serverURL: String?
    public var apiKey: String?
    public var model: String?
    /// `-h`/`--help` anywhere: EvalScope prints help and writes nothing.
    public var asksForHelp: Bool

    public init(arguments: [String]) {
        self.arguments = arguments
        let subcommand = arguments.first { !$0.hasPrefix("-") }.flatMap(Subcommand.init(rawValue:))
        self.subcommand = subcommand
        asksForHelp = arguments.contains("-h") || arguments.contains("--help")
        model = Self.value(of: "--model", in: arguments)
        apiKey = Self.value(of: "--api-key", in: arguments)
        switch subcommand {
        case .perf:
            outputDirectory = Self.value(of: "--outputs-dir", in: arguments) ?? "outputs"
            serverURL = Self.value(of: "--url", in: arguments)
        case .eval:
            outputDirectory = Self.value(of: "--work-dir", in: arguments) ?? "outputs"
            serverURL = Self.value(of: "--api-url", in: arguments)
        case nil:
            outputDirectory = nil
            serverURL = nil
        }
    }

    /// The server to probe, or nil when the arguments name none.
    public var probeTarget: ProbeTarget? {
        serverURL.flatMap { ProbeTarget(benchmarkURL: $0, apiKey: apiKey, model: model) }
    }

    /// The last value given for `flag`, as argparse keeps the last one.
    static func value(of flag: String, in arguments: [String]) -> String? {
        var found: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == flag, index + 1 < arguments.endIndex {
                found = arguments[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix(flag + "=") {
                found = String(argument.dropFirst(flag.count + 1))
            }
            index += 1
        }
        return found
    }
}
