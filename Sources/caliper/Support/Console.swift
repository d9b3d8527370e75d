import Foundation

/// stdout/stderr writing for commands.
enum Console {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One line on stderr, prefixed `caliper: `.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("caliper: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

/// A failure to report in one line with an exit code (2 for bad input unless said otherwise).
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = 2
}
