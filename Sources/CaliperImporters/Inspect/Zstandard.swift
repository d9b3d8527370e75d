import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Zstandard decompression for the members of Inspect `.eval` logs, which Inspect compresses with
/// zip method 93 (zstd) since 2026; ZIPFoundation reads only stored and deflated members.
///
/// The system's libzstd (`libzstd1` on Debian and Ubuntu, a dependency of apt and systemd, so
/// always present there) is loaded when first needed, so that no build step or header is needed;
/// where it is missing, reading a zstd member fails with an error that says so.
///
/// ```swift
/// let json = try Zstandard.decompress(compressed, expectedSize: 1864)
/// ```
enum Zstandard {
    enum Failure: Error, CustomStringConvertible {
        case libraryMissing
        case corrupt(String)
        case sizeMismatch(expected: Int, actual: Int)

        var description: String {
            switch self {
            case .libraryMissing:
                "zstd-compressed member, but no libzstd was found (install libzstd1)"
            case .corrupt(let reason):
                "zstd data is corrupt (\(reason))"
            case .sizeMismatch(let expected, let actual):
                "zstd data decompresses to \(actual) bytes, the zip header says \(expected)"
            }
        }
    }

    private typealias Decompress = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
    private typealias IsError = @convention(c) (Int) -> UInt32
    private typealias ErrorName = @convention(c) (Int) -> UnsafePointer<CChar>?

    /// The three entry points used, resolved once. The handle is never closed: the library stays
    /// loaded for the life of the process, so the pointers stay valid.
    private struct Library: @unchecked Sendable {
        let decompress: Decompress
        let isError: IsError
        let errorName: ErrorName
    }

    private static let library: Library? = load()

    /// Whether libzstd could be loaded on this machine.
    static var isAvailable: Bool { library != nil }

    private static let candidates = [
        "libzstd.so.1", "libzstd.so",
        "libzstd.1.dylib", "/opt/homebrew/lib/libzstd.1.dylib", "/usr/local/lib/libzstd.1.dylib",
    ]

    private static func load() -> Library? {
        for name in candidates {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let decompress = dlsym(handle, "ZSTD_decompress"),
                  let isError = dlsym(handle, "ZSTD_isError"),
                  let errorName = dlsym(handle, "ZSTD_getErrorName")
            else { continue }
            return Library(
                decompress: unsafeBitCast(decompress, to: Decompress.self),
                isError: unsafeBitCast(isError, to: IsError.self),
                errorName: unsafeBitCast(errorName, to: ErrorName.self))
        }
        return nil
    }

    /// The content of one or more zstd frames, which must be exactly `expectedSize` bytes (the
    /// size the zip's central directory records; the caller bounds it).
    static func decompress(_ compressed: Data, expectedSize: Int) throws(Failure) -> Data {
        guard let library else { throw .libraryMissing }
        guard expectedSize >= 0 else { throw .sizeMismatch(expected: expectedSize, actual: 0) }
        // One spare byte: output that does not fit is reported by libzstd as an error.
        var output = Data(count: expectedSize + 1)
        let written = output.withUnsafeMutableBytes { target in
            compressed.withUnsafeBytes { source in
                library.decompress(target.baseAddress, target.count, source.baseAddress, source.count)
            }
        }
        if library.isError(written) != 0 {
            let name = library.errorName(written).map { String(cString: $0) } ?? "error \(written)"
            throw .corrupt(name)
        }
        guard written == expectedSize else { throw .sizeMismatch(expected: expectedSize, actual: written) }
        output.removeLast()
        return output
    }
}
