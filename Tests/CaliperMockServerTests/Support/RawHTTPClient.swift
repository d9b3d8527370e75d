import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal HTTP/1.1 client over a blocking socket on its own thread, which timestamps every read.
///
/// Why not URLSession: on Linux it has no `bytes(for:)`, its delegate path spins a core, and its
/// timestamps would come after a hop through its own queue. Here the clock is read right after `recv`
/// returns, on the thread that did the read, and the thread is not one of Swift concurrency's, so a
/// blocked read never starves the server's tasks. `Connection: close` means the body ends at EOF too.
///
/// ```swift
/// let exchange = try await RawHTTPClient.send(port: server.port, path: "/v1/completions",
///                                             json: #"{"prompt":"hi","stream":true}"#)
/// exchange.events.first?.offset   // seconds from the request's send to that event's arrival
/// ```
enum RawHTTPClient {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends one request and reads the response until the server closes the connection.
    static func send(
        port: Int, method: String = "POST", path: String, json body: String? = nil
    ) async throws -> HTTPExchange {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try exchange(port: port, method: method, path: path, body: body) })
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// GET `path` and parse the body as a JSON object.
    static func getJSON(port: Int, path: String) async throws -> (status: Int, object: [String: Any]) {
        let exchange = try await send(port: port, method: "GET", path: path)
        return (exchange.status, try exchange.jsonObject())
    }

    private static func exchange(port: Int, method: String, path: String, body: String?) throws -> HTTPExchange {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))

        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }

        let payload = Array((body ?? "").utf8)
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if body != nil {
            head += "Content-Type: application/json\r\nContent-Length: \(payload.count)\r\n"
        }
        let request = Array((head + "\r\n").utf8) + payload

        // The clock starts as the request leaves, like a load generator's `start`.
        let start = ContinuousClock.now
        var written = 0
        while written < request.count {
            let n = request[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Failure(description: "write: errno \(errno)") }
            written += n
        }

        // Only copy and timestamp while reading; parse after the close. Parsing as bytes arrive costs
        // enough in a debug build to delay the next read when 64 streams share two cores.
        var reads: [(bytes: [UInt8], time: ContinuousClock.Instant)] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            let now = ContinuousClock.now
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                break   // ECONNRESET and the like: the server dropped the connection
            }
            reads.append((Array(buffer[0..<n]), now))
        }
        let closed = ContinuousClock.now
        var parser = HTTPResponseParser(start: start)
        for read in reads {
            try parser.feed(read.bytes[...], at: read.time)
        }
        return parser.finish(at: closed)
    }
}
