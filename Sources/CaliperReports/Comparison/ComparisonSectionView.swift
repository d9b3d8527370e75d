import CaliperAnalysis
import CaliperCore

/// The rows of one kind (perf or eval) as reports lay them out: gated rows, then informational rows
/// (shown for context, never gated), and the rows whose method details are listed.
///
/// A section can be laid out shorter for a size-limited report; what it leaves out is counted in
/// ``omitted``, never dropped silently.
///
/// ```swift
/// let perf = ComparisonSectionView(kind: .perf, rows: perfRows, correction: .holm)
/// perf.title                                                   // "Performance"
/// perf.laidOut(hidingUnchanged: true, details: .none).omitted  // "Not shown: 24 unchanged rows …"
/// ```
public struct ComparisonSectionView: Sendable, Equatable {
    /// Which rows a layout lists with their method details (n, method, detectable effect, reason).
    public enum DetailRows: Sendable, Equatable {
        case all
        /// Rows whose verdict is not `unchanged`: the ones a reader needs to act on.
        case flagged
        case none
    }

    public let kind: String
    /// `Performance` or `Quality`.
    public let title: String
    /// The subject column's name: `Point` for perf, `Dataset` for eval.
    public let subjectHeader: String
    /// `p (Holm)`: gated p-values are adjusted, so the column says how.
    public let pHeader: String
    /// `9 gated: 1 regression, 1 inconclusive, 7 unchanged · 1 shown for context`, over every
    /// row, however many a layout shows.
    public let summary: String
    public let gated: [ComparisonRowView]
    public let informational: [ComparisonRowView]
    public let details: [ComparisonRowView]
    /// `Not shown: 1,950 unchanged rows …`, or empty.
    public let omitted: String
    /// Inline SVG charts, filled in by the HTML report only.
    public let charts: [String]
    // Mustache sees stored properties only, so emptiness is stored alongside.
    public let hasGated: Bool
    public let hasInformational: Bool
    public let hasDetails: Bool
    public let hasOmitted: Bool
    public let hasCharts: Bool

    /// Gated rows list regressions first, then figures too few requests could test, then the rest.
    public init(kind: RunKind, rows: [ComparisonRowView], correction: PValueAdjustment) {
        let rank = { (row: ComparisonRowView) in row.verdictValue == .regression ? 0 : row.isUntested ? 1 : 2 }
        let gated = rows.filter(\.isGated).enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
        self.init(
            kind: kind.rawValue, title: kind == .perf ? "Performance" : "Quality",
            subjectHeader: kind == .perf ? "Point" : "Dataset",
            pHeader: "p (\(Formatting.correction(correction)))", summary: Self.summary(rows),
            gated: gated, informational: rows.filter { !$0.isGated }, details: gated, omitted: "", charts: [])
    }

    private init(
        kind: String, title: String, subjectHeader: String, pHeader: String, summary: String, gated: [ComparisonRowView],
        informational: [ComparisonRowView], details: [ComparisonRowView], omitted: String, charts: [String]
    ) {
        self.kind = kind
        self.title = title
        self.subjectHeader = subjectHeader
        self.pHeader = pHeader
        self.summary = summary
        self.gated = gated
        self.informational = informational
        self.details = details
        self.omitted = omitted
        self.charts = charts
        hasGated = !gated.isEmpty
        hasInformational = !informational.isEmpty
        hasDetails = !details.isEmpty
        hasOmitted = !omitted.isEmpty
        hasCharts = !charts.isEmpty
    }

    /// Every row, gated first.
    public var rows: [ComparisonRowView] { gated + informational }

    /// The section with `charts` attached.
    public func with(charts: [String]) -> ComparisonSectionView {
        ComparisonSectionView(
            kind: kind, title: title, subjectHeader: subjectHeader, pHeader: pHeader, summary: summary, gated: gated,
            informational: informational, details: details, omitted: omitted, charts: charts)
    }

    /// A shorter layout: without unchanged and informational rows when `hidingUnchanged`, with
    /// details for `details` rows only, and at most `cap` gated rows (regressions first, then
    /// inconclusive, then improvements). The left-out rows are counted in ``omitted``.
    public func laidOut(hidingUnchanged: Bool, details: DetailRows, keepingAtMost cap: Int? = nil) -> ComparisonSectionView {
        var kept = hidingUnchanged ? gated.filter { $0.verdictValue != .unchanged } : gated
        var cut = 0
        if let cap, kept.count > cap {
            let priority: [Verdict?] = [.regression, .inconclusive, .improvement, .unchanged, nil]
            let chosen = Set(kept.indices
                .sorted { (priority.firstIndex(of: kept[$0].verdictValue) ?? 0, $0) < (priority.firstIndex(of: kept[$1].verdictValue) ?? 0, $1) }
                .prefix(cap))
            cut = kept.count - chosen.count
            kept = kept.indices.filter(chosen.contains).map { kept[$0] }
        }
        let unchangedHidden = gated.count - cut - kept.count
        let informationalKept = hidingUnchanged ? [] : informational
        var parts: [String] = []
        if unchangedHidden > 0 { parts.append(Self.rows(unchangedHidden, "unchanged")) }
        if cut > 0 { parts.append(Self.rows(cut, "more flagged")) }
        if informational.count > informationalKept.count {
            parts.append(Self.rows(informational.count, "informational"))
        }
        let omitted = parts.isEmpty
            ? ""
            : "Not shown to keep this report short: \(parts.joined(separator: ", ")). The JSON and HTML reports list every row."
        let detailRows: [ComparisonRowView] = switch details {
        case .all: kept
        case .flagged: kept.filter { $0.verdictValue != .unchanged }
        case .none: []
        }
        return ComparisonSectionView(
            kind: kind, title: title, subjectHeader: subjectHeader, pHeader: pHeader, summary: summary, gated: kept,
            informational: informationalKept, details: detailRows, omitted: omitted, charts: charts)
    }

    static func summary(_ rows: [ComparisonRowView]) -> String {
        let gated = rows.filter(\.isGated)
        let verdicts: [(Verdict, String, String)] = [
            (.regression, "regression", "regressions"), (.inconclusive, "inconclusive", "inconclusive"),
            (.improvement, "improvement", "improvements"), (.unchanged, "unchanged", "unchanged"),
        ]
        let counts = verdicts.compactMap { verdict, one, many -> String? in
            let count = gated.filter { $0.verdictValue == verdict }.count
            return count == 0 ? nil : "\(Formatting.count(count)) \(count == 1 ? one : many)"
        }
        var text = "\(Formatting.count(gated.count)) gated" + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", "))
        let informational = rows.count - gated.count
        if informational > 0 { text += " · \(Formatting.count(informational)) shown for context" }
        return text
    }

    private static func rows(_ count: Int, _ adjective: String) -> String {
        "\(Formatting.count(count)) \(adjective) row\(count == 1 ? "" : "s")"
    }
}
