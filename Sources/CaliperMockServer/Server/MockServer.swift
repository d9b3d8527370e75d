import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// A running mock of vLLM's OpenAI-compatible server, with injected TTFT, inter-token delay and
/// failures (see ``MockBehavior``), for checking a load generator's measurements against the truth.
///
/// Start it on port 0 to get a free port, point the client at ``baseURL``, and read back what the server
/// did from ``records`` and ``statistics``. ``behavior`` can be changed while it runs; a request uses the
/// behavior in force when it arrives.
///
/// ```swift
/// let server = try await MockServer.start(behavior: MockBehavior(ttft: 0.05, interTokenDelay: 0.005))
/// let url = server.url(.chatCompletions)          // http://127.0.0.1:<port>/v1/chat/completions
/// // … run the client …
/// await server.waitUntilIdle()
/// #expect(server.statistics.requests == 10)
/// await server.stop()
/// ```
public final class MockServer: Sendable {
    /// The address the server listens on, as given.
    public let host: String
    /// The bound port: the one asked for, or the one the system chose for port 0.
    public let port: Int
    public let configuration: MockServerConfiguration
    private let state: MockServerState
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// `http://host:port`, without a trailing slash.
    public var baseURL: URL {
        let literal = host.contains(":") ? "[\(host)]" : host
        return URL(string: "http://\(literal):\(port)")!
    }

    /// The URL of a generation endpoint, e.g. `http://127.0.0.1:40123/v1/chat/completions`.
    ///
    /// ```swift
    /// let url = server.url(.chatCompletions)
    /// ```
    public func url(_ endpoint: MockEndpoint) -> URL {
        URL(string: baseURL.absoluteString + endpoint.rawValue)!
    }

    /// The behavior for requests arriving from now on.
    public var behavior: MockBehavior {
        get { state.behavior }
        set { state.behavior = newValue }
    }

    /// One record per generation request, in arrival order (`records[i].number == i + 1`).
    public var records: [MockRequestRecord] { state.records }

    /// Counts over all requests so far.
    public var statistics: MockServerStatistics { state.statistics }

    private init(
        host: String, port: Int, configuration: MockServerConfiguration, state: MockServerState,
        group: ServiceGroup, task: Task<Void, any Error>
    ) {
        self.host = host
        self.port = port
        self.configuration = configuration
        self.state = state
        self.group = group
        self.task = task
    }

    /// Starts a server and returns once it accepts connections.
    ///
    /// - Parameters:
    ///   - behavior: the injected truth; it can be changed later through ``behavior``.
    ///   - configuration: the served model name, context length and version.
    ///   - host: the address to bind, `127.0.0.1` by default.
    ///   - port: the port to bind; 0 lets the system choose a free one (read it from ``port``).
    ///   - stopsOnSignals: whether SIGINT and SIGTERM stop the server gracefully (for the executable;
    ///     leave it off in tests, where the test runner owns the signals).
    /// - Throws: the bind error when the address is taken or invalid.
    ///
    /// ```swift
    /// let server = try await MockServer.start(behavior: MockBehavior(failEvery: 3), port: 0)
    /// print(server.port)
    /// ```
    public static func start(
        behavior: MockBehavior = MockBehavior(),
        configuration: MockServerConfiguration = MockServerConfiguration(),
        host: String = "127.0.0.1",
        port: Int = 0,
        stopsOnSignals: Bool = false
    ) async throws -> MockServer {
        let state = MockServerState(behavior: behavior, configuration: configuration)
        let (bound, announce) = AsyncThrowingStream<Int, any Error>.makeStream()
        var logger = Logger(label: "caliper-mock-server")
        // Hummingbird logs every start and stop at info; a mock in a test run should be quiet.
        logger.logLevel = .warning
        let app = Application(
            router: MockRoutes.router(state: state),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                announce.yield(channel.localAddress?.port ?? port)
            },
            logger: logger)
        // Our own group rather than `app.runService()`, so that `stop()` can shut down gracefully:
        // cancelling the server instead makes Hummingbird log an error for every stop.
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: app)],
            gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [],
            logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = gracePeriod
        let group = ServiceGroup(configuration: groupConfiguration)
        let task = Task {
            do {
                try await group.run()
                announce.finish()
            } catch {
                announce.finish(throwing: error)
                throw error
            }
        }
        var ports = bound.makeAsyncIterator()
        guard let boundPort = try await ports.next() else {
            throw MockServerError.stoppedBeforeListening
        }
        return MockServer(
            host: host, port: boundPort, configuration: configuration, state: state, group: group, task: task)
    }

    /// How long a stop waits for answers in progress before it cuts them.
    public static let gracePeriod: Duration = .seconds(2)

    /// Stops the server: closes the listening socket and idle connections at once, lets answers in
    /// progress finish for up to ``gracePeriod``, then cuts them. Safe to call more than once.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    /// Waits until the server stops: after a signal (with `stopsOnSignals`) or ``stop()``.
    /// - Throws: the error that stopped the server, if one did.
    public func waitUntilStopped() async throws {
        try await task.value
    }

    /// Waits until no generation request is in flight, for a test that reads ``records`` right after
    /// its client finished (the server files a record a moment after the last byte leaves).
    ///
    /// - Returns: false if requests were still in flight after `timeout`.
    @discardableResult
    public func waitUntilIdle(timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while state.statistics.inFlight > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }
}
