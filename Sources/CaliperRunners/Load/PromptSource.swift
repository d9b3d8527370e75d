import CaliperCore
import Foundation

/// Where prompts come from, with EvalScope's dataset names, and how long they are.
///
/// - `line_by_line`: one prompt per non-empty line of a text file.
/// - `openqa`: JSONL with a `question` field per line (EvalScope's format).
/// - `jsonl`: JSONL with a `prompt` (text) or `messages` (chat) field per line.
/// - `random`: with the model's tokenizer (`tokenizerPath`), `minLength…maxLength` random token ids
///   decoded to text, as EvalScope's `random` dataset makes them; without one, words drawn from a
///   fixed list, about one token each. Either way the server's `usage.prompt_tokens` is what gets
///   stored for each request.
///
/// ```swift
/// let source = try PromptSource.load(dataset: "line_by_line", path: "prompts.txt")
/// source.prompts(count: 100)      // cycles through the file's lines
/// ```
public struct PromptSource: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case lineByLine = "line_by_line"
        case openqa
        case jsonl
        case random
    }

    public var kind: Kind
    public var path: String?
    /// For `random`: prompt lengths in words, and the seed.
    public var minLength: Int
    public var maxLength: Int
    public var seed: UInt64
    /// For `random`: the model's vocabulary, when given.
    public var tokenizer: TokenizerVocabulary?
    private var loaded: [Prompt]

    /// Reads a file-backed source; `random` needs no path.
    /// - Throws: ``PromptSourceError`` naming the file, line and field.
    public static func load(
        dataset: String, path: String? = nil, minLength: Int = 128, maxLength: Int = 128, seed: UInt64 = 0,
        tokenizerPath: String? = nil
    ) throws -> PromptSource {
        guard let kind = Kind(rawValue: dataset) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw PromptSourceError("--dataset \(dataset): unknown (use \(known))")
        }
        guard minLength >= 1, maxLength >= minLength else {
            throw PromptSourceError("prompt lengths must satisfy 1 ≤ min (\(minLength)) ≤ max (\(maxLength))")
        }
        var source = PromptSource(
            kind: kind, path: path, minLength: minLength, maxLength: maxLength, seed: seed,
            tokenizer: try tokenizerPath.map(TokenizerVocabulary.init(path:)), loaded: [])
        guard kind != .random else { return source }
        guard let path else { throw PromptSourceError("--dataset \(dataset) needs --dataset-path FILE") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PromptSourceError("\(path): cannot read the prompt file")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        for (number, line) in lines.enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            if kind == .lineByLine {
                source.loaded.append(.text(text))
                continue
            }
            guard let object = (try? JSONValue.parse(Data(text.utf8)))?.objectValue else {
                throw PromptSourceError("\(path):\(number + 1): not a JSON object")
            }
            if kind == .openqa {
                guard let question = object["question"]?.stringValue else {
                    throw PromptSourceError("\(path):\(number + 1): no \"question\" string")
                }
                source.loaded.append(.text(question))
            } else if let prompt = object["prompt"]?.stringValue {
                source.loaded.append(.text(prompt))
            } else if let messages = object["messages"], messages.arrayValue != nil {
                source.loaded.append(.messages(messages))
            } else {
                throw PromptSourceError("\(path):\(number + 1): no \"prompt\" string or \"messages\" array")
            }
        }
        guard !source.loaded.isEmpty else { throw PromptSourceError("\(path): no prompts") }
        return source
    }

    /// `count` prompts: a file's prompts in order, cycling; random ones from the seed.
    public func prompts(count: Int) -> [Prompt] {
        guard kind == .random else { return (0..<count).map { loaded[$0 % loaded.count] } }
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let length = minLength + Int(generator.next() % UInt64(maxLength - minLength + 1))
            if let tokenizer {
                let ids = (0..<length).map { _ in tokenizer.drawable[Int(generator.next() % UInt64(tokenizer.drawable.count))] }
                return .text(tokenizer.decode(ids))
            }
            let words = (0..<length).map { _ in Self.words[Int(generator.next() % UInt64(Self.words.count))] }
            return .text(words.joined(separator: " "))
        }
    }

    /// How the run's dataset is described in the store.
    public var datasetName: String { kind.rawValue }

    /// Which prompts a run used, for its `bench.prompts` label: `random words, 128–256 per prompt,
    /// seed 0 (lengths from usage.prompt_tokens)` or `line_by_line prompts.txt`.
    public var summary: String {
        guard kind == .random else { return "\(kind.rawValue) \(path ?? "")" }
        let lengths = minLength == maxLength ? "\(minLength)" : "\(minLength)–\(maxLength)"
        if let tokenizer { return "random token ids of \(tokenizer.path), \(lengths) per prompt, seed \(seed)" }
        return "random words, \(lengths) per prompt, seed \(seed) (no tokenizer: lengths from usage.prompt_tokens)"
    }

    /// Common one-token English words: most tokenizers give each one token, so a prompt of n words
    /// is close to n tokens.
    static let words = [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you",
        "were", "their", "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will",
        "would", "who", "so", "no", "time", "water", "light", "house", "world", "year", "day", "people", "way",
    ]
}

public struct PromptSourceError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
