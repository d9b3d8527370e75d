import ArgumentParser
import CaliperAnalysis
import CaliperReports
import Foundation

/// The forms a report renders to, by `--format` or by the extension of the file written. A
/// comparison has all five; a trend and a settings table have no JUnit form (no verdict to fail).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case markdown
    case html
    case json
    case junit

    /// Also the file extensions' names: `md`, `htm`, `txt`, `xml`.
    init?(argument: String) {
        switch argument.lowercased() {
        case "md": self = .markdown
        case "htm": self = .html
        case "txt", "text": self = .table
        case "xml": self = .junit
        default: self.init(rawValue: argument.lowercased())
        }
    }

    /// From a file name (`.md`, `.html`, `.json`, `.xml`, `.txt`), among the forms a report has.
    init(path: String, among formats: [ReportFormat] = ReportFormat.allCases) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard !ext.isEmpty, let format = ReportFormat(argument: ext == "markdown" ? "md" : ext), formats.contains(format)
        else {
            let names = [ReportFormat.markdown, .html, .json, .junit, .table].filter(formats.contains).map { "." + $0.fileExtension }
            throw CommandFailure(message: "\(path): unknown report type (use \(names.dropLast().joined(separator: ", ")) or \(names.last!))")
        }
        self = format
    }

    /// The format `--format` names, else `-o`'s extension, else a table; one the report has.
    /// Every command with `-o` (compare, trend, settings) chooses here.
    static func chosen(_ format: ReportFormat?, output: String?, among formats: [ReportFormat], report: String) throws -> ReportFormat {
        if let format {
            guard formats.contains(format) else {
                let names = formats.map(\.rawValue).joined(separator: ", ")
                throw CommandFailure(message: "--format \(format.rawValue): \(report) has no such form (use \(names))")
            }
            return format
        }
        return try output.map { try ReportFormat(path: $0, among: formats) } ?? .table
    }

    /// The format of a `gate --report FILE`: the file's extension, else `--format`, else Markdown,
    /// so that `$GITHUB_STEP_SUMMARY` (a path without an extension) gets Markdown.
    static func forReport(_ path: String, format: ReportFormat?) throws -> ReportFormat {
        if URL(fileURLWithPath: path).pathExtension.isEmpty { return format ?? .markdown }
        return try ReportFormat(path: path)
    }

    /// The forms a trend or a settings table renders to.
    static let withoutJUnit: [ReportFormat] = [.table, .markdown, .html, .json]

    var fileExtension: String {
        switch self {
        case .table: "txt"
        case .markdown: "md"
        case .html: "html"
        case .json: "json"
        case .junit: "xml"
        }
    }

    /// `width`: the terminal table's (nil: unlimited, `--wide`).
    func render(
        _ comparison: RunComparison, color: Bool = false, width: Int? = TerminalText.defaultWidth
    ) throws -> String {
        switch self {
        case .table: ComparisonReport.terminal(comparison, color: color, width: width)
        case .markdown: ComparisonReport.markdown(comparison)
        case .html: ComparisonReport.html(comparison)
        case .json: try ComparisonReport.json(comparison)
        case .junit: ComparisonReport.junit(comparison)
        }
    }

    func render(_ series: TrendSeries, color: Bool = false) -> String {
        switch self {
        case .table, .junit: TrendReport.terminal(series, color: color)
        case .markdown: TrendReport.markdown(series)
        case .html: TrendReport.html(series)
        case .json: TrendReport.json(series)
        }
    }

    func render(_ comparison: SettingsComparison) throws -> String {
        switch self {
        case .table, .junit: SettingsReport.terminal(comparison)
        case .markdown: SettingsReport.markdown(comparison)
        case .html: SettingsReport.html(comparison)
        case .json: try SettingsReport.json(comparison)
        }
    }

    /// Writes the report to `path` (whole file, replaced atomically), or appends it when `path` is
    /// GitHub's step summary, which steps add to (replacing it would drop what earlier steps wrote).
    func write(_ comparison: RunComparison, to path: String) throws {
        let text = try render(comparison, width: nil)
        if ReportFile.isStepSummary(path) {
            try ReportFile.append(text, to: path)
        } else {
            try ReportFile.write(text, to: path)
        }
    }
}
