/// The text of the mock's output tokens: words from a fixed list, one per token, so an answer is
/// readable and the same for every run.
///
/// ```swift
/// TokenText.token(0)   // "the"
/// TokenText.token(1)   // " model"
/// ```
enum TokenText {
    private static let words = [
        "the", "model", "generates", "token", "stream", "output", "for", "benchmark", "while", "latency",
        "throughput", "request", "server", "client", "decode", "prefill", "cache", "batch", "tensor", "kernel",
    ]

    /// The `index`-th token of a part (reasoning or content): a word, with a leading space after the
    /// first, so the joined tokens read as a sentence.
    static func token(_ index: Int) -> String {
        let word = words[index % words.count]
        return index == 0 ? word : " " + word
    }

    /// The first `count` tokens joined.
    static func text(tokens count: Int) -> String {
        (0..<max(0, count)).map(token).joined()
    }
}
