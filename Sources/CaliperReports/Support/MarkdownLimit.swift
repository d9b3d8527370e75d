/// The size cap of every Markdown report (comparison and gate, trend, settings) and the one way a
/// report that is still too long is cut.
///
/// ```swift
/// MarkdownLimit.fits(text) ? text : MarkdownLimit.truncated(text)
/// // …
/// // *Report truncated at 65,000 characters: 412 table rows and the sections Notes, Runs left out; the JSON and HTML reports are complete.*
/// ```
public enum MarkdownLimit {
    /// In UTF-16 code units (what GitHub counts): a PR comment and a step summary are refused above 65,536.
    public static let characters = 65_000

    public static func fits(_ text: String) -> Bool { text.utf16.count <= characters }

    /// Lines longer than this (a headline naming every value) are cut short, so a report keeps its start.
    public static let lineCharacters = characters / 4

    /// The report cut after the last whole line that fits (a table keeps whole rows), ending in a
    /// sentence that counts the table rows, list items and sections left out and the lines cut short.
    public static func truncated(_ text: String) -> String {
        guard !fits(text) else { return text }
        var shortened = 0
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            guard line.utf16.count > lineCharacters else { return line }
            shortened += 1
            return line.prefix(lineCharacters) + "…"
        }
        var kept = 0
        var used = 0
        while kept < lines.count, used + lines[kept].utf16.count + 1 <= characters {
            used += lines[kept].utf16.count + 1
            kept += 1
        }
        // The sentence grows as lines go; drop lines until both fit.
        while kept > 0 {
            let marker = sentence(cut: lines[kept...], shortened: shortened)
            if used + marker.utf16.count <= characters {
                var text = lines[..<kept].joined(separator: "\n")
                while text.hasSuffix("\n") { text.removeLast() }
                return text + "\n" + marker
            }
            kept -= 1
            used -= lines[kept].utf16.count + 1
        }
        return sentence(cut: lines[...], shortened: shortened)
    }

    /// `\n*Report truncated at 65,000 characters: 3 table rows and the section Notes left out; …*\n`.
    static func sentence(cut lines: ArraySlice<Substring>, shortened: Int) -> String {
        func isSeparator(_ line: Substring) -> Bool { line.hasPrefix("|-") || line.hasPrefix("|:") }
        var rows = 0
        var items = 0
        var sections: [String] = []
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix("|"), !isSeparator(line), !(index + 1 < lines.endIndex && isSeparator(lines[index + 1])) {
                rows += 1
            } else if line.hasPrefix("- ") {
                items += 1
            } else if line.hasPrefix("#") {
                let title = line.drop { $0 == "#" || $0 == " " }
                sections.append(title.count > 60 ? title.prefix(59) + "…" : String(title))
            }
        }
        func counted(_ count: Int, _ noun: String) -> String? {
            count == 0 ? nil : "\(Formatting.count(count)) \(noun)\(count == 1 ? "" : "s")"
        }
        var parts = [counted(rows, "table row"), counted(items, "list item")].compactMap { $0 }
        if !sections.isEmpty { parts.append("the section\(sections.count == 1 ? "" : "s") \(sections.joined(separator: ", "))") }
        let others = lines.filter { !$0.isEmpty }.count
        if parts.isEmpty, others > 0 { parts = [counted(others, "line")!] }
        var what: [String] = []
        if let last = parts.last {
            what.append((parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last) + " left out")
        }
        if let long = counted(shortened, "line") { what.append("\(long) over \(Formatting.count(lineCharacters)) characters cut short") }
        return "\n*Report truncated at \(Formatting.count(characters)) characters: \(what.joined(separator: "; "));"
            + " the JSON and HTML reports are complete.*\n"
    }
}
