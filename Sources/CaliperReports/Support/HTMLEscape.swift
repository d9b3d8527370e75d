/// Escapes text for HTML element content and quoted attribute values.
///
/// Templates escape through Mustache; this is for the few fragments built in code (SVG charts).
///
/// ```swift
/// HTMLEscape.escape(#"Qwen<3>|8B & "friends""#)   // Qwen&lt;3&gt;|8B &amp; &quot;friends&quot;
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
            default: output.append(character)
            }
        }
        return output
    }
}
