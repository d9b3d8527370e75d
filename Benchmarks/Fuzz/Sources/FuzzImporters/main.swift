import CaliperImporters
import Foundation

// Byte 0 of the input: bit 7 picks the importer, the rest the file it replaces; the other bytes are
// the file. Perf: a one-point `evalscope perf` result; eval: an `evalscope eval` result.
let perf = ResultFolder(
    example: "1.14.1-capture/perf-single-completions-p2/20261124_185544/gpt-oss-20b",
    files: [
        "parallel_2_number_10/benchmark_summary.json", "parallel_2_number_10/benchmark_percentile.json",
        "parallel_2_number_10/benchmark_args.json",
    ])
let eval = ResultFolder(
    example: "1.14.1-capture/eval-mcq-with-errors/20261124_190344",
    files: [
        "reviews/gpt-oss-20b/general_mcq_science.jsonl", "reports/gpt-oss-20b/general_mcq.json",
        "configs/task_config.yaml",
    ])

/// FUZZ_SKIP_INVALID_UTF8=1 passes over inputs that are not UTF-8, to look past the known trap of
/// `JSONValue.parse` on them (crashes/README.md).
let skipsInvalidUTF8 = ProcessInfo.processInfo.environment["FUZZ_SKIP_INVALID_UTF8"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let choice = Int(data[0] & 0x7F), content = Data(bytes: data + 1, count: size - 1)
    if skipsInvalidUTF8, String(validating: content, as: UTF8.self) == nil { return 0 }
    if data[0] & 0x80 == 0 {
        perf.fuzz(choice: choice, content) { _ = try EvalScopePerfImporter.read($0) }
    } else {
        eval.fuzz(choice: choice, content) { _ = try EvalScopeEvalImporter.read($0) }
    }
    return 0
}
