@testable import CaliperMockServer
import Foundation
import Testing

/// The rules that need no server: token counting, JSON text, fault choice, slowdown.
struct PureRulesTests {
    @Test(arguments: [("", 0), ("one", 1), ("  two words ", 2), ("tab\tand\nnewline", 3), ("héllo wörld", 2)])
    func promptTokensAreWords(text: String, expected: Int) {
        #expect(PromptTokenCounter.count(text) == expected)
    }

    @Test func jsonTextKeepsOrderNullsAndEscapes() {
        let value: JSONValue = .object([
            ("b", "quote \" backslash \\ newline \n bell \u{07}"), ("a", .null), ("n", 3), ("ok", true),
            ("list", .array([1, "x"])),
        ])
        #expect(value.text == #"{"b":"quote \" backslash \\ newline \n bell \u0007","a":null,"n":3,"ok":true,"list":[1,"x"]}"#)
    }

    @Test func faultPrecedenceAndCounting() {
        let behavior = MockBehavior(failEvery: 4, closeEvery: 2, errorEvery: 3, malformedEvery: 1)
        let faults = (1...6).map { behavior.fault(requestNumber: 2 * $0 + 1, streamNumber: $0) }   // odd: never failed
        #expect(faults == [.malformedLine, .closedMidStream, .inBandError, .closedMidStream, .malformedLine, .closedMidStream])
        #expect(behavior.fault(requestNumber: 12, streamNumber: 1) == .httpError)
        #expect(behavior.fault(requestNumber: 13, streamNumber: nil) == nil)
        #expect(MockBehavior(failEvery: 0).fault(requestNumber: 5, streamNumber: 5) == nil)
    }

    @Test func slowdownScalesWithOthersInFlight() {
        let behavior = MockBehavior(ttft: 0.1, interTokenDelay: 0.01, loadSlowdown: LoadSlowdown())
        #expect(behavior.delays(othersInFlight: 0) == (0.1, 0.01))
        let loaded = behavior.delays(othersInFlight: 2)
        #expect(abs(loaded.ttft - 0.15) < 1e-12 && abs(loaded.interTokenDelay - 0.013) < 1e-12)
        #expect(MockBehavior(ttft: 0.1).delays(othersInFlight: 7).ttft == 0.1)
    }

    @Test func tokenTextReadsAsWords() {
        #expect(TokenText.text(tokens: 3) == "the model generates")
        #expect(TokenText.token(20) == " the")
    }
}
