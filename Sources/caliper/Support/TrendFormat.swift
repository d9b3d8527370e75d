import ArgumentParser
import CaliperAnalysis
import CaliperReports
import Foundation

/// The forms a trend renders to. Like ``ReportFormat`` for comparisons, minus JUnit: a trend has
/// no verdict to fail a test case on.
enum TrendFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case markdown
    case html
    case json

    /// `--format md` is Markdown too, as the file extension is.
    init?(argument: String) {
        self.init(rawValue: argument == "md" ? "markdown" : argument)
    }

    /// From a file name: `.md`, `.html`, `.json`, `.txt`.
    init(path: String) throws {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "md", "markdown": self = .markdown
        case "html", "htm": self = .html
        case "json": self = .json
        case "txt": self = .table
        default:
            throw CommandFailure(message: "\(path): unknown report type (use .md, .html, .json or .txt, or pass --format)")
        }
    }

    func render(_ series: TrendSeries, color: Bool = false) throws -> String {
        switch self {
        case .table: TrendReport.terminal(series, color: color)
        case .markdown: TrendReport.markdown(series)
        case .html: TrendReport.html(series)
        case .json: TrendReport.json(series)
        }
    }

    /// Writes the report to `path` (whole file, replaced atomically).
    func write(_ series: TrendSeries, to path: String) throws {
        do {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(try render(series).utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandFailure(message: "\(path): cannot write the report: \(error.localizedDescription)")
        }
    }
}
