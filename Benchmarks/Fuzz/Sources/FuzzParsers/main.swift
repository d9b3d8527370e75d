import CaliperCore
@testable import CaliperImporters
import Foundation

// The byte-level parsers without files: the first byte chooses JSONValue.parse or the scan of a
// perf database's timing arrays (`inter_token_latencies`, `chunk_times`), which reads raw bytes.
let skipsInvalidUTF8 = ProcessInfo.processInfo.environment["FUZZ_SKIP_INVALID_UTF8"] == "1"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let body = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if data[0] % 2 == 0 {
        // FUZZ_SKIP_INVALID_UTF8=1: past the known trap on bytes that are not UTF-8 (crashes/README.md).
        if skipsInvalidUTF8, String(validating: body, as: UTF8.self) == nil { return 0 }
        _ = try? JSONValue.parse(Data(body))
    } else {
        // A copy of exactly the input's length, so that ASan sees any read past its end.
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: body.count, alignment: 1)
        defer { copy.deallocate() }
        copy.copyMemory(from: body)
        _ = EvalScopePerfNumberArray.scan(UnsafeRawBufferPointer(copy))
    }
    return 0
}
