import CaliperCore
import Foundation
import ZIPFoundation

/// The members of an Inspect `.eval` log (a zip archive), read from bytes already loaded through
/// ``SourceFiles`` so that the run's hash covers the whole archive.
///
/// Inspect writes stored or deflated members up to early 2026 and zstd members (method 93) since;
/// ZIPFoundation's `Archive` refuses method 93 and does not expose where a member's data starts,
/// so the central directory is read here (ZIP64 included) and ZIPFoundation only inflates.
///
/// ```swift
/// let archive = try InspectArchive(data: bytes, file: url)
/// let header = try archive.json("header.json")
/// archive.names(under: "samples/")   // ["samples/q1_epoch_1.json", …]
/// ```
struct InspectArchive {
    struct Member {
        var name: String
        var method: UInt16
        var crc32: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    let file: URL
    private let bytes: Data
    /// By name; a name written twice (Inspect appends a fresh `header.json`) is its last copy.
    private(set) var members: [String: Member] = [:]

    /// The largest member Caliper inflates: what ``SourceFiles`` allows for a whole file.
    static let maximumMemberSize = UInt64(SourceFiles.maximumFileSize)

    init(data: Data, file: URL) throws {
        self.file = file
        bytes = data
        let directory = try centralDirectory()
        var offset = directory.offset
        for index in 0..<directory.count {
            let member = try readCentralEntry(at: &offset, index: index)
            members[member.name] = member
        }
    }

    /// Names of the members under a folder (`samples/`), sorted.
    func names(under prefix: String) -> [String] {
        members.keys.filter { $0.hasPrefix(prefix) && !$0.hasSuffix("/") }.sorted()
    }

    func contains(_ name: String) -> Bool { members[name] != nil }

    /// Where a member's errors point: `logs/x.eval/header.json`.
    func location(of name: String) -> URL { file.appending(path: name) }

    /// A member's bytes, checked against its CRC-32.
    func data(_ name: String) throws -> Data {
        guard let member = members[name] else { throw ImportError(file: location(of: name), reason: "missing from the archive") }
        guard member.uncompressedSize <= Self.maximumMemberSize else {
            throw ImportError(file: location(of: name), reason: "\(member.uncompressedSize) bytes uncompressed, more than Caliper reads")
        }
        let expected = Int(member.uncompressedSize)
        let compressed = try memberBytes(member)
        let content: Data
        switch member.method {
        case 0:
            content = compressed
        case 8:
            content = try inflate(compressed, expectedSize: expected, name: name)
        case 93:
            do {
                content = try Zstandard.decompress(compressed, expectedSize: expected)
            } catch {
                throw ImportError(file: location(of: name), reason: error.description)
            }
        default:
            throw ImportError(file: location(of: name), reason: "unsupported zip compression method \(member.method)")
        }
        guard content.count == expected else {
            throw ImportError(file: location(of: name), reason: "\(content.count) bytes, the zip header says \(expected) (truncated?)")
        }
        guard content.crc32(checksum: 0) == member.crc32 else {
            throw ImportError(file: location(of: name), reason: "CRC-32 mismatch: the archive is corrupt")
        }
        return content
    }

    /// A member parsed as JSON (bare `NaN`/`Infinity` allowed, as Python writes them).
    func json(_ name: String) throws -> JSONValue {
        let content = try data(name)
        do {
            return try JSONValue.parse(content)
        } catch {
            throw ImportError(file: location(of: name), reason: content.isEmpty ? "empty, expected JSON" : "not valid JSON (truncated or malformed)")
        }
    }

    // MARK: Reading the zip structure

    private func fail(_ reason: String) -> ImportError {
        ImportError(file: file, reason: "not a readable zip archive: \(reason)")
    }

    private func uint16(_ offset: UInt64) -> UInt16? {
        guard let start = index(offset, 2) else { return nil }
        return UInt16(bytes[start]) | UInt16(bytes[start + 1]) << 8
    }

