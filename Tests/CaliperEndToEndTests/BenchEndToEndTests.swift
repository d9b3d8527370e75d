import CaliperTestSupport
import Foundation
import Testing

/// `caliper bench` as users run it, against `caliper-mock-server` in its own process: the run is
/// stored with the environment the server reports, and bad options exit 2 with one line.
struct BenchEndToEndTests {
    /// Starts `caliper-mock-server` on a free port and returns it with its base URL.
    func startMockServer(_ arguments: [String]) throws -> (Process, String) {
        let server = Process()
        server.executableURL = CaliperProcess.binary.deletingLastPathComponent().appending(path: "caliper-mock-server")
        server.arguments = ["--port", "0"] + arguments
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            line += byte
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("listening on ") else {
            server.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "mock server said: \(text)"])
        }
        return (server, String(text.dropFirst("listening on ".count)))
    }

    @Test(arguments: StoreEngine.allCases) func storesTheRunWithTheServersEnvironment(engine: StoreEngine) throws {
        let (server, base) = try startMockServer(["--ttft", "0.02", "--itl", "0.002", "--version", "0.10.1"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let folder = try CaliperProcess.temporaryDirectory(engine)
        let result = try CaliperProcess.run([
            "bench", "--url", base + "/v1/completions", "--model", "gpt-oss-20b", "--parallel", "1", "4",
            "--number", "4", "8", "--prompt-length", "16", "--max-tokens", "16", "--min-tokens", "16",
            "--extra-args", #"{"ignore_eos": true}"#, "--hardware", "H20 96GB", "--gpus", "1", "--label", "branch=main",
        ], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("  engine           vllm 0.10.1\n"))
        #expect(result.stdout.contains("  source           caliper 0.1.0 [perf-G]\n"))
        #expect(result.stdout.hasSuffix("stored run 1 in \(CaliperProcess.storeName(in: folder))\n"))

        let shown = try CaliperProcess.run(["show", "1", "--format", "json"], in: folder)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let run = try #require(json["run"] as? [String: Any] ?? json)
        let labels = try #require((run["labels"] ?? json["labels"]) as? [String: String])
        #expect(labels["branch"] == "main")
        #expect(labels["env.served_model"] == "gpt-oss-20b")
        #expect(labels["env.max_model_len"] == "32768")
        #expect(labels["env.caliper_version"] == "0.1.0")
        #expect(shown.stdout.contains("\"concurrency\" : 4"))
    }

    @Test func badOptionsExitTwoWithOneLine() throws {
        let folder = try CaliperProcess.temporaryDirectory()
        for (arguments, message) in [
            (["--parallel", "1", "2", "--number", "1", "2", "3"], "caliper: --number needs one value per --parallel value (2) or one for all, each at least 1\n"),
            (["--extra-args", "[1]"], "caliper: --extra-args: not a JSON object: [1]\n"),
            (["--dataset", "line_by_line"], "caliper: --dataset line_by_line needs --dataset-path FILE\n"),
        ] {
            let result = try CaliperProcess.run(
                ["bench", "--url", "http://127.0.0.1:9/v1/completions", "--model", "m", "--no-probe"] + arguments, in: folder)
            #expect(result.status == 2)
            #expect(result.stderr == message)
        }
    }

    /// Numbers the load generator cannot honour (NaN, infinity, out of range, overflowing) are usage
    /// errors before anything is sent: exit 2 and one line, never a trap (exit 132).
    @Test(arguments: [
        ["--timeout", "0"], ["--timeout", "-1"], ["--timeout", "inf"], ["--timeout", "nan"], ["--timeout", "1e16"],
        ["--timeout", "86401"], ["--rate", "0"], ["--rate", "nan"], ["--rate", "inf"], ["--rate", "1e-300"],
        ["--parallel", "0"], ["--parallel", "100001"], ["--parallel", "99999999999999999999"], ["--number", "0"],
        ["--number", "10000001"], ["--warmup", "-1"], ["--warmup", "9223372036854775807"], ["--prompt-length", "0"],
        ["--prompt-length", "2000000"], ["--min-prompt-length", "0"], ["--max-prompt-length", "9223372036854775807"],
        ["--max-tokens", "0"], ["--max-tokens", "9223372036854775807"], ["--min-tokens", "-1"],
        ["--temperature", "nan"], ["--temperature", "inf"], ["--temperature", "-1"], ["--seed", "-1"],
        ["--seed", "18446744073709551616"],
    ])
    func badNumbersExitTwoWithOneLine(_ arguments: [String]) throws {
        let folder = try CaliperProcess.temporaryDirectory()
        let result = try CaliperProcess.run(
            ["bench", "--url", "http://127.0.0.1:9/v1/completions", "--model", "m", "--no-probe"] + arguments, in: folder)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("caliper: ") && result.stderr.filter { $0 == "\n" }.count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appending(path: "caliper.db").path))
    }

    /// The mock server refuses delays that would trap when they become a `Duration`, and token
    /// counts that could overflow (ArgumentParser's exit code for usage errors, 64).
    @Test(arguments: [
        ["--ttft", "inf"], ["--ttft", "nan"], ["--itl", "1e300"], ["--itl", "-1"], ["--ttft-slowdown", "nan"],
        ["--output-tokens", "9223372036854775807"], ["--max-model-len", "0"],
    ])
    func mockServerRefusesBadDelays(_ arguments: [String]) throws {
        let binary = CaliperProcess.binary.deletingLastPathComponent().appending(path: "caliper-mock-server")
        let result = try CaliperProcess.run(["--port", "0"] + arguments, executable: binary)
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
