/// A plain aligned text table for terminals: columns padded to their widest cell.
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

    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    public func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? Self.visibleWidth($0[column]) : 0 }.max() ?? 0
        }
        return all.map { row in
            header.indices.map { column in
                let cell = row.indices.contains(column) ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - Self.visibleWidth(cell))
                if column == header.count - 1 && !rightAligned.contains(column) { return cell }
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// Characters a terminal shows: ANSI color sequences (`ESC [ … m`) take no room, so colored
    /// cells still line up.
    static func visibleWidth(_ cell: String) -> Int {
        var width = 0
        var inEscape = false
        for character in cell {
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
}
