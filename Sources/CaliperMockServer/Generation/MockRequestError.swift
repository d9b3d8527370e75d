/// A request the mock refuses, answered like vLLM: the HTTP status and
/// `{"object":"error","message":…,"type":…,"param":null,"code":status}`.
///
/// ```swift
/// throw MockRequestError.badRequest("max_tokens must be at least 1, got 0.")
/// ```
struct MockRequestError: Error, Sendable, Equatable {
    var status: Int
    /// vLLM's error class name, such as `BadRequestError`.
    var type: String
    var message: String

    static func badRequest(_ message: String) -> Self {
        MockRequestError(status: 400, type: "BadRequestError", message: message)
    }
}
