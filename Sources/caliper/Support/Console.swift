import CaliperReports
import Foundation

/// stdout/stderr writing for commands.
enum Console {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One line on stderr, prefixed `caliper: `. Messages quote names and values from result files
    /// and users, so control characters show escaped (``TerminalText``): always one line.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("caliper: \(TerminalText.safe(message))\n".utf8))
    }

    /// Color on a terminal only, and never under `NO_COLOR` or `TERM=dumb`.
    static var supportsColor: Bool {
        let environment = ProcessInfo.processInfo.environment
        return isatty(STDOUT_FILENO) != 0 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }
}

/// A failure to report in one line with an exit code (2 for bad input unless said otherwise).
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = 2
}
