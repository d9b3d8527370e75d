/// Escapes text for HTML element content and quoted attribute values.
///
/// Templates escape with it too (the `HTML` content type), as do fragments built in code (SVG
/// charts). Control characters other than tab and line breaks, which HTML forbids and a terminal
/// showing the file would act on, become U+FFFD.
///
/// ```swift
/// HTMLEscape.escape(#"Qwen<3>|8B & "friends""#)   // Qwen&lt;3&gt;|8B &amp; &quot;friends&quot;
/// HTMLEscape.escape("a\u{1B}[2Jb")                // a\u{FFFD}[2Jb
/// ```
public enum HTMLEscape {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n", "\r", "\r\n": output.append(character)
            case _ where character.unicodeScalars.contains(where: isControl): output.append("\u{FFFD}")
            default: output.append(character)
            }
        }
        return output
    }

    /// C0 controls, DEL and C1 controls.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
