import CaliperRunners
import Foundation
import Testing

/// Decoding against Hugging Face `tokenizers` 0.23.3 (`Tokenizer.decode`) on two real tokenizer
/// files: the byte-level BPE of the 1.14.1 capture's local gpt-oss tokenizer (8,192 tokens) and the
/// WordPiece-decoded vocabulary of the history fixtures.
struct TokenizerVocabularyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/tokenizers")

    @Test func byteLevelDecodesAsHuggingFaceDoes() throws {
        let vocabulary = try TokenizerVocabulary(path: Self.fixtures.appending(path: "bytelevel-8k").path)
        #expect(vocabulary.decoder == .byteLevel)
        #expect(vocabulary.decode([10, 200, 304, 1000, 4000, 8000]) == "'\u{08} eOutputrena constructor")
        // The four special tokens (<|endoftext|>, <|start|>, …) are never drawn.
        #expect(vocabulary.drawable.count == 8_192 - 4 && !vocabulary.drawable.contains(0))
    }

    @Test func wordPieceDecodesAsHuggingFaceDoes() throws {
        let vocabulary = try TokenizerVocabulary(
            path: Self.fixtures.appending(path: "wordpiece/tokenizer.json").path)
        #expect(vocabulary.decoder == .wordPiece)
        #expect(vocabulary.decode([4, 5, 7, 20, 100, 150]) == "system user a big mu stop")
    }

    @Test func randomPromptsUseTheTokenizer() throws {
        let source = try PromptSource.load(
            dataset: "random", minLength: 32, maxLength: 32, seed: 3,
            tokenizerPath: Self.fixtures.appending(path: "wordpiece").path)
        let prompts = source.prompts(count: 10)
        #expect(prompts == source.prompts(count: 10))
        for case .text(let text) in prompts {
            #expect(!text.isEmpty && !text.contains("<|"))
        }
        #expect(source.summary.hasPrefix("random token ids of "))
    }

    @Test func unreadableOrUnknownTokenizersNameTheFile() throws {
        #expect(throws: PromptSourceError.self) { try TokenizerVocabulary(path: "/nonexistent/tokenizer.json") }
        let file = FileManager.default.temporaryDirectory.appending(path: "caliper-tokenizer-\(UUID().uuidString).json")
        try Data(#"{"model": {"vocab": {"a": 0}}, "decoder": {"type": "CTC"}}"#.utf8).write(to: file)
        do {
            _ = try TokenizerVocabulary(path: file.path)
            Issue.record("accepted an unknown decoder")
        } catch {
            #expect("\(error)" == "\(file.path): decoder: CTC is not understood (ByteLevel, WordPiece, Metaspace)")
        }
    }
}
