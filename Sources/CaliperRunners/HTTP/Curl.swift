import CCurl

/// libcurl's process-wide state: `curl_global_init` must run once, before any handle exists and
/// before other threads use libcurl.
///
/// ```swift
/// Curl.initialize()      // idempotent; every client calls it first
/// Curl.version           // "libcurl/7.88.1 OpenSSL/3.0.15 …"
/// ```
public enum Curl {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    /// Initializes libcurl once; false if it could not be.
    @discardableResult
    public static func initialize() -> Bool { initialized }

    public static var version: String { String(cString: curl_version()) }
}
