import CaliperCore

/// The `caliper runs` table and the `caliper show` text view.
public enum RunListing {
    /// One line per run: id, kind, model, engine, hardware, effort, dataset, what it measured, when, labels.
    /// With `width`, long models, datasets, labels and the like are shortened with `…` to fit it.
    public static func table(_ runs: [(id: Int64, run: Run)], width: Int? = nil) -> String {
        let rows = runs.map { id, run in
            [
                String(id), run.kind.rawValue, run.model.name, Formatting.engine(run.engine),
                run.hardware.displayName, run.generationConfig.reasoningEffort ?? "-",
                run.workload.dataset ?? "-", detail(run), Formatting.time(run.runAt),
                Formatting.labels(run.labels),
            ]
        }
        return TextTable(
            header: ["ID", "KIND", "MODEL", "ENGINE", "HARDWARE", "EFFORT", "DATASET", "MEASURED", "RUN AT (UTC)", "LABELS"],
            rows: rows, rightAligned: [0]
        ).render(width: width, shrinking: [2, 3, 4, 6, 7, 9])
    }

    /// `3 points c=1,4,8` for perf; `aime25 accuracy 0.8 · general_mcq accuracy 0.875` for eval.
    public static func detail(_ run: Run) -> String {
        switch run.kind {
        case .perf:
            let levels = run.points.map { point in
                point.concurrency.map { "\($0)" } ?? point.requestRate.map { "\(Formatting.number($0))/s" } ?? "?"
            }
            let noun = run.points.count == 1 ? "point" : "points"
            return "\(run.points.count) \(noun) c=\(levels.joined(separator: ","))"
        case .eval:
            return run.scores.filter { $0.isPrimary && $0.subset == nil }
                .map { "\($0.dataset) \($0.metric) \(Formatting.number($0.score))" }
                .joined(separator: " · ")
        }
    }

    /// Everything stored for one run, for a person; an invalid run says why, and failed requests
    /// are counted by error text. With `width`, each line is shortened with `…` to fit it.
    public static func text(
        id: Int64, ingestedAt: String, run: Run, requestRows: [Int], sampleCount: Int, invalidReason: String? = nil,
        requestErrors: [RequestErrorCount] = [], edits: [RunEditRecord] = [], width: Int? = nil
    ) -> String {
        let config = run.generationConfig
        var lines = [
            "run \(id) (\(run.kind.rawValue))",
            "  model            \(run.model.name)" + (run.model.checkpoint.map { " (\($0))" } ?? ""),
            "  engine           \(Formatting.engine(run.engine))",
            "  hardware         \(run.hardware.displayName)" + (run.hardware.vendor.map { " (\($0))" } ?? ""),
            "  generation       \(config.canonicalJSON)",
            "  config hash      \(config.hash.prefix(12))",
            "  endpoint         \(run.workload.endpoint ?? "unknown")" + (run.workload.api.map { " (\($0))" } ?? ""),
            "  dataset          \(run.workload.dataset ?? "unknown")",
        ]
        if run.kind == .perf {
            let prompt = [run.workload.minPromptLength, run.workload.maxPromptLength]
                .map { $0.map(String.init) ?? "?" }.joined(separator: "..")
            lines.append("  prompt length    \(prompt)")
            lines.append("  output length    \(run.workload.outputLength.map(String.init) ?? "unknown")")
        }
        lines += [
            "  labels           \(run.labels.isEmpty ? "-" : Formatting.labels(run.labels))",
            "  source           \(run.source.tool) \(run.source.version ?? "unknown version")"
                + (run.source.format.map { " [\($0)]" } ?? ""),
            "  path             \(run.source.path ?? "-")",
            "  run at           \(Formatting.runTime(run.runAt))",
            "  ingested at      \(Formatting.time(ingestedAt)) UTC",
        ]
        lines += problemLines(invalidReason).enumerated().map { ($0 == 0 ? "  invalid          " : String(repeating: " ", count: 19)) + $1 }
        lines += errorLines(requestErrors).enumerated().map { ($0 == 0 ? "  failed requests  " : String(repeating: " ", count: 19)) + $1 }
        lines.append("")
        // Each line above is one line of Caliper's; anything in it that came from the run is escaped.
        lines = lines.map { TextTable.fit(TerminalText.safe($0), width: width) }
        switch run.kind {
        case .perf: lines.append(pointsTable(run.points, requestRows: requestRows, width: width))
        case .eval: lines.append(scoresTable(run.scores, sampleCount: sampleCount, width: width))
        }
        if !edits.isEmpty {
            lines.append("edits:")
            lines.append(TextTable(
                header: ["EDITED AT (UTC)", "BY", "FIELD", "OLD", "NEW"],
                rows: edits.map { [Formatting.time($0.editedAt), $0.editedBy, $0.field, $0.oldValue ?? "-", $0.newValue ?? "-"] }
            ).render(width: width, shrinking: [1, 2, 3, 4]))
        }
        return lines.joined(separator: "\n")
    }

    /// A stored invalid reason, one problem a line (`c=1 all 10 requests failed`).
    public static func problemLines(_ invalidReason: String?) -> [String] {
        invalidReason.map { $0.split(separator: "; ").map(String.init) } ?? []
    }

    /// `10 × Couldn't connect to server`, one line per distinct error text, each cut to fit 120 columns.
    /// Not yet escaped for a terminal.
    public static func errorLines(_ errors: [RequestErrorCount]) -> [String] {
        errors.map { "\($0.count) × \(TerminalText.shortened($0.error, to: 90))" }
    }

    /// `engine_version 0.10.1 → 0.10.2`, `label.pr 12 → (removed)`.
    public static func edit(_ edit: RunEditRecord) -> String {
        "\(edit.field) \(edit.oldValue ?? "(unset)") → \(edit.newValue ?? (edit.field.hasPrefix("label.") ? "(removed)" : "(unset)"))"
    }

    static func pointsTable(_ points: [PerfPoint], requestRows: [Int], width: Int? = nil) -> String {
        let columns: [(String, Metric, Statistic)] = [
            ("REQ/S", .requestThroughput, .value), ("OUT TOK/S", .outputThroughput, .value),
            ("SUCCESS", .successRate, .value), ("LATENCY", .latency, .mean), ("TTFT", .ttft, .mean),
            ("TTFT P99", .ttft, .p99), ("TPOT", .tpot, .mean), ("ITL", .itl, .mean),
        ]
        let rows = points.enumerated().map { index, point in
            [point.concurrency.map(String.init) ?? "-", String(point.requests),
             String(requestRows.indices.contains(index) ? requestRows[index] : 0)]
                + columns.map { Formatting.metric(point.metrics[$0.1, $0.2], $0.1) }
        }
        return TextTable(
            header: ["CONCURRENCY", "REQUESTS", "ROWS"] + columns.map(\.0), rows: rows,
            rightAligned: Set(0..<(3 + columns.count))
        ).render(width: width, shrinking: [])
    }

    static func scoresTable(_ scores: [EvalScore], sampleCount: Int, width: Int? = nil) -> String {
        let rows = scores.map {
            [$0.dataset, $0.subset ?? "(all)", $0.metric + ($0.isPrimary ? " *" : ""), Formatting.number($0.score),
             $0.count.map(String.init) ?? "-"]
        }
        return TextTable(header: ["DATASET", "SUBSET", "METRIC", "SCORE", "NUM"], rows: rows, rightAligned: [3, 4])
            .render(width: width, shrinking: [0, 1, 2])
            + "* primary metric · \(sampleCount) per-sample rows stored\n"
    }
}
