import CaliperCore

/// What one request asks: plain text (sent as `prompt` to `/v1/completions`, or as one user
/// message to `/v1/chat/completions`) or a chat conversation as given.
public enum Prompt: Sendable, Equatable {
    case text(String)
    /// An OpenAI `messages` array, sent as is.
    case messages(JSONValue)
}
