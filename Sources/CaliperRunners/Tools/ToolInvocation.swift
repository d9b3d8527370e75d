import Foundation

/// A peer benchmark tool that `caliper run TOOL -- ARGS` runs, and what its command line says about
/// where its results go and which server it measures, read without running it.
///
/// ```swift
/// let run = ToolInvocation(tool: .vllmBench, arguments: [
///     "--model", "gpt-oss-20b", "--base-url", "http://127.0.0.1:8000", "--max-concurrency", "4"])
/// run.executableName       // "vllm"
/// run.commandArguments     // ["bench", "serve", "--model", …, "--save-result", "--save-detailed"]
/// run.output               // Output(path: ".", recursive: false)
/// run.probeTarget?.baseURL // "http://127.0.0.1:8000"
/// ```
public struct ToolInvocation: Sendable, Equatable {
    /// The tools `caliper run` knows, by the name users type.
    public enum Tool: String, CaseIterable, Sendable {
        /// `vllm bench serve`.
        case vllmBench = "vllm-bench"
        /// `python3 -m sglang.bench_serving`.
        case sglangBench = "sglang-bench"
        /// `aiperf profile`.
        case aiperf
        /// `guidellm benchmark`.
        case guidellm
        /// `lm_eval` (lm-evaluation-harness).
        case lmEval = "lm-eval"

        /// The executable looked up on `PATH` when none is given.
        public var executableName: String {
            switch self {
            case .vllmBench: "vllm"
            case .sglangBench: "python3"
            case .aiperf: "aiperf"
            case .guidellm: "guidellm"
            case .lmEval: "lm_eval"
            }
        }

        /// What comes before the user's arguments.
        public var leadingArguments: [String] {
            switch self {
            case .vllmBench: ["bench", "serve"]
            case .sglangBench: ["-m", "sglang.bench_serving"]
            case .aiperf: ["profile"]
            case .guidellm: ["benchmark"]
            case .lmEval: []
            }
        }

        /// How the tool is installed, for the message when it is not.
        public var installHint: String {
            switch self {
            case .vllmBench: "pip install 'vllm[bench]'"
            case .sglangBench: "pip install sglang"
            case .aiperf: "pip install aiperf"
            case .guidellm: "pip install guidellm"
            case .lmEval: "pip install lm-eval"
            }
        }
    }

    /// The folder to watch for new or rewritten result files.
    public struct Output: Sendable, Equatable {
        public var path: String
        /// Whether the tool writes into folders below ``path`` (AIPerf, lm-eval) or beside it.
        public var recursive: Bool

        public init(path: String, recursive: Bool) {
            self.path = path
            self.recursive = recursive
        }
    }

    public var tool: Tool
    /// The user's arguments, as given after `--`.
    public var arguments: [String]
    /// `-h`/`--help` anywhere: the tool prints help and writes nothing.
    public var asksForHelp: Bool
    public var model: String?
    /// The URL the tool sends requests to, when its arguments say.
    public var serverURL: String?
    public var apiKey: String?
    /// Flags Caliper adds so that the tool saves what Caliper stores (vLLM saves nothing without
    /// `--save-result`; request rows need `--save-detailed`, `--output-details`, `--log_samples`).
    public var addedArguments: [String]

    public init(tool: Tool, arguments: [String]) {
        self.tool = tool
        self.arguments = arguments
        asksForHelp = arguments.contains("-h") || arguments.contains("--help")
        func value(_ flags: String...) -> String? { flags.lazy.compactMap { Self.value(of: $0, in: arguments) }.first }
        func has(_ flag: String) -> Bool { arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") } }
        var added: [String] = []
        switch tool {
        case .vllmBench:
            model = value("--model")
            let base = value("--base-url")
                ?? "http://\(value("--host") ?? "127.0.0.1"):\(value("--port") ?? "8000")"
            serverURL = base + (value("--endpoint") ?? "/v1/completions")
            if !has("--save-result") { added.append("--save-result") }
            if !has("--save-detailed") { added.append("--save-detailed") }
        case .sglangBench:
            model = value("--model")
            let host = value("--host").map { $0 == "0.0.0.0" ? "127.0.0.1" : $0 } ?? "127.0.0.1"
            serverURL = value("--base-url") ?? "http://\(host):\(value("--port") ?? "30000")"
            if !has("--output-details") { added.append("--output-details") }
        case .aiperf:
            model = value("--model", "-m", "--model-names")
            let url = value("--url", "-u") ?? "localhost:8000"
            serverURL = url.contains("://") ? url : "http://\(url)"
            apiKey = value("--api-key")
        case .guidellm:
            model = value("--model")
            serverURL = value("--target")
        case .lmEval:
            let modelArguments = Self.keyValues(value("--model_args", "--model-args") ?? "")
            model = modelArguments["model"] ?? modelArguments["pretrained"]
            serverURL = modelArguments["base_url"]
            if value("--output_path", "--output-path", "-o") != nil, !has("--log_samples"), !has("--log-samples"), !has("-s") {
                added.append("--log_samples")
            }
        }
        addedArguments = asksForHelp ? [] : added
    }

    public var executableName: String { tool.executableName }

    /// Everything passed to the executable.
    public var commandArguments: [String] { tool.leadingArguments + arguments + addedArguments }

    /// Where the results will be written; nil when the tool will write none (lm-eval without `--output_path`).
    public var output: Output? {
        func value(_ flags: String...) -> String? { flags.lazy.compactMap { Self.value(of: $0, in: arguments) }.first }
        func parent(_ file: String) -> String {
            let folder = (file as NSString).deletingLastPathComponent
            return folder.isEmpty ? "." : folder
        }
        switch tool {
        case .vllmBench:
            return Output(path: value("--result-dir") ?? ".", recursive: false)
        case .sglangBench:
            return Output(path: value("--output-file").map(parent) ?? ".", recursive: false)
        case .aiperf:
            return Output(path: value("--artifact-dir", "--output-artifact-dir") ?? "artifacts", recursive: true)
        case .guidellm:
            if let directory = value("--output-dir") { return Output(path: directory, recursive: false) }
            guard let path = value("--output-path") else { return Output(path: ".", recursive: false) }
            // A path with an extension is the file to write; anything else is its folder.
            return Output(path: (path as NSString).pathExtension.isEmpty ? path : parent(path), recursive: false)
        case .lmEval:
            guard let path = value("--output_path", "--output-path", "-o") else { return nil }
            return Output(path: path.hasSuffix(".json") ? parent(path) : path, recursive: true)
        }
    }

    /// The server to probe, or nil when the arguments name none.
    public var probeTarget: ProbeTarget? {
        serverURL.flatMap { ProbeTarget(benchmarkURL: $0, apiKey: apiKey, model: model) }
    }

    /// The last value given for `flag` (`--flag value` or `--flag=value`), as argparse keeps the last one.
    static func value(of flag: String, in arguments: [String]) -> String? {
        EvalScopeInvocation.value(of: flag, in: arguments)
    }

    /// `model=gpt-oss-20b,base_url=http://…` → its pairs (lm-eval's `--model_args`).
    static func keyValues(_ text: String) -> [String: String] {
        var pairs: [String: String] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            pairs[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return pairs
    }
}
