/// How an `evalscope` process ended, and the exit code that passes it on.
///
/// ```swift
/// EvalScopeExit(code: 3).description               // "evalscope exited with status 3"
/// EvalScopeExit(signal: 2).code                    // 130, as shells report a signal
/// EvalScopeExit(signal: 2).description             // "evalscope was ended by signal 2"
/// ```
public struct EvalScopeExit: Sendable, Equatable, CustomStringConvertible {
    /// The exit status, or 128 + the signal.
    public var code: Int32
    /// The signal that ended it, if one did.
    public var signal: Int32?

    public init(code: Int32) {
        self.code = code
        signal = nil
    }

    public init(signal: Int32) {
        code = 128 + signal
        self.signal = signal
    }

    public var succeeded: Bool { code == 0 }

    public var description: String {
        signal.map { "evalscope was ended by signal \($0)" } ?? "evalscope exited with status \(code)"
    }
}
