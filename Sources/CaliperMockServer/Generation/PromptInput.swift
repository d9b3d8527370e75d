/// A completions `prompt` in any of the four shapes the OpenAI API accepts: a string, a list of
/// strings, a list of token ids, or a list of token-id lists.
///
/// ```swift
/// PromptInput.texts(["a b", "c"]).tokenCount   // 3
/// PromptInput.tokenIDs([[1, 2, 3]]).tokenCount // 3
/// ```
enum PromptInput: Decodable, Sendable, Equatable {
    case texts([String])
    case tokenIDs([[Int]])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .texts([text])
        } else if let texts = try? container.decode([String].self) {
            self = .texts(texts)
        } else if let ids = try? container.decode([Int].self) {
            self = .tokenIDs([ids])
        } else {
            self = .tokenIDs(try container.decode([[Int]].self))
        }
    }

    /// Prompt tokens: words of text (see ``PromptTokenCounter``), one per token id.
    var tokenCount: Int {
        switch self {
        case .texts(let texts): texts.reduce(0) { $0 + PromptTokenCounter.count($1) }
        case .tokenIDs(let lists): lists.reduce(0) { $0 + $1.count }
        }
    }
}
