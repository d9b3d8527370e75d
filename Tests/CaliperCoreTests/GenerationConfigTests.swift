import CaliperCore
import Foundation
import Testing

struct GenerationConfigTests {
    /// An eval's `extra_body` and a perf run's `extra_args` are request fields: both land at the top level.
    @Test func mergesExtraBodyAndExtraArgs() throws {
        let eval = GenerationConfig([
            "max_tokens": .int(4096), "temperature": .double(0.6), "batch_size": .int(8),
            "extra_body": .object(["reasoning_effort": .string("high")]),
        ])
        let perf = GenerationConfig([
            "max_tokens": .int(4096), "temperature": .double(0.6), "top_p": .null,
            "extra_args": .object(["reasoning_effort": .string("high")]),
        ])
        #expect(eval.canonicalJSON == #"{"max_tokens":4096,"reasoning_effort":"high","temperature":0.6}"#)
        #expect(eval.hash == perf.hash)
        #expect(eval.reasoningEffort == "high")
        #expect(eval.maxTokens == 4096)
        #expect(eval.temperature == 0.6)
    }

    @Test func typedFieldsFromTopLevel() {
        let config = GenerationConfig([
            "ignore_eos": .bool(true), "stream": .bool(false), "min_tokens": .double(128), "top_p": .double(0.95),
        ])
        #expect(config.ignoreEOS == true)
        #expect(config.stream == false)
        #expect(config.minTokens == 128)
        #expect(config.topP == 0.95)
        #expect(config.reasoningEffort == nil)
    }

    @Test func canonicalJSONIsOrderAndSpellingIndependent() throws {
        let a = try JSONValue.parse(Data(#"{"b": [1.0, 2.5], "a": {"y": NaN, "x": "q\""}}"#.utf8))
        let b = try JSONValue.parse(Data(#"{"a": {"x": "q\"", "y": null}, "b": [1, 2.5]}"#.utf8))
        #expect(a.canonicalJSON == #"{"a":{"x":"q\"","y":null},"b":[1,2.5]}"#)
        #expect(a.canonicalJSON == b.canonicalJSON)
    }

    @Test func sha256MatchesKnownVector() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
