import CZlibShim
import Foundation

/// gzip through zlib: bundles travel as `.json.gz` / `.jsonl.gz`, a tenth of their size.
///
/// ```swift
/// let writer = try Gzip.Writer()
/// let compressed = try writer.add(Data("hello".utf8)) + writer.finish()
/// try Gzip.decompress(compressed)   // "hello"
/// ```
enum Gzip {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Whether `data` starts with gzip's magic bytes.
    static func isCompressed(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    }

    /// The decompressed bytes (every gzip member, as `gunzip` does), or at most `limit` of them.
    static func decompress(_ data: Data, limit: Int = .max) throws -> Data {
        var stream = z_stream()
        // 15 + 32: a zlib or gzip header, detected.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "cannot start zlib")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: UInt8.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while output.count < limit {
                let status = step(&stream, buffer: &buffer, into: &output) { inflate(&$0, Z_NO_FLUSH) }
                switch status {
                case Z_STREAM_END:
                    // Another member follows (`cat a.gz b.gz`): read it too.
                    guard stream.avail_in > 0 else { return }
                    guard inflateReset(&stream) == Z_OK else { throw Failure(description: "corrupt gzip data") }
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0: throw Failure(description: "the gzip data ends early (truncated file?)")
                default: throw Failure(description: "corrupt gzip data (zlib error \(status))")
                }
            }
        }
        return output.count > limit ? output.prefix(limit) : output
    }

    /// One zlib call with `buffer` as its output space; what it wrote is appended to `output`.
    fileprivate static func step(
        _ stream: inout z_stream, buffer: inout [UInt8], into output: inout Data, _ call: (inout z_stream) -> Int32
    ) -> Int32 {
        buffer.withUnsafeMutableBufferPointer { out in
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            let status = call(&stream)
            if let base = out.baseAddress { output.append(base, count: out.count - Int(stream.avail_out)) }
            return status
        }
    }

    /// A gzip member built piece by piece, so a large export never holds its whole text.
    final class Writer {
        private var stream = z_stream()

        init() throws {
            // 15 + 16: a gzip header and trailer; level 6 is gzip's default.
            guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                                Int32(MemoryLayout<z_stream>.size)) == Z_OK
            else { throw Failure(description: "cannot start zlib") }
        }

        deinit { deflateEnd(&stream) }

        /// Compresses `data`; returns the compressed bytes ready so far.
        func add(_ data: Data) throws -> Data { try run(data, flush: Z_NO_FLUSH) }

        /// Ends the member; returns the last compressed bytes.
        func finish() throws -> Data { try run(Data(), flush: Z_FINISH) }

        private func run(_ data: Data, flush: Int32) throws -> Data {
            var output = Data()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            try data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
                stream.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self)) }
                stream.avail_in = uInt(input.count)
                while true {
                    let status = Gzip.step(&stream, buffer: &buffer, into: &output) { deflate(&$0, flush) }
                    if status == Z_STREAM_END { return }
                    guard status == Z_OK || status == Z_BUF_ERROR else { throw Failure(description: "zlib error \(status)") }
                    // All input taken and nothing more to write out: done for now.
                    if stream.avail_in == 0 && stream.avail_out != 0 && flush == Z_NO_FLUSH { return }
                }
            }
            return output
        }
    }
}
