import CaliperAnalysis
import CaliperCore

/// The JSON form of a trend (`caliper trend --format json`): snake_case keys, sorted; numbers in
/// canonical units (seconds, tokens/s, fractions); absent values as `null`.
///
/// - `subject`: `kind`, `metric` (or `score`), `stat` (null for a score), `label`, `concurrency`,
///   `request_rate`, `dataset`, `score_metrics`, `unit` (canonical: `s`, `tok/s`, `fraction`, …), `direction`.
/// - `filters`, `order`, `level`, `runs`, `first_time`, `last_time`.
/// - `points`: one per run, oldest first, each on one line: `run_id`, `time`, `value`, `interval` {`lower`, `upper`,
///   `level`}, `n`, `method`, `limitation`, `engine`, `engine_version`, `hardware`, `labels`,
///   `group` (the `--by` key's value), `score_metric`.
/// - `change_points`: `index` (into `points`), `run_id`, `previous_run_id`, `time`, `before`,
///   `after`, `before_count`, `after_count`, `relative_change`, `p_value`, `direction`, and
///   `changed`: [{`field`, `before`, `after`}], the keys that differ from the previous run.
/// - `segments`: `first_run_id`, `last_run_id`, `runs`, `mean`.
/// - `grouping` and `groups`: `value`, `runs`, `run_ids`, `mean`, `interval`.
/// - `detector`: `max_p_value`, `window`, `min_magnitude`, `min_segment`; `left_out`; `notes`.
/// - `reference_run_id`: the newest matching run, which the others must be comparable with;
///   `excluded`: [{`run_id`, `reason`}], the runs that are not (`stream differs (false vs true)`).
///
/// Written with ``JSONWriter`` rather than `Encodable`: a 10,000-run trend must print in well
/// under 300 ms, and `JSONEncoder` alone takes most of that. Keys are written in sorted order.
///
/// ```swift
/// TrendDocument.json(series)
/// // {\n  "change_points" : [\n    {\n      "after" : 1350.2, …
/// ```
enum TrendDocument {
    static func json(_ series: TrendSeries) -> String {
        // About 350 bytes a run.
        var json = JSONWriter(reservingCapacity: 4_096 + 400 * series.points.count)
        json.object { json in
            json.field("change_points") { json in
                json.array(series.changes) { json, change in self.change(change, into: &json) }
            }
            json.field("detector") { json in
                json.object { json in
                    json.field("max_p_value", series.detector.maxPValue)
                    json.field("min_magnitude", series.detector.minMagnitude)
                    json.field("min_segment", series.detector.minSegment)
                    json.field("window", series.detector.window)
                }
            }
            json.field("excluded") { json in
                json.array(series.excluded) { json, exclusion in
                    json.compact { json in
                        json.object { json in
                            json.field("reason", exclusion.reason)
                            json.field("run_id", exclusion.runID)
                        }
                    }
                }
            }
            json.field("filters", series.filters)
            json.field("first_time", series.timeSpan?.first)
            json.field("grouping", series.grouping?.description)
            json.field("groups") { json in
                json.array(series.groups) { json, group in
                    json.object { json in
                        json.field("interval") { interval(group.interval, into: &$0) }
                        json.field("mean", group.mean)
                        json.field("run_ids") { json in json.compact { $0.array(group.runIDs) { $0.number($1) } } }
                        json.field("runs", group.runIDs.count)
                        json.field("value", group.value)
                    }
                }
            }
            json.field("last_time", series.timeSpan?.last)
            json.field("left_out", series.leftOut)
            json.field("level", series.level)
            json.field("notes", TrendView.notes(series))
            json.field("order", series.order.rawValue)
            json.field("points") { json in
                // One run a line: 10,000 runs stay readable with grep and a pager, and write twice as fast.
                json.array(series.points) { json, point in
                    json.compact { self.point(point, grouping: series.grouping, into: &$0) }
                }
            }
            json.field("reference_run_id", series.reference)
            json.field("runs", series.points.count)
            json.field("segments") { json in
                json.array(series.segments) { json, segment in
                    json.object { json in
                        json.field("first_run_id", series.points[segment.range.lowerBound].runID)
                        json.field("last_run_id", series.points[segment.range.upperBound - 1].runID)
                        json.field("mean", segment.mean)
                        json.field("runs", segment.range.count)
                    }
                }
            }
            json.field("subject") { subject(series, into: &$0) }
        }
        return json.text + "\n"
    }

    private static func subject(_ series: TrendSeries, into json: inout JSONWriter) {
        let subject = series.subject
        var metric = "score", statistic: String?, dataset: String?, concurrency: Int?, requestRate: Double?
        switch subject {
        case .perf(let m, let s, let c, let r):
            (metric, statistic, concurrency, requestRate) = (m.rawValue, s.rawValue, c, r)
        case .score(let d):
            dataset = d
        }
        json.object { json in
            json.field("concurrency", concurrency)
            json.field("dataset", dataset)
            json.field("direction", subject.direction.rawValue)
            json.field("kind", subject.kind.rawValue)
            json.field("label", subject.label)
            json.field("metric", metric)
            json.field("request_rate", requestRate)
            json.field("score_metrics", series.scoreMetrics)
            json.field("stat", statistic)
            json.field("unit", subject.unit.rawValue)
        }
    }

    private static func point(_ point: TrendPoint, grouping: RunKey?, into json: inout JSONWriter) {
        let run = point.run
        json.object { json in
            json.field("engine", run.engine.name)
            json.field("engine_version", run.engine.version)
            json.field("group", grouping?.value(in: run))
            json.field("hardware", run.hardware == Hardware() ? nil : run.hardware.displayName)
            json.field("interval") { interval(point.interval, into: &$0) }
            json.field("labels", run.labels)
            json.field("limitation", point.limitation)
            json.field("method", point.method.rawValue)
            json.field("n", point.count)
            json.field("run_id", point.runID)
            json.field("score_metric", point.scoreMetric)
            json.field("time", point.time)
            json.field("value", point.value)
        }
    }

    private static func change(_ change: TrendChange, into json: inout JSONWriter) {
        let point = change.changePoint
        json.object { json in
            json.field("after", point.after)
            json.field("after_count", point.afterCount)
            json.field("before", point.before)
            json.field("before_count", point.beforeCount)
            json.field("changed") { json in
                json.array(change.differences) { json, difference in
                    json.object { json in
                        json.field("after", ComparisonView.keyValue(difference.candidate))
                        json.field("before", ComparisonView.keyValue(difference.baseline))
                        json.field("field", difference.field)
                    }
                }
            }
            json.field("direction", point.forwardChange.rawValue)
            json.field("index", point.index)
            json.field("p_value", point.pValue)
            json.field("previous_run_id", change.previousRunID)
            json.field("relative_change", point.relativeChange)
            json.field("run_id", change.runID)
            json.field("time", change.time)
        }
    }

    /// {`level`, `lower`, `upper`}, or null without a finite interval.
    private static func interval(_ interval: ConfidenceInterval?, into json: inout JSONWriter) {
        guard let interval, interval.lower.isFinite, interval.upper.isFinite else { return json.null() }
        json.object { json in
            json.field("level", interval.level)
            json.field("lower", interval.lower)
            json.field("upper", interval.upper)
        }
    }
}
