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

    /// The width reports keep to on a terminal unless asked for all (`--wide`).
    public static let defaultWidth = 120

    /// `text` cut to `width` characters, its end replaced by `…` when cut.
    public static func shortened(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Every line of `text` within `width` columns: a longer line is wrapped at spaces, its
    /// continuations indented two more than it, and a word longer than a line is cut with `…`.
    /// ANSI color sequences count as no width. Lines that fit are left alone.
    public static func fitted(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard visibleWidth(line) > width else { return line }
            let leading = String(line.prefix { $0 == " " })
            let indent = leading + "  "
            var lines: [String] = []
            var current = leading
            var started = false
            for word in line.dropFirst(leading.count).split(separator: " ", omittingEmptySubsequences: false) {
                if !started {
                    current += word
                    started = true
                } else if visibleWidth(current + " " + word) <= width {
                    current += " " + word
                } else {
                    lines.append(current)
                    current = indent + word
                }
                if visibleWidth(current) > width { current = shortened(current, to: width) }
            }
            lines.append(current)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Columns a line takes: its characters without ANSI SGR sequences (`ESC [ … m`).
    static func visibleWidth(_ line: String) -> Int {
        guard line.contains("\u{1B}") else { return line.count }
        var width = 0
        var inEscape = false
        for character in line {
            if inEscape {
                if character == "m" { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
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
