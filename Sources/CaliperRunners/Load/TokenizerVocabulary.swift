import Foundation

/// A Hugging Face `tokenizer.json`, read far enough to turn token ids back into text: what
/// EvalScope's `random` dataset does with the model's tokenizer (random ids, decoded), so that a
/// prompt is made of n real tokens of that model.
///
/// Decoders understood: `ByteLevel` (GPT-2 style: each character stands for one byte), `WordPiece`
/// (`##` joins to the previous piece, otherwise a space), `Metaspace` and SentencePiece-style
/// sequences (`▁` is a space, `<0xNN>` a byte). Special tokens (`added_tokens` marked special) are
/// never drawn.
///
/// ```swift
/// let vocabulary = try TokenizerVocabulary(path: "tokenizers/gpt-oss-20b")   // folder or file
/// vocabulary.decode([9906, 1917])      // "Hello world"
/// ```
public struct TokenizerVocabulary: Sendable, Equatable {
    public enum Decoder: String, Sendable, Equatable {
        case byteLevel
        case wordPiece
        case metaspace
    }

    public let path: String
    public let decoder: Decoder
    /// Token text by id, nil for ids that are not in the vocabulary.
    private let tokens: [String?]
    /// The ids a random prompt may use: every vocabulary id but the special ones.
    public let drawable: [Int]

    /// - Parameter path: a `tokenizer.json`, or a folder that holds one.
    /// - Throws: ``PromptSourceError`` naming the file and what is missing.
    public init(path: String) throws {
        var file = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            file = file.appending(path: "tokenizer.json")
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw PromptSourceError("\(file.path): cannot read the tokenizer")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let model = root["model"] as? [String: Any], let vocabulary = model["vocab"] as? [String: Int],
              !vocabulary.isEmpty
        else {
            throw PromptSourceError("\(file.path): model.vocab: expected a tokenizer.json with a token → id vocabulary")
        }
        let decoderObject = root["decoder"] as? [String: Any]
        let decoderTypes = ([decoderObject?["type"] as? String]
            + ((decoderObject?["decoders"] as? [[String: Any]]) ?? []).map { $0["type"] as? String }).compactMap { $0 }
        if decoderTypes.contains("ByteLevel") {
            decoder = .byteLevel
        } else if decoderTypes.contains("WordPiece") {
            decoder = .wordPiece
        } else if decoderTypes.contains("Metaspace") || decoderTypes.contains("Replace") || decoderTypes.contains("ByteFallback") {
            decoder = .metaspace
        } else {
            throw PromptSourceError(
                "\(file.path): decoder: \(decoderTypes.first ?? "none") is not understood (ByteLevel, WordPiece, Metaspace)")
        }
        let special = Set(((root["added_tokens"] as? [[String: Any]]) ?? [])
            .filter { ($0["special"] as? Bool) ?? false }.compactMap { $0["id"] as? Int })
        var tokens = [String?](repeating: nil, count: (vocabulary.values.max() ?? 0) + 1)
        for (text, id) in vocabulary where id >= 0 { tokens[id] = text }
        self.path = file.path
        self.tokens = tokens
        drawable = tokens.indices.filter { tokens[$0] != nil && !special.contains($0) }
        guard !drawable.isEmpty else { throw PromptSourceError("\(file.path): no token that is not special") }
    }

    /// The text of `ids`, as the tokenizer's decoder writes it.
    public func decode(_ ids: [Int]) -> String {
        let pieces = ids.compactMap { tokens.indices.contains($0) ? tokens[$0] : nil }
        switch decoder {
        case .byteLevel:
            var bytes: [UInt8] = []
            for character in pieces.joined().unicodeScalars {
                if let byte = Self.byteForCharacter[character] { bytes.append(byte) }
            }
            return String(decoding: bytes, as: UTF8.self)
        case .wordPiece:
            var text = ""
            for piece in pieces {
                if piece.hasPrefix("##") {
                    text += piece.dropFirst(2)
                } else {
                    text += (text.isEmpty ? "" : " ") + piece
                }
            }
            return text
        case .metaspace:
            var bytes: [UInt8] = []
            for piece in pieces {
                // SentencePiece's byte fallback: <0x0A> is the byte 0x0A.
                if piece.count == 6, piece.hasPrefix("<0x"), piece.hasSuffix(">"),
                   let byte = UInt8(piece.dropFirst(3).dropLast(), radix: 16) {
                    bytes.append(byte)
                } else {
                    bytes += Array(piece.replacingOccurrences(of: "▁", with: " ").utf8)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            return text.hasPrefix(" ") ? String(text.dropFirst()) : text
        }
    }

    /// GPT-2's `bytes_to_unicode`, inverted: the printable bytes stand for themselves, the others
    /// were shifted to U+0100 and up.
    static let byteForCharacter: [Unicode.Scalar: UInt8] = {
        let printable = Array(33...126) + Array(161...172) + Array(174...255)
        var map: [Unicode.Scalar: UInt8] = [:]
        var shifted = 0
        for byte in 0...255 {
            if printable.contains(byte) {
                map[Unicode.Scalar(UInt8(byte))] = UInt8(byte)
            } else {
                map[Unicode.Scalar(256 + shifted)!] = UInt8(byte)
                shifted += 1
            }
        }
        return map
    }()
}
