import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback HTTP server with canned answers by path, for probing without a real vLLM: one
/// thread, one connection at a time, `Connection: close`. Unknown paths answer 404.
///
/// ```swift
/// let server = try EnvironmentTestServer(routes: ["/version": (200, #"{"version":"0.10.1"}"#)])
/// defer { server.stop() }
/// // http://127.0.0.1:\(server.port)/version
/// ```
final class EnvironmentTestServer: Sendable {
    let port: UInt16
    private let listener: Int32
    private let done = DispatchSemaphore(value: 0)

    init(routes: [String: (status: Int, body: String)]) throws {
        let (listener, port) = try Self.bindLoopback()
        guard listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        self.listener = listener
        self.port = port
        let answers = routes.mapValues { Answer(status: $0.status, body: $0.body) }
        let thread = Thread { [listener, done] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { break }
                Self.answer(connection, routes: answers)
                close(connection)
            }
            done.signal()
        }
        thread.start()
    }

    /// Stops accepting and waits for the thread to end.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        done.wait()
    }

    /// A loopback port with nothing listening on it: bound to learn a free number, then closed.
    static func closedPort() throws -> UInt16 {
        let (socket, port) = try bindLoopback()
        close(socket)
        return port
    }

    private struct Answer: Sendable {
        var status: Int
        var body: String
    }

    private static func bindLoopback() throws -> (Int32, UInt16) {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        return (descriptor, UInt16(bigEndian: address.sin_port))
    }

    private static func answer(_ connection: Int32, routes: [String: Answer]) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(connection, &buffer, buffer.count)
            if count <= 0 { return }
            request += buffer[..<count]
        }
        let requestLine = String(decoding: request, as: UTF8.self).split(separator: "\r\n").first ?? ""
        let path = requestLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let answer = routes[path] ?? Answer(status: 404, body: #"{"detail":"Not Found"}"#)
        let body = Array(answer.body.utf8)
        let head = "HTTP/1.1 \(answer.status) X\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n"
            + "Connection: close\r\n\r\n"
        let response = Array(head.utf8) + body
        _ = response.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
