/// A plain aligned text table for terminals: columns padded to their widest cell.
///
/// Every cell and header is made safe with ``TerminalText/safe(_:)``, so a label holding an escape
/// sequence or a newline shows escaped on its own row. Caliper's own colors are given apart, in
/// `colors`, and applied after that.
///
/// ```swift
/// TextTable(header: ["ID", "MODEL"], rows: [["1", "gpt-oss-20b"]]).render()
/// // ID  MODEL
/// // 1   gpt-oss-20b
/// ```
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// Columns whose cells align right (numbers).
    public var rightAligned: Set<Int>
    /// ANSI SGR parameters (`31`, `1;32`) by row index, then column: the cells to color.
    public var colors: [Int: [Int: String]]

    public init(
        header: [String], rows: [[String]], rightAligned: Set<Int> = [], colors: [Int: [Int: String]] = [:]
    ) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
        self.colors = colors
    }

    /// ``colors`` for one column, one code per row (nil: that row's cell is not colored).
    public static func colors(column: Int, _ codes: [String?]) -> [Int: [Int: String]] {
        Dictionary(uniqueKeysWithValues: codes.enumerated().compactMap { row, code in code.map { (row, [column: $0]) } })
    }

    public func render() -> String { render(width: nil, shrinking: []) }

    /// The table within `width` columns (nil: as wide as its cells): the widest of the `shrinking`
    /// columns lose a character at a time, their cells cut with `…`, down to 8 characters each.
    public func render(width: Int?, shrinking: Set<Int>) -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.safe) }
        var widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        if let width {
            let separators = 2 * max(0, widths.count - 1)
            while widths.reduce(separators, +) > width,
                  let widest = shrinking.filter({ widths.indices.contains($0) && widths[$0] > Self.narrowest })
                      .max(by: { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) })
            {
                widths[widest] -= 1
            }
        }
        return all.enumerated().map { index, row in
            header.indices.map { column in
                var cell = Self.fit(row.indices.contains(column) ? row[column] : "", width: widths[column])
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if index > 0, let code = colors[index - 1]?[column] { cell = "\u{1B}[\(code)m\(cell)\u{1B}[0m" }
                if column == header.count - 1 && !rightAligned.contains(column) { return cell }
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// A shrinking column keeps at least this many characters.
    static let narrowest = 8

    /// `text` cut to `width` characters, its last one `…`, when longer (nil: as it is).
    public static func fit(_ text: String, width: Int?) -> String {
        width.map { TerminalText.shortened(text, to: $0) } ?? text
    }
}