    private func uint32(_ offset: UInt64) -> UInt32? {
        guard let start = index(offset, 4) else { return nil }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[start + $1]) << (8 * UInt32($1)) }
    }

    private func uint64(_ offset: UInt64) -> UInt64? {
        guard let start = index(offset, 8) else { return nil }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
    }

    /// The `Data` index of `length` bytes at `offset`, nil when they are not all inside.
    private func index(_ offset: UInt64, _ length: Int) -> Int? {
        guard offset <= UInt64(bytes.count), UInt64(bytes.count) - offset >= UInt64(length) else { return nil }
        return bytes.startIndex + Int(offset)
    }

    /// The central directory's offset and entry count, from the end record (ZIP64 when needed).
    private func centralDirectory() throws -> (offset: UInt64, count: Int) {
        let size = bytes.count
        guard size >= 22 else { throw fail("too short (\(size) bytes)") }
        // The end record is the last 22 bytes, or up to 64 KiB earlier when it has a comment.
        var end: UInt64?
        var position = size - 22
        let lowest = max(0, size - 22 - 0xFFFF)
        while position >= lowest {
            if uint32(UInt64(position)) == 0x0605_4B50 {
                end = UInt64(position)
                break
            }
            position -= 1
        }
        guard let end, let count16 = uint16(end + 10), let offset32 = uint32(end + 16) else {
            throw fail("no end of central directory (truncated?)")
        }
        var count = UInt64(count16)
        var offset = UInt64(offset32)
        if count16 == 0xFFFF || offset32 == 0xFFFF_FFFF {
            // Offsets read from the file are checked against its size before any arithmetic on them.
            guard end >= 20, uint32(end - 20) == 0x0706_4B50, let zip64End = uint64(end - 20 + 8),
                  zip64End <= UInt64(size), uint32(zip64End) == 0x0606_4B50, let count64 = uint64(zip64End + 32), let offset64 = uint64(zip64End + 48)
            else { throw fail("ZIP64 end record missing or damaged") }
            count = count64
            offset = offset64
        }
        // Each central entry takes at least 46 bytes: a larger count is a lie.
        guard count <= UInt64(size) / 46 else { throw fail("\(count) entries cannot fit in \(size) bytes") }
        guard offset <= UInt64(size) else { throw fail("central directory offset \(offset) is past the end (\(size) bytes)") }
        return (offset, Int(count))
    }

    private func readCentralEntry(at offset: inout UInt64, index: Int) throws -> Member {
        guard uint32(offset) == 0x0201_4B50, let method = uint16(offset + 10), let crc = uint32(offset + 16),
              let compressed32 = uint32(offset + 20), let uncompressed32 = uint32(offset + 24),
              let nameLength = uint16(offset + 28), let extraLength = uint16(offset + 30),
              let commentLength = uint16(offset + 32), let local32 = uint32(offset + 42),
              let nameStart = self.index(offset + 46, Int(nameLength))
        else { throw fail("central directory entry \(index + 1) is damaged (truncated?)") }
        let name = String(decoding: bytes[nameStart..<(nameStart + Int(nameLength))], as: UTF8.self)
        var member = Member(
            name: name, method: method, crc32: crc, compressedSize: UInt64(compressed32),
            uncompressedSize: UInt64(uncompressed32), localHeaderOffset: UInt64(local32))

        // ZIP64 extra field: the 8-byte values of the fields whose 4-byte value is 0xFFFFFFFF, in order.
        var extra = offset + 46 + UInt64(nameLength)
        let extraEnd = extra + UInt64(extraLength)
        while extra + 4 <= extraEnd, let id = uint16(extra), let length = uint16(extra + 2) {
            if id == 0x0001 {
                var field = extra + 4
                if uncompressed32 == 0xFFFF_FFFF, let value = uint64(field) {
                    member.uncompressedSize = value
                    field += 8
                }
                if compressed32 == 0xFFFF_FFFF, let value = uint64(field) {
                    member.compressedSize = value
                    field += 8
                }
                if local32 == 0xFFFF_FFFF, let value = uint64(field) {
                    member.localHeaderOffset = value
                }
            }
            extra += 4 + UInt64(length)
        }
        offset = extraEnd + UInt64(commentLength)
        return member
    }

    /// The member's stored bytes, found through its local header.
    private func memberBytes(_ member: Member) throws -> Data {
        let local = member.localHeaderOffset
        guard local <= UInt64(bytes.count), uint32(local) == 0x0403_4B50, let nameLength = uint16(local + 26), let extraLength = uint16(local + 28) else {
            throw ImportError(file: location(of: member.name), reason: "local header missing (the archive is truncated or corrupt)")
        }
        let start = local + 30 + UInt64(nameLength) + UInt64(extraLength)
        guard member.compressedSize <= Self.maximumMemberSize,
              let first = index(start, Int(member.compressedSize)) else {
            throw ImportError(file: location(of: member.name), reason: "data runs past the end of the archive (truncated?)")
        }
        return bytes.subdata(in: first..<(first + Int(member.compressedSize)))
    }

    /// Inflates raw deflate data. ZIPFoundation's inflater tells zlib that every chunk is a full
    /// buffer and asks again after the data ends, so the provider pads with zeros (invalid deflate,
    /// which zlib rejects) and gives up after a few padded chunks: a truncated member fails instead
    /// of hanging or reading past the buffer.
    private struct InflateStop: Error {}

    private func inflate(_ compressed: Data, expectedSize: Int, name: String) throws -> Data {
        var output = Data()
        output.reserveCapacity(expectedSize)
        var paddedChunks = 0
        do {
            _ = try Data.decompress(
                size: Int64(compressed.count), bufferSize: 64 * 1024, skipCRC32: true,
                provider: { position, size in
                    let available = max(0, compressed.count - Int(clamping: position))
                    let real = min(size, available)
                    if real < size {
                        paddedChunks += 1
                        if paddedChunks > 2 { throw InflateStop() }
                    }
                    let from = compressed.startIndex + (compressed.count - available)
                    var chunk = compressed.subdata(in: from..<(from + real))
                    chunk.append(Data(count: size - real))
                    return chunk
                },
                consumer: { chunk in
                    output.append(chunk)
                    // More than the header promised: stop before a crafted member fills memory.
                    if output.count > expectedSize { throw InflateStop() }
                })
        } catch {
            throw ImportError(file: location(of: name), reason: "deflate data is corrupt or truncated")
        }
        return output
    }
}
