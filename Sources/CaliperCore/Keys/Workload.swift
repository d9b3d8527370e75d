import Foundation

/// What load a run put on the server, apart from the per-point concurrency and request count.
public struct Workload: Sendable, Equatable, Codable {
    /// The client API flavour (`openai`), as the source names it.
    public var api: String?
    /// The endpoint path (`/v1/chat/completions`, `/v1/completions`).
    public var endpoint: String?
    /// The URL as given to the tool.
    public var url: String?
    /// The dataset: a perf prompt source (`random`, `openqa`, `line_by_line`) or the eval datasets,
    /// comma-separated and sorted.
    public var dataset: String?
    public var datasetPath: String?
    public var minPromptLength: Int?
    public var maxPromptLength: Int?
    public var prefixLength: Int?
    /// The requested output length in tokens (`max_tokens`).
    public var outputLength: Int?

    public init(
        api: String? = nil, endpoint: String? = nil, url: String? = nil, dataset: String? = nil,
        datasetPath: String? = nil, minPromptLength: Int? = nil, maxPromptLength: Int? = nil,
        prefixLength: Int? = nil, outputLength: Int? = nil
    ) {
        self.api = api
        self.endpoint = endpoint
        self.url = url
        self.dataset = dataset
        self.datasetPath = datasetPath
        self.minPromptLength = minPromptLength
        self.maxPromptLength = maxPromptLength
        self.prefixLength = prefixLength
        self.outputLength = outputLength
    }

    /// The path part of an endpoint URL: `http://h:8000/v1/chat/completions` → `/v1/chat/completions`.
    public static func endpointPath(of url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return url.hasPrefix("/") ? url : nil }
        let rest = url[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let path = rest[slash...].split(separator: "?").first.map(String.init) ?? ""
        return path.isEmpty ? nil : path
    }
}
