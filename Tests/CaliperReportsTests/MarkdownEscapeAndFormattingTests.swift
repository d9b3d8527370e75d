import CaliperAnalysis
import CaliperCore
import CaliperReports
import Testing

struct MarkdownEscapeTests {
    @Test func escapesWhatMarkdownWouldRead() {
        #expect(MarkdownEscape.escape("Qwen|8B") == #"Qwen\|8B"#)
        #expect(MarkdownEscape.escape("<script>x</script>") == #"\<script>x\</script>"#)
        #expect(MarkdownEscape.escape("*a* `b` ~c~ $d$") == #"\*a\* \`b\` \~c\~ \$d\$"#)
        #expect(MarkdownEscape.escape("[x](http://e) [y]: z") == #"[x\](http://e) [y\]: z"#)
        #expect(MarkdownEscape.escape("_lead and trail_") == #"\_lead and trail\_"#)
        #expect(MarkdownEscape.escape("a\nb|c") == #"a b\|c"#)
        #expect(MarkdownEscape.escape("&lt;") == #"\&lt;"#)
    }

    @Test func escapesBlockMarkersAtTheStartOnly() {
        #expect(MarkdownEscape.escape("# title") == ##"\# title"##)
        #expect(MarkdownEscape.escape("> quote") == #"\> quote"#)
        #expect(MarkdownEscape.escape("- item") == #"\- item"#)
        #expect(MarkdownEscape.escape("12. item") == #"12\. item"#)
        #expect(MarkdownEscape.escape("a - b # c > d") == "a - b # c > d")
    }

    @Test func leavesFiguresAndNamesReadable() {
        for text in ["output_throughput", "[-9.5%, -4.4%]", "p < 0.001", "-2pp", "+12.30 ms", "1.2 ms", "--allow-diff model", "B&B"] {
            #expect(MarkdownEscape.escape(text) == text)
        }
    }
}

struct XMLEscapeTests {
    @Test func escapesMarkupAndDropsForbiddenCharacters() {
        #expect(XMLEscape.escape("a<b>&\"c'\u{7}\n") == "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}&#10;")
    }
}

struct ComparisonFormattingTests {
    @Test func changesInTheThresholdsTerms() {
        #expect(Formatting.change(0.123, .relative) == "+12.3%")
        #expect(Formatting.change(-0.0001, .relative) == "0.0%")
        #expect(Formatting.change(-0.025, .percentagePoints) == "-2.5pp")
        #expect(Formatting.change(0.0123, .absolute(.seconds)) == "+12.30 ms")
        #expect(Formatting.change(120.5, .absolute(.tokens)) == "+120.5")
        #expect(Formatting.change(0.041, .relative, signed: false) == "4.1%")
        #expect(Formatting.change(nil, .relative) == "-")
        #expect(Formatting.interval(ConfidenceInterval(lower: -0.095, upper: -0.044, level: 0.95), .relative)
            == "[-9.5%, -4.4%]")
    }

    @Test func thresholdsAreSignedTowardsWorse() {
        #expect(Formatting.threshold(.relative(percent: 10, direction: .lowerIsBetter), unit: .seconds) == "+10%")
        #expect(Formatting.threshold(.percentagePoints(2, direction: .higherIsBetter), unit: .fraction) == "-2pp")
        #expect(Formatting.threshold(.absolute(0.05, direction: .lowerIsBetter), unit: .seconds) == "+50.00 ms")
        #expect(Formatting.threshold(.relative(percent: 5, direction: .neutral), unit: .tokens) == "±5%")
    }

    @Test func pValuesCountsAndMethods() {
        #expect(Formatting.pValue(0.0449) == "0.045")
        #expect(Formatting.pValue(0.0004) == "< 0.001")
        #expect(Formatting.pValue(nil) == "-")
        #expect(Formatting.count(1_234_567) == "1,234,567")
        #expect(Formatting.count(999) == "999")
        #expect(Formatting.method(interval: .orderStatistic, test: .mannWhitney) == "order_statistic / mann_whitney")
        #expect(Formatting.method(interval: .welch, test: .welch) == "welch")
        #expect(Formatting.method(interval: .none, test: .none) == "-")
        #expect(Formatting.percent(0.95) == "95%")
    }
}
