/// Escapes text for XML element content and quoted attribute values (JUnit reports).
///
/// Beyond the markup characters, characters XML 1.0 forbids (most control characters) become
/// U+FFFD, since a single one makes the whole file unparseable; line breaks and tabs become
/// character references, so attribute values keep them instead of having them normalised to spaces.
///
/// ```swift
/// XMLEscape.escape("p < 0.05 & \"x\"\u{7}")   // p &lt; 0.05 &amp; &quot;x&quot;\u{FFFD}
/// ```
public enum XMLEscape {
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            case "\t": output += "&#9;"
            default:
                output.unicodeScalars.append(isAllowed(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return output
    }

    /// XML 1.0's `Char` production, minus the whitespace handled above.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
