import CaliperCore
import Testing

struct UnitsAndNamesTests {
    @Test func sourceUnitsConvertToCanonical() {
        #expect(SourceUnit.milliseconds.canonical(68.66) == 0.06866)
        #expect(SourceUnit.microseconds.canonical(250) == 0.00025)
        #expect(SourceUnit.percent.canonical(70) == 0.7)
        #expect(SourceUnit.seconds.canonical(0.797) == 0.797)
        #expect(SourceUnit.tokensPerSecond.canonical(160.57) == 160.57)
    }

    @Test func metricsKnowTheirDirection() {
        #expect(Metric.outputThroughput.direction == .higherIsBetter)
        #expect(Metric.ttft.direction == .lowerIsBetter)
        #expect(Metric.successRate.unit == .fraction)
    }

    @Test func percentileLabels() {
        #expect(Statistic(percentileLabel: "50%") == .p50)
        #expect(Statistic(percentileLabel: "min") == .min)
        #expect(Statistic(percentileLabel: "66%") == .p66)
        #expect(Statistic(percentileLabel: "33%") == nil)
        #expect(Statistic.p99.percentileRank == 99)
    }

    @Test func evalMetricNamesAcrossVersions() {
        #expect(EvalMetricName.canonical("AverageAccuracy") == "accuracy")
        #expect(EvalMetricName.canonical("mean_acc") == "accuracy")
        #expect(EvalMetricName.canonical("Rouge-L-R") == "rouge-l-r")
        #expect(EvalMetricName.canonical("mean_Rouge-L-R") == "rouge-l-r")
        #expect(EvalMetricName.canonical("rouge-l-r") == "rouge-l-r")
        #expect(EvalMetricName.canonical("mean_bleu-4") == "bleu-4")
        #expect(EvalMetricName.canonical("mean_acc_pass@4") == "pass@4")
        #expect(EvalMetricName.canonical("pass@1") == "pass@1")
        #expect(EvalMetricName.canonical("mean_acc_vote@4") == "vote@4")
        #expect(EvalMetricName.canonical("AveragePass@1") == "accuracy")
        #expect(EvalMetricName.canonical(name: "accuracy", aggregation: "mean", dimensions: [:]) == "accuracy")
        #expect(EvalMetricName.canonical(name: "accuracy", aggregation: "pass_at_k", dimensions: ["k": "2"]) == "pass@2")
        #expect(EvalMetricName.canonical(name: "rouge", aggregation: "mean", dimensions: ["variant": "l", "statistic": "recall"]) == "rouge-l-r")
        #expect(EvalMetricName.canonical(name: "rouge", aggregation: "mean", dimensions: ["ngram": "1", "statistic": "f1"]) == "rouge-1-f")
        #expect(EvalMetricName.canonical(name: "bleu", aggregation: "mean", dimensions: ["ngram": "4"]) == "bleu-4")
    }
}
