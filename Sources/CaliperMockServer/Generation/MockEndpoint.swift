/// The two generation endpoints.
///
/// ```swift
/// server.records.filter { $0.endpoint == .chatCompletions }
/// ```
public enum MockEndpoint: String, Sendable, Equatable, CaseIterable {
    /// `POST /v1/completions`
    case completions = "/v1/completions"
    /// `POST /v1/chat/completions`
    case chatCompletions = "/v1/chat/completions"
}
