/// Escapes text for GitHub-flavored Markdown: a model name or label shows as written and cannot
/// break a table row, start a list or a heading, or become a link, emphasis or raw HTML.
///
/// Characters are escaped only where Markdown would read them, so figures such as `[-9.5%, -4.4%]`
/// and names such as `output_throughput` stay readable in the raw text of a PR comment.
///
/// ```swift
/// MarkdownEscape.escape("Qwen|8B <script> *x*")   // Qwen\|8B \<script> \*x\*
/// MarkdownEscape.escape("output_throughput")       // output_throughput (underscore inside a word)
/// ```
public enum MarkdownEscape {
    public static func escape(_ text: String) -> String {
        let characters = Array(text)
        let blockMarker = blockMarkerIndex(characters)
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() {
            let previous = index > 0 ? characters[index - 1] : nil
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            // Newlines would end a table row or a list item.
            case "\n", "\r", "\r\n":
                output.append(" ")
            // Escape sequences and bidi overrides would act when the report is printed to a
            // terminal or shown: written out as the terminal shows them (`\e`).
            case _ where character.unicodeScalars.contains(where: TerminalText.isUnsafe):
                output += TerminalText.safe(String(character))
            // Always significant: escapes, cells, code, emphasis, strikethrough, math.
            case "\\", "|", "`", "*", "~", "$":
                output += "\\\(character)"
            // GFM ignores underscores inside words, so `max_tokens` needs no backslash.
            case "_" where !((previous.map(isWordCharacter) ?? false) && (next.map(isWordCharacter) ?? false)):
                output += "\\_"
            // Only `<` that could open a tag or an autolink: `p < 0.001` stays as it is.
            case "<" where next.map { $0.isLetter || $0 == "/" || $0 == "!" || $0 == "?" } ?? false:
                output += "\\<"
            // A `]` that could close a link, an image or a reference definition.
            case "]" where next == "(" || next == "[" || next == ":":
                output += "\\]"
            // An entity such as `&lt;` would be decoded; `B&B` would not.
            case "&" where startsEntity(characters[(index + 1)...]):
                output += "\\&"
            case _ where index == blockMarker:
                output += "\\\(character)"
            default:
                output.append(character)
            }
        }
        return output
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// The character that would open a block if the text started a line (a list item's body): a
    /// quote, a heading, a list marker. Nil when the text opens none.
    private static func blockMarkerIndex(_ characters: [Character]) -> Int? {
        guard let first = characters.first else { return nil }
        let second = characters.count > 1 ? characters[1] : nil
        switch first {
        case ">", "#": return 0
        case "-", "+":
            // `- x` opens a list item and `---` a thematic break; `-2pp` and `--allow-diff` open nothing.
            if second == " " { return 0 }
            let isBreak = characters.count >= 3 && characters.allSatisfy { $0 == first || $0 == " " }
            return isBreak ? 0 : nil
        default:
            // `1. ` and `1) ` open an ordered list (the marker is escaped, a digit cannot be);
            // `1.2 ms` does not.
            guard first.isASCII, first.isNumber else { return nil }
            let marker = characters.firstIndex { !($0.isASCII && $0.isNumber) } ?? characters.count
            guard marker < characters.count, characters[marker] == "." || characters[marker] == ")" else { return nil }
            return marker + 1 == characters.count || characters[marker + 1] == " " ? marker : nil
        }
    }

    /// Whether the text after a `&` reads as an entity: `lt;`, `#60;`, `#x3C;`.
    private static func startsEntity(_ rest: ArraySlice<Character>) -> Bool {
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "#") }
        return !name.isEmpty && rest.dropFirst(name.count).first == ";"
    }
}
