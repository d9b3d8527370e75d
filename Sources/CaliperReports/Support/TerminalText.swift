/// Makes text from result files and users safe to print on a terminal: a model name or label can
/// neither send escape sequences (clear the screen, retitle the window, fake colors), nor break a
/// table row, nor reorder what follows it.
///
/// Each control character is shown as a visible escape, in Swift's spelling: `\e` for ESC, `\n`,
/// `\r`, `\t`, `\0`, and `\u{XX}` for every other C0 control, DEL, C1 control (U+0080–U+009F) and
/// bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069). A backslash itself is left as
/// it is. Everything else, CJK and emoji included, is untouched.
///
/// ```swift
/// TerminalText.safe("x=a\u{1B}[2Jb\nc")   // x=a\e[2Jb\nc
/// TerminalText.safe("\u{9B}31m\u{202E}")  // \u{9b}31m\u{202e}
/// ```
public enum TerminalText {
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else {
                output.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\u{1B}": output += "\\e"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\0": output += "\\0"
            default: output += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return output
    }

    /// C0 controls, DEL, C1 controls, and bidi overrides and isolates.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}

extension DefaultStringInterpolation {
    /// `"stored run \(id): \(safe: model)"`: a value from a result file or a user, made safe with
    /// ``TerminalText/safe(_:)`` inside a line Caliper writes.
    public mutating func appendInterpolation(safe text: String) {
        appendLiteral(TerminalText.safe(text))
    }
}
