import CaliperCore
import Foundation
import Testing

/// The JSON reader of every result file: Python's NaN/Infinity, strict elsewhere, and a thrown
/// error (never a trap) for anything malformed, including the inputs the fuzzer found.
struct JSONParserTests {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Data(text.utf8)) }

    @Test func readsWhatPythonWrites() throws {
        #expect(try parse(#"{"a": NaN, "b": Infinity, "c": -Infinity, "d": [1, -0, 2.5, 1e3, "x"], "e": null, "f": true}"#)
            .canonicalJSON == #"{"a":null,"b":null,"c":null,"d":[1,0,2.5,1000,"x"],"e":null,"f":true}"#)
        #expect(try parse("NaN").doubleValue == nil)
        #expect(try parse("-Infinity") == .double(-.infinity))
        #expect(try parse("9223372036854775807") == .int(.max))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("1e400") == .double(.infinity))
        #expect(try parse(#""\u00e9\ud83d\ude00\n\"""#) == .string("é😀\n\""))
        #expect(try parse(#""\ud800""#) == .string("\u{FFFD}"))
        #expect(try parse(#" "答案：D" "#) == .string("答案：D"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "+1", "nul", "NaNa", "[1] 2", "'a'", "{a: 1}",
        "\"tab\there\"", "\"\\x\"", "\"\\u12\"",
    ])
    func refusesMalformedText(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try parse(text) }
    }

    /// Found by fuzzing: Foundation's JSON5 scanner trapped on these bytes.
    @Test func refusesBytesThatAreNotUTF8() {
        for bytes: [UInt8] in [[0x7B, 0xF9, 0xE5, 0x01, 0x00, 0xFF], [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0xEF, 0xBB]] {
            #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Data(bytes)) }
        }
    }

    @Test func refusesNestingBeyondTheLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try parse(fine).arrayValue?.count == 1)
    }

    /// Every input the fuzzer saved (Benchmarks/Fuzz/crashes): parsed or refused, never a trap.
    @Test func theFuzzersFindingsAreRefused() throws {
        let crashes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Benchmarks/Fuzz/crashes")
        let files = try FileManager.default.contentsOfDirectory(at: crashes, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent != "README.md" }
        #expect(files.count >= 5)
        for file in files {
            let data = try Data(contentsOf: file)
            // The parsers' target reads a selector byte first; the importers' target the whole file.
            // Reaching the end of this loop is the test: Foundation's JSON5 scanner trapped on them.
            for input in [data, data.dropFirst()] {
                let parsed = try? JSONParser.parse(Data(input))
                if file.lastPathComponent.hasSuffix("invalid-utf8") { #expect(parsed == nil) }
            }
        }
        let longNumber = try Data(contentsOf: crashes.appending(path: "benchmark_summary-136-digits.json"))
        #expect(try JSONParser.parse(longNumber).doubleValue == Double(String(repeating: "5", count: 136)))
    }
}
