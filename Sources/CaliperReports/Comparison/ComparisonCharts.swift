import CaliperAnalysis
import CaliperCore

/// The charts of the HTML report, as inline SVG: for perf, one concurrency curve per gated figure
/// (`output_throughput`, `ttft.p99`, …); for eval, one dot-and-whisker chart of score changes.
///
/// ```swift
/// ComparisonCharts.svg(for: .perf, in: comparison)   // ["<svg class=\"chart\" …", …]
/// ```
enum ComparisonCharts {
    static func svg(for kind: RunKind, in comparison: RunComparison) -> [String] {
        switch kind {
        case .perf: perf(comparison)
        case .eval: eval(comparison).map { [$0] } ?? []
        }
    }

    /// One chart per gated perf figure, in the order the rows first name them.
    static func perf(_ comparison: RunComparison) -> [String] {
        let rows = comparison.metrics.filter { $0.kind == .perf && $0.level != nil }
        var labels: [String] = []
        for row in rows where row.decision != nil && !labels.contains(row.label) { labels.append(row.label) }
        return labels.map { label in
            let family = rows.filter { $0.label == label }.sorted { $0.level! < $1.level! }
            let unit = family[0].unit
            let factor = Formatting.displayScale(unit).factor
            let byConcurrency = family.allSatisfy { $0.level?.concurrency != nil && $0.level?.requestRate == nil }
            let points = family.map { row in
                let comparison = row.comparison
                let view = ComparisonRowView(row)
                return ConcurrencyChart.Point(
                    level: byConcurrency ? String(row.level!.concurrency!) : row.level!.description,
                    baseline: comparison.baseline * factor, candidate: comparison.candidate * factor,
                    interval: comparison.absoluteInterval.map {
                        ((comparison.baseline + $0.lower) * factor, (comparison.baseline + $0.upper) * factor)
                    },
                    baselineText: view.baseline,
                    candidateText: "\(view.candidate), Δ \(view.delta) \(view.interval), \(view.verdict)")
            }
            return ConcurrencyChart(
                title: "\(label) by \(byConcurrency ? "concurrency" : "load level")",
                unit: Formatting.displayScale(unit).suffix, axisTitle: byConcurrency ? "concurrency" : "load level",
                baselineName: comparison.baseline.name, candidateName: comparison.candidate.name, points: points
            ).svg()
        }
    }

    /// Gated score changes per dataset; nil when no score is gated.
    static func eval(_ comparison: RunComparison) -> String? {
        let rows = comparison.metrics.filter { $0.kind == .eval && $0.decision != nil }
        guard let first = rows.first else { return nil }
        let unit = first.unit
        let factor = Formatting.displayScale(unit).factor
        let oneMetric = Set(rows.map(\.label)).count == 1
        let level = rows.compactMap { $0.comparison.absoluteInterval?.level }.first ?? 1 - comparison.policy.alpha
        let chartRows = rows.map { row in
            let comparison = row.comparison
            let view = ComparisonRowView(row)
            return DeltaChart.Row(
                label: oneMetric ? row.subject : "\(row.subject) \(row.label)",
                delta: comparison.absoluteDelta * factor,
                interval: comparison.absoluteInterval.map { ($0.lower * factor, $0.upper * factor) },
                thresholds: thresholds(row.decision!.threshold, baseline: comparison.baseline).map { $0 * factor },
                verdict: view.verdict,
                tooltip: "\(view.phrase): \(view.baseline) → \(view.candidate), Δ \(view.delta) \(view.interval), threshold \(view.threshold), \(view.verdict)")
        }
        return DeltaChart(
            title: oneMetric ? "Change in \(first.label) by dataset" : "Score change by dataset",
            unit: unit == .fraction ? "pp" : Formatting.displayScale(unit).suffix, level: Formatting.percent(level),
            rows: chartRows
        ).svg()
    }

    /// The threshold as absolute changes on the worse side (both sides for a neutral metric); a
    /// relative threshold is scaled by the row's baseline.
    static func thresholds(_ threshold: Threshold, baseline: Double) -> [Double] {
        let amount = threshold.kind == .relative ? threshold.magnitude * abs(baseline) : threshold.magnitude
        switch threshold.direction {
        case .higherIsBetter: return [-amount]
        case .lowerIsBetter: return [amount]
        case .neutral: return [-amount, amount]
        }
    }
}
