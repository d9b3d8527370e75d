import CaliperAnalysis

/// A comparison as JUnit test results, for CI systems that show test reports (GitHub, GitLab,
/// Jenkins): one suite per kind, one test case per gated figure, failures for what fails the gate.
///
/// - a regression is a `<failure>`, and so is an inconclusive verdict when the policy says
///   `inconclusive: fail`; otherwise an inconclusive verdict is `<skipped>`, so it stays visible;
/// - each invalid-run problem is a failing case in `caliper.validity`;
/// - "not comparable" and "no data" are one `<error>` case: nothing was measured, so nothing passed;
/// - a history baseline is one case in `caliper.history` listing its runs, skipped when the history
///   is shorter than `min_history`.
///
/// ```swift
/// let view = JUnitReportView(comparison)
/// view.suites.map(\.name)   // ["caliper.perf", "caliper.eval"]
/// view.failures             // 1
/// ```
struct JUnitReportView: Sendable {
    struct Case: Sendable {
        /// `caliper.perf.c=8`.
        let classname: String
        /// `ttft.p99`.
        let name: String
        let isFailure: Bool
        let isError: Bool
        let isSkipped: Bool
        /// `regression`, `inconclusive`, `invalid_run`, `not_comparable`, `no_data`.
        let type: String
        /// One line: what happened, with the figures.
        let message: String
        /// The failure's or error's text, a line each.
        let details: [String]
        /// The figures of a case that did not fail, a line each.
        let output: [String]
        let hasOutput: Bool

        init(
            classname: String, name: String, outcome: Outcome = .passed, type: String = "", message: String = "",
            details: [String] = [], output: [String] = []
        ) {
            self.classname = classname
            self.name = name
            isFailure = outcome == .failure
            isError = outcome == .error
            isSkipped = outcome == .skipped
            self.type = type
            self.message = message
            self.details = details
            self.output = output
            hasOutput = !output.isEmpty
        }
    }

    enum Outcome: Sendable {
        case passed
        case failure
        case error
        case skipped
    }

    struct Suite: Sendable {
        /// `caliper.perf`.
        let name: String
        let cases: [Case]
        let tests: Int
        let failures: Int
        let errors: Int
        let skipped: Int

        init(name: String, cases: [Case]) {
            self.name = name
            self.cases = cases
            tests = cases.count
            failures = cases.filter(\.isFailure).count
            errors = cases.filter(\.isError).count
            skipped = cases.filter(\.isSkipped).count
        }
    }

    let suites: [Suite]
    let tests: Int
    let failures: Int
    let errors: Int
    let skipped: Int

    init(_ comparison: RunComparison) {
        let view = ComparisonView(comparison)
        var suites: [Suite] = []
        switch comparison.status {
        case .notComparable:
            let differences = view.violations.map { "\($0.field): \($0.change) (to compare anyway: \($0.allowFlag))" }
            suites.append(Suite(name: "caliper.comparability", cases: [
                Case(
                    classname: "caliper.comparability", name: "comparable", outcome: .error, type: "not_comparable",
                    message: view.headline, details: differences.isEmpty ? view.reasons : differences),
            ]))
        case .noData:
            suites.append(Suite(name: "caliper.gate", cases: [
                Case(classname: "caliper.gate", name: "data", outcome: .error, type: "no_data", message: view.headline,
                     details: view.reasons),
            ]))
        case .noBaseline:
            suites.append(Suite(name: "caliper.gate", cases: [
                Case(classname: "caliper.gate", name: "baseline", outcome: .error, type: "no_baseline",
                     message: view.headline, details: view.reasons),
            ]))
        case .pass, .fail:
            break
        }
        if let history = view.history {
            var lines = [history.summary, "runs used, newest first: \(history.runs)"]
            if history.hasSkipped {
                lines += [history.skippedSummary] + history.skipped.map { "\($0.name): \($0.reason)" }
                if history.hasMoreSkipped { lines.append(history.moreSkipped) }
            }
            lines.append("method: \(history.method)")
            suites.append(Suite(name: "caliper.history", cases: [
                history.hasShortfall
                    ? Case(classname: "caliper.history", name: history.title, outcome: .skipped, type: "inconclusive",
                           message: history.shortfall, output: lines)
                    : Case(classname: "caliper.history", name: history.title, output: lines),
            ]))
        }
        if view.hasProblems {
            suites.append(Suite(name: "caliper.validity", cases: view.problems.map {
                Case(
                    classname: "caliper.validity.\($0.side)", name: $0.subject, outcome: .failure, type: "invalid_run",
                    message: "\($0.side) is not a valid measurement (\($0.subject)): \($0.reason)", details: [$0.reason])
            }))
        }
        if view.hasFailedRequests {
            suites.append(Suite(name: "caliper.failed_requests", cases: view.failedRequests.map {
                Case(classname: "caliper.failed_requests", name: $0.side, output: $0.errors)
            }))
        }
        let failsOnInconclusive = comparison.policy.inconclusive == .fail
        for section in view.sections where section.hasGated {
            suites.append(Suite(name: "caliper.\(section.kind)", cases: section.gated.map { row in
                Self.testCase(
                    row, kind: section.kind, failsOnInconclusive: failsOnInconclusive,
                    baseline: view.baselineHeader.lowercased())
            }))
        }
        if suites.isEmpty {
            // Some report parsers reject a file without a test case; the gate itself is one.
            suites.append(Suite(name: "caliper.gate", cases: [
                Case(classname: "caliper.gate", name: "gate", output: [view.headline]),
            ]))
        }
        self.suites = suites
        tests = suites.reduce(0) { $0 + $1.tests }
        failures = suites.reduce(0) { $0 + $1.failures }
        errors = suites.reduce(0) { $0 + $1.errors }
        skipped = suites.reduce(0) { $0 + $1.skipped }
    }

    /// `baseline` names the baseline's figure: `baseline`, or `history mean`.
    static func testCase(_ row: ComparisonRowView, kind: String, failsOnInconclusive: Bool, baseline: String) -> Case {
        let p = row.pValue.hasPrefix("<") || row.pValue == "-" ? "p \(row.pValue)" : "p = \(row.pValue)"
        let figures = [
            "\(baseline) \(row.baseline) → candidate \(row.candidate) (n \(row.counts))",
            "change \(row.delta) \(row.interval), \(p) (\(row.correction)), threshold \(row.threshold), method \(row.method)",
            "\(row.verdict): \(row.reason)",
        ]
        let message = "\(row.phrase) \(row.verdict): \(row.delta) \(row.interval) against \(row.threshold) (\(p))"
        let classname = "caliper.\(kind).\(row.subject)"
        switch row.verdictValue {
        case .regression?:
            return Case(classname: classname, name: row.label, outcome: .failure, type: "regression", message: message,
                        details: figures)
        case .inconclusive? where failsOnInconclusive:
            return Case(classname: classname, name: row.label, outcome: .failure, type: "inconclusive",
                        message: message, details: figures)
        case .inconclusive?:
            return Case(classname: classname, name: row.label, outcome: .skipped, type: "inconclusive",
                        message: message, output: figures)
        default:
            return Case(classname: classname, name: row.label, output: figures)
        }
    }
}
