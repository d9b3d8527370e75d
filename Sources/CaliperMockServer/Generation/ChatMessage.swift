/// One chat message; only its text matters, for counting prompt tokens.
///
/// ```swift
/// // {"role": "user", "content": [{"type": "text", "text": "two words"}]}  → text "two words"
/// ```
struct ChatMessage: Decodable, Sendable {
    var role: String?
    /// The text of `content`, whether a string or a list of parts (non-text parts are skipped).
    var text: String

    private struct Part: Decodable {
        var text: String?
    }

    enum CodingKeys: String, CodingKey {
        case role, content
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        if let string = try? container.decodeIfPresent(String.self, forKey: .content) {
            text = string
        } else if let parts = try? container.decodeIfPresent([Part].self, forKey: .content) {
            text = parts.compactMap(\.text).joined(separator: " ")
        } else {
            text = ""   // null content, as an assistant turn with tool calls has
        }
    }
}
