import Foundation

/// The server to ask about itself, derived from the URL a benchmark sends its requests to.
///
/// vLLM answers `/version` and `/v1/models` at its root, so the base is the benchmark URL up to
/// its `/v1` segment (a reverse proxy's prefix is kept), or its origin when it has none.
///
/// ```swift
/// let target = ProbeTarget(benchmarkURL: "http://127.0.0.1:8801/v1/completions")!
/// target.baseURL    // "http://127.0.0.1:8801"
/// target.host       // "127.0.0.1"
/// ProbeTarget(benchmarkURL: "https://gw.example.com/llm/v1/chat/completions")!.baseURL
/// // "https://gw.example.com/llm"
/// ```
public struct ProbeTarget: Sendable, Equatable {
    /// `scheme://host[:port][/prefix]`, without a trailing slash.
    public var baseURL: String
    /// The host as written in the URL, lower-cased, IPv6 brackets removed.
    public var host: String
    /// Sent as `Authorization: Bearer …`, for a server started with `--api-key`.
    public var apiKey: String?
    /// The model the benchmark asks for, to pick it out of `/v1/models`.
    public var model: String?

    /// Nil when `benchmarkURL` is not an http(s) URL with a host.
    public init?(benchmarkURL: String, apiKey: String? = nil, model: String? = nil) {
        let text = benchmarkURL.trimmingCharacters(in: .whitespaces)
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let hostAndPort = authority.split(separator: "@", omittingEmptySubsequences: false).last ?? authority
        let host: Substring
        if hostAndPort.hasPrefix("[") {
            guard let close = hostAndPort.firstIndex(of: "]") else { return nil }
            host = hostAndPort[hostAndPort.index(after: hostAndPort.startIndex)..<close]
        } else {
            host = hostAndPort.split(separator: ":", omittingEmptySubsequences: false).first ?? hostAndPort
        }
        guard !host.isEmpty else { return nil }

        let pathAndMore = rest[authorityEnd...]
        let path = pathAndMore.prefix { $0 != "?" && $0 != "#" }
        let segments = path.split(separator: "/")
        let prefix = segments.firstIndex(of: "v1").map { segments[..<$0] } ?? []
        baseURL = "\(scheme)://\(authority)" + prefix.map { "/" + $0 }.joined()
        self.host = host.lowercased()
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        self.model = model
    }

    /// Whether the server runs on this machine, so that its GPUs are the ones nvidia-smi lists here:
    /// a loopback address, or this machine's own name.
    ///
    /// A port forwarded over SSH looks local and is not; `--hardware` is the way to say so.
    public func isLocal(hostName: String?) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "localhost.localdomain" { return true }
        if host == "::1" || host == "0.0.0.0" || host == "::" || host.hasPrefix("127.") { return true }
        guard let hostName = hostName?.lowercased(), !hostName.isEmpty else { return false }
        let shortName = hostName.split(separator: ".").first.map(String.init) ?? hostName
        return host == hostName || host == shortName
    }

    /// `GET` these, relative to ``baseURL``.
    var versionURL: String { baseURL + "/version" }
    var modelsURL: String { baseURL + "/v1/models" }
}
