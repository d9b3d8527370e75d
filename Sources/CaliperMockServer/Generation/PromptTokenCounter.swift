/// Counts prompt tokens without a tokenizer: one token per whitespace-separated word.
///
/// The count is deterministic and easy to predict in a test (a prompt of 100 words is 100 tokens).
/// A chat prompt is the sum over its messages' text, with no chat-template overhead; a prompt given
/// as token ids counts one token per id.
///
/// ```swift
/// PromptTokenCounter.count("The quick  brown\nfox")   // 4
/// ```
enum PromptTokenCounter {
    /// Whitespace-separated words in `text`.
    static func count(_ text: String) -> Int {
        var words = 0
        var inWord = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
            }
        }
        return words
    }
}
