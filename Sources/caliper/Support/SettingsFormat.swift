import ArgumentParser
import CaliperAnalysis
import CaliperReports
import Foundation

/// The forms `caliper settings` renders to. Kept apart from ``ReportFormat``: a settings table has
/// no JUnit form, and `md` is accepted as a name here.
enum SettingsFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case markdown
    case html
    case json

    init?(argument: String) {
        switch argument.lowercased() {
        case "md": self = .markdown
        case "htm": self = .html
        case "txt", "text": self = .table
        default: self.init(rawValue: argument.lowercased())
        }
    }

    /// From a file name: `.md`, `.html`, `.json`, `.txt`.
    init(path: String) throws {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let format = SettingsFormat(argument: ext == "markdown" ? "md" : ext), !ext.isEmpty else {
            throw CommandFailure(message: "\(path): unknown report type (use .md, .html, .json or .txt, or pass --format)")
        }
        self = format
    }

    func render(_ comparison: SettingsComparison) throws -> String {
        switch self {
        case .table: SettingsReport.terminal(comparison)
        case .markdown: SettingsReport.markdown(comparison)
        case .html: SettingsReport.html(comparison)
        case .json: try SettingsReport.json(comparison)
        }
    }
}
