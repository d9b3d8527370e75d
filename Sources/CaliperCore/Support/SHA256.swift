import Crypto
import Foundation

/// SHA-256 digests (swift-crypto), used for content hashes: a re-ingested result hashes the same
/// in every process, which `Hasher` does not promise.
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Data("abc".utf8))
/// hasher.hexDigest()   // "ba7816bf…"
/// ```
public struct SHA256 {
    private var hasher = Crypto.SHA256()

    public init() {}

    public mutating func update(_ data: Data) {
        hasher.update(data: data)
    }

    public mutating func update(_ string: String) {
        update(Data(string.utf8))
    }

    /// The digest as 64 lower-case hex characters.
    public func hexDigest() -> String {
        hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The hex digest of one string.
    public static func hex(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(string)
        return hasher.hexDigest()
    }
}
