@testable import CaliperRunners
import Testing

/// Programs run for probes: output, failure reasons, and the time limit that stops a hung one.
struct EnvironmentProbeCommandTests {
    @Test func returnsOutputOfAProgramThatSucceeds() async {
        #expect(await ProbeCommand.run("sh", ["-c", "echo hello"], timeout: .seconds(60)) == .success("hello\n"))
    }

    @Test func namesWhyAProgramFailed() async {
        #expect(await ProbeCommand.run("caliper-no-such-program", [], timeout: .seconds(60))
            == .failure(ProbeCommand.Failure(reason: "caliper-no-such-program: not found")))
        #expect(await ProbeCommand.run("sh", ["-c", "echo 'it broke' >&2; exit 4"], timeout: .seconds(60))
            == .failure(ProbeCommand.Failure(reason: "sh: exit 4: it broke")))
        #expect(await ProbeCommand.run("sh", ["-c", "kill -KILL $$"], timeout: .seconds(60))
            == .failure(ProbeCommand.Failure(reason: "sh: killed by signal 9")))
    }

    /// A program that hangs is stopped at the limit: the answer says so (had `sleep` ended on its
    /// own, it would be a success).
    @Test func stopsAHungProgramAtItsTimeLimit() async {
        let result = await ProbeCommand.run("sleep", ["120"], timeout: .milliseconds(300))
        #expect(result == .failure(ProbeCommand.Failure(reason: "sleep: no answer within 0.3 s")))
    }
}
