import ArgumentParser
import CaliperMockServer
import Foundation

/// `caliper-mock-server`: the mock vLLM server on a port, for measuring a load generator by hand or from
/// a script. Prints `listening on http://HOST:PORT` once it accepts connections; Ctrl-C stops it.
///
/// ```
/// caliper-mock-server --port 8801 --ttft 0.05 --itl 0.005 --output-tokens 128 --fail-every 10
/// ```
@main
struct MockServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caliper-mock-server",
        abstract: "An OpenAI-compatible mock of vLLM with injected TTFT, inter-token delay and failures.",
        discussion: """
            Serves POST /v1/completions and /v1/chat/completions (streaming and not), GET /v1/models, \
            /version and /health. Output chunk i of every answer leaves at arrival + ttft + i*itl. \
            Prompt tokens are whitespace-separated words. --fail-every counts all generation requests; \
            --close-every, --error-every and --malformed-every count streaming requests.
            """)

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to bind; 0 picks a free one (printed on start).")
    var port = 8801

    @Option(help: "Served model name; requests naming another model get HTTP 404 unless --accept-any-model.")
    var model = "gpt-oss-20b"

    @Option(help: "The `root` reported by /v1/models (default: the model name).")
    var modelRoot: String?

    @Flag(help: "Serve any requested model name instead of answering 404.")
    var acceptAnyModel = false

    @Option(help: "Seconds from a request's arrival to its first output chunk.")
    var ttft = 0.05

    @Option(help: "Seconds between output chunks (one token per chunk).")
    var itl = 0.005

    @Option(help: "Content tokens in a natural answer (max_tokens caps it, min_tokens/ignore_eos stretch it).")
    var outputTokens = 64

    @Option(help: "Every N-th generation request fails with HTTP 500.")
    var failEvery: Int?

    @Option(help: "Every N-th stream is closed mid-answer (no usage, no [DONE]).")
    var closeEvery: Int?

    @Option(help: "Every N-th stream ends with an in-band {\"object\":\"error\"} event.")
    var errorEvery: Int?

    @Option(help: "Every N-th stream carries one malformed line, `data: {not json`.")
    var malformedEvery: Int?

    @Option(help: "Output chunks a faulted stream sends before its fault.")
    var faultAfterTokens = 3

    @Option(help: "Fraction added to TTFT per other request in flight (e.g. 0.25); off by default.")
    var ttftSlowdown: Double?

    @Option(help: "Fraction added to the inter-token delay per other request in flight (e.g. 0.15).")
    var itlSlowdown: Double?

    @Option(help: "What GET /version answers.")
    var version = "0.10.1"

    @Option(help: "Context length reported by /v1/models and enforced on prompt + max_tokens.")
    var maxModelLen = 32_768

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535.") }
        // Finite and bounded: each deadline becomes a `Duration`, which traps on NaN, infinity or overflow.
        guard (0...86_400).contains(ttft), (0...86_400).contains(itl) else {
            throw ValidationError("--ttft and --itl must be 0…86400 seconds.")
        }
        // Bounded so that token counts added up for an answer cannot overflow.
        guard (1...1_048_576).contains(outputTokens) else { throw ValidationError("--output-tokens must be 1…1048576.") }
        guard (1...16_777_216).contains(maxModelLen) else { throw ValidationError("--max-model-len must be 1…16777216.") }
        guard faultAfterTokens >= 0 else { throw ValidationError("--fault-after-tokens must not be negative.") }
        for (name, value) in [
            ("--fail-every", failEvery), ("--close-every", closeEvery), ("--error-every", errorEvery),
            ("--malformed-every", malformedEvery),
        ] {
            if let value, value < 1 { throw ValidationError("\(name) must be at least 1.") }
        }
        for (name, value) in [("--ttft-slowdown", ttftSlowdown), ("--itl-slowdown", itlSlowdown)] {
            if let value, !(0...100).contains(value) { throw ValidationError("\(name) must be 0…100.") }
        }
    }

    func run() async throws {
        var behavior = MockBehavior(
            ttft: ttft, interTokenDelay: itl, outputTokens: outputTokens, failEvery: failEvery,
            closeEvery: closeEvery, errorEvery: errorEvery, malformedEvery: malformedEvery,
            faultAfterTokens: faultAfterTokens)
        if ttftSlowdown != nil || itlSlowdown != nil {
            behavior.loadSlowdown = LoadSlowdown(
                ttftPerExtraRequest: ttftSlowdown ?? 0, interTokenDelayPerExtraRequest: itlSlowdown ?? 0)
        }
        let configuration = MockServerConfiguration(
            model: model, modelRoot: modelRoot, maxModelLen: maxModelLen, version: version,
            rejectsUnknownModels: !acceptAnyModel)
        let server = try await MockServer.start(
            behavior: behavior, configuration: configuration, host: host, port: port, stopsOnSignals: true)
        // Written unbuffered: a script waiting for this line reads it through a pipe.
        FileHandle.standardOutput.write(Data("listening on \(server.baseURL.absoluteString)\n".utf8))
        try await server.waitUntilStopped()
    }
}
