import CaliperAnalysis

extension ComparisonReport {
    /// An aligned plain-text report for the terminal, the headline first. With `color` (the CLI
    /// passes whether stdout is a terminal), the status and the verdicts are colored; nothing else is.
    ///
    /// ```swift
    /// print(ComparisonReport.terminal(comparison, color: isatty(1) == 1))
    /// // FAIL: 1 regression (c=8 ttft.p99 +12.3%)
    /// // …
    /// ```
    ///
    /// Lines fit `width` columns (``TerminalText/defaultWidth``; nil: as long as they are): table
    /// cells are cut with `…` and prose wraps.
    public static func terminal(
        _ comparison: RunComparison, color: Bool, width: Int? = TerminalText.defaultWidth
    ) -> String {
        let view = ComparisonView(comparison)
        let paint = Paint(enabled: color)
        var blocks: [String] = []

        let status = paint(view.statusLabel, paint.code(for: comparison.status))
        blocks.append(view.hasReasons ? "\(status): \(safe: view.reasons.joined(separator: "; "))\n" : status + "\n")
        if view.hasRegressions {
            blocks.append("regressions:\n" + view.regressions.map { "  \(safe: $0)\n" }.joined())
        }
        if view.hasUntested {
            blocks.append("not tested, too few requests (inconclusive; the policy's inconclusive rule applies):\n"
                + view.untested.map { "  \(safe: $0)\n" }.joined())
        }
        if view.hasFailedRequests {
            blocks.append("failed requests:\n" + view.failedRequests.flatMap { side in
                side.errors.map { "  \(side.side): \(safe: $0)\n" }
            }.joined())
        }
        blocks.append(TextTable(
            header: ["", "BASELINE", "CANDIDATE"],
            rows: view.facts.map { [$0.name.lowercased(), $0.baseline, $0.candidate] }
        ).render(width: width, shrinking: [1, 2]))
        if view.hasVaried {
            blocks.append("varied between the runs:\n" + view.varied.map {
                "  \(safe: $0.field): \(safe: $0.change)\($0.allowed ? " (allowed)" : "")\n"
            }.joined())
        }
        if let history = view.history {
            var text = "baseline \(safe: history.title)\n  \(safe: history.summary)\n"
            if history.hasShortfall { text += "  \(safe: history.shortfall)\n" }
            text += "  runs used, newest first: \(safe: history.runs)\n"
            if history.hasSkipped {
                text += "  \(safe: history.skippedSummary)\n"
                    + history.skipped.map { "    \(safe: $0.name): \(safe: $0.reason)\n" }.joined()
                if history.hasMoreSkipped { text += "    \(safe: history.moreSkipped)\n" }
            }
            blocks.append(text + "  method: \(safe: history.method)\n")
        }
        if view.hasViolations {
            blocks.append("not comparable, the runs differ in:\n"
                + TextTable(
                    header: ["  KEY", "BASELINE", "CANDIDATE", "TO COMPARE ANYWAY"],
                    rows: view.violations.map { ["  " + $0.field, $0.baseline, $0.candidate, $0.allowFlag] }
                ).render(width: width, shrinking: [1, 2]))
        }
        if view.hasProblems {
            blocks.append("invalid runs:\n"
                + view.problems.map { "  \($0.side), \(safe: $0.subject): \(safe: $0.reason)\n" }.joined())
        }
        for section in view.sections {
            blocks.append(terminalSection(section, view: view, paint: paint, width: width))
        }
        if view.hasOnlyInBaseline { blocks.append("only in the baseline (not compared): \(safe: view.onlyInBaseline)\n") }
        if view.hasOnlyInCandidate { blocks.append("only in the candidate (not compared): \(safe: view.onlyInCandidate)\n") }
        if view.hasNotes { blocks.append("notes:\n" + view.notes.map { "  \(safe: $0)\n" }.joined()) }
        blocks.append("policy: \(safe: view.policy.summary)\nthresholds: \(safe: view.policy.rulesLine)\n")
        let text = blocks.joined(separator: "\n")
        return width.map { TerminalText.fitted(text, width: $0) } ?? text
    }

    private static func terminalSection(
        _ section: ComparisonSectionView, view: ComparisonView, paint: Paint, width: Int?
    ) -> String {
        let baseline = view.baselineHeader.uppercased()
        let interval = view.intervalHeader.uppercased()
        var text = "\(safe: section.title.uppercased()): \(safe: section.summary)\n"
        if section.hasGated {
            text += TextTable(
                header: [section.subjectHeader.uppercased(), "METRIC", baseline, "CANDIDATE", "DELTA", interval,
                         section.pHeader.uppercased(), "THRESHOLD", "N NEEDED", "VERDICT"],
                rows: section.gated.map {
                    [$0.subject, $0.label, $0.baseline, $0.candidate, $0.delta, $0.interval, $0.pValue, $0.threshold,
                     $0.needed, $0.verdict]
                },
                rightAligned: [2, 3, 4, 5, 6, 7, 8],
                colors: TextTable.colors(column: 9, section.gated.map { paint.code(for: $0.verdictValue) })
            ).render(width: width, shrinking: [0, 1])
        }
        if section.hasInformational {
            text += "\nnot gated, shown for context:\n" + TextTable(
                header: [section.subjectHeader.uppercased(), "METRIC", baseline, "CANDIDATE", "DELTA", interval,
                         "P (UNADJUSTED)"],
                rows: section.informational.map {
                    [$0.subject, $0.label, $0.baseline, $0.candidate, $0.delta, $0.interval, $0.pValue]
                },
                rightAligned: [2, 3, 4, 5, 6]
            ).render(width: width, shrinking: [0, 1])
        }
        let flagged = section.gated.filter { $0.verdictValue != .unchanged }
        if !flagged.isEmpty {
            text += "\nwhy:\n" + flagged.map {
                "  \(safe: $0.phrase): \(safe: $0.reason) (n \(safe: $0.counts), \(safe: $0.method))\n"
            }.joined()
        }
        return text
    }

    /// ANSI colors, or none when disabled.
    private struct Paint {
        let enabled: Bool

        /// Caliper's own text (the status word) colored; data never passes through here unescaped.
        func callAsFunction(_ text: String, _ code: String?) -> String {
            guard enabled, let code else { return text }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }

        func code(for verdict: Verdict?) -> String? {
            guard enabled else { return nil }
            return switch verdict {
            case .regression?: "31"
            case .improvement?: "32"
            case .inconclusive?: "33"
            case .unchanged?: nil
            case nil: "2"
            }
        }

        func code(for status: GateStatus) -> String? {
            switch status {
            case .pass: "1;32"
            case .fail: "1;31"
            case .notComparable, .noData, .noBaseline: "1;33"
            }
        }
    }
}
