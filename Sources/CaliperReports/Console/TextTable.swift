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

    /// With a width, the widest of `shrinkable` columns are narrowed until a line fits, their
    /// cells cut with `…`; nil: as wide as the cells.
    public var maxWidth: Int?
    public var shrinkable: Set<Int>

    public init(
        header: [String], rows: [[String]], rightAligned: Set<Int> = [], colors: [Int: [Int: String]] = [:],
        maxWidth: Int? = nil, shrinkable: Set<Int> = []
    ) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
        self.colors = colors
        self.maxWidth = maxWidth
        self.shrinkable = shrinkable
    }

    /// The narrowest a shrinkable column gets.
    static let minimumColumn = 8

    /// ``colors`` for one column, one code per row (nil: that row's cell is not colored).
    public static func colors(column: Int, _ codes: [String?]) -> [Int: [Int: String]] {
        Dictionary(uniqueKeysWithValues: codes.enumerated().compactMap { row, code in code.map { (row, [column: $0]) } })
    }

    public func render() -> String {
        let all = ([header] + rows).map { $0.map(TerminalText.safe) }
        var widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        if let maxWidth {
            while widths.reduce(0, +) + 2 * (widths.count - 1) > maxWidth,
                  let widest = shrinkable.filter({ widths.indices.contains($0) && widths[$0] > Self.minimumColumn })
                    .max(by: { (widths[$0], $1) < (widths[$1], $0) })
            {
                widths[widest] -= 1
            }
        }
        return all.enumerated().map { index, row in
            header.indices.map { column in
                var cell = row.indices.contains(column) ? row[column] : ""
                if cell.count > widths[column] { cell = TerminalText.shortened(cell, to: widths[column]) }
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if index > 0, let code = colors[index - 1]?[column] { cell = "\u{1B}[\(code)m\(cell)\u{1B}[0m" }
                if column == header.count - 1 && !rightAligned.contains(column) { return cell }
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
