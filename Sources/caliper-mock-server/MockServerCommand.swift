import ArgumentParser
import CaliperMockServer

@main
struct MockServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caliper-mock-server",
        abstract: "An OpenAI-compatible mock server with injected TTFT, inter-token delay and failures.")

    func run() throws {
        throw ValidationError("not built yet")
    }
}
