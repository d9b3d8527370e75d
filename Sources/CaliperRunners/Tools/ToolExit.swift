/// How a benchmark tool's process ended, and the exit code that passes it on.
///
/// ```swift
/// ToolExit(tool: "evalscope", code: 3).description    // "evalscope exited with status 3"
/// ToolExit(tool: "vllm", signal: 2).code              // 130, as shells report a signal
/// ToolExit(tool: "vllm", signal: 2).description       // "vllm was ended by signal 2"
/// ```
public struct ToolExit: Sendable, Equatable, CustomStringConvertible {
    /// The executable's name, for messages.
    public var tool: String
    /// The exit status, or 128 + the signal.
    public var code: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?

    public init(tool: String, code: Int32) {
        self.tool = tool
        self.code = code
        signal = nil
    }

    public init(tool: String, signal: Int32) {
        self.tool = tool
        code = 128 + signal
        self.signal = signal
    }

    public var succeeded: Bool { code == 0 }

    public var description: String {
        signal.map { "\(tool) was ended by signal \($0)" } ?? "\(tool) exited with status \(code)"
    }
}
