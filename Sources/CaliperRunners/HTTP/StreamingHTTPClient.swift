import CCurl
import Foundation
import Synchronization

/// HTTP through libcurl's multi interface on one dedicated thread, for measuring streamed
/// responses: every body chunk is timestamped on that thread as libcurl delivers it, and the
/// caller gets the whole ``HTTPExchange`` when the transfer ends, so async scheduling never
/// touches a measured time. One thread serves any number of concurrent requests, sleeping in
/// `curl_multi_poll` between events (no busy loop), and connections are kept alive and reused.
///
/// ```swift
/// let client = try StreamingHTTPClient()
/// let exchange = await client.send(HTTPRequest(url: url, body: Array(json.utf8),
///                                              headers: ["Content-Type: application/json"]))
/// exchange.chunks.first?.time - exchange.start   // seconds to the first body bytes
/// client.shutdown()
/// ```
public final class StreamingHTTPClient: Sendable {
    private struct Submission: Sendable {
        var request: HTTPRequest
        var continuation: CheckedContinuation<HTTPExchange, Never>
    }

    private struct Queue {
        var submitted: [Submission] = []
        var stopping = false
    }

    /// The multi handle, used by the transfer thread and by `curl_multi_wakeup`, which libcurl
    /// documents as callable from any thread.
    private struct MultiHandle: @unchecked Sendable {
        let pointer: UnsafeMutableRawPointer
    }

    private let multi: MultiHandle
    private let queue = Mutex(Queue())
    private let finished = DispatchSemaphore(value: 0)

    public init() throws {
        guard Curl.initialize(), let pointer = curl_multi_init() else {
            throw HTTPClientError("libcurl could not be initialized")
        }
        multi = MultiHandle(pointer: pointer)
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "caliper-http"
        thread.start()
    }

    /// Sends `request` and returns what happened; transport failures are in the exchange, not thrown.
    public func send(_ request: HTTPRequest) async -> HTTPExchange {
        await withCheckedContinuation { continuation in
            let accepted = queue.withLock { queue in
                guard !queue.stopping else { return false }
                queue.submitted.append(Submission(request: request, continuation: continuation))
                return true
            }
            if accepted {
                curl_multi_wakeup(multi.pointer)
            } else {
                let now = MonotonicClock.now()
                continuation.resume(returning: HTTPExchange(
                    start: now, chunks: [], end: now, status: nil, transportError: "the client was shut down"))
            }
        }
    }

    /// Finishes the transfers under way, then stops the thread. Requests sent afterwards fail at once.
    public func shutdown() {
        let first = queue.withLock { queue in
            defer { queue.stopping = true }
            return !queue.stopping
        }
        guard first else { return }
        curl_multi_wakeup(multi.pointer)
        finished.wait()
        curl_multi_cleanup(multi.pointer)
    }

    // MARK: The transfer thread

    /// Everything about one transfer, owned by the transfer thread alone.
    private final class Transfer {
        let easy: UnsafeMutableRawPointer
        let continuation: CheckedContinuation<HTTPExchange, Never>
        var headers: UnsafeMutablePointer<curl_slist>?
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
        var start = 0.0
        var chunks: [HTTPExchange.Chunk] = []

        init(easy: UnsafeMutableRawPointer, continuation: CheckedContinuation<HTTPExchange, Never>) {
            self.easy = easy
            self.continuation = continuation
            errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        }

        deinit {
            curl_slist_free_all(headers)
            errorBuffer.deallocate()
        }
    }

    private func run() {
        var transfers: [UnsafeMutableRawPointer: Transfer] = [:]
        while true {
            let (submitted, stopping) = queue.withLock { queue in
                defer { queue.submitted.removeAll() }
                return (queue.submitted, queue.stopping)
            }
            for submission in submitted {
                if let transfer = begin(submission) { transfers[transfer.easy] = transfer }
            }
            if stopping && transfers.isEmpty { return }

            var running: Int32 = 0
            curl_multi_perform(multi.pointer, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi.pointer, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                      let transfer = transfers.removeValue(forKey: easy)
                else { continue }
                finish(transfer, result: message.pointee.data.result)
            }
            curl_multi_poll(multi.pointer, nil, 0, 1_000, nil)
        }
    }

    private static let write: caliper_write_callback = { data, size, count, context in
        let length = size * count
        guard let data, let context else { return length }
        let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
        let bytes = Array(UnsafeRawBufferPointer(start: data, count: length))
        transfer.chunks.append(HTTPExchange.Chunk(time: MonotonicClock.now(), bytes: bytes))
        return length
    }

    private func begin(_ submission: Submission) -> Transfer? {
        guard let easy = curl_easy_init() else {
            let now = MonotonicClock.now()
            submission.continuation.resume(returning: HTTPExchange(
                start: now, chunks: [], end: now, status: nil, transportError: "curl_easy_init failed"))
            return nil
        }
        let request = submission.request
        let transfer = Transfer(easy: easy, continuation: submission.continuation)
        caliper_easy_setopt_string(easy, CURLOPT_URL, request.url)
        caliper_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        caliper_easy_setopt_long(easy, CURLOPT_TCP_NODELAY, 1)
        caliper_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer)
        caliper_easy_setopt_write(easy, CURLOPT_WRITEFUNCTION, Self.write)
        caliper_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, Unmanaged.passUnretained(transfer).toOpaque())
        if let timeout = request.timeout {
            caliper_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(timeout * 1_000))
        }
        // Without an empty Expect, libcurl waits for "100 Continue" before sending a body over 1 KB.
        for line in request.headers + ["Expect:"] {
            transfer.headers = curl_slist_append(transfer.headers, line)
        }
        caliper_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, transfer.headers.map(UnsafeMutableRawPointer.init))
        if let body = request.body {
            caliper_easy_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { bytes in
                _ = caliper_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        } else {
            caliper_easy_setopt_long(easy, CURLOPT_HTTPGET, 1)
        }
        // The request's start, as EvalScope takes it: just before it goes to the connection.
        transfer.start = MonotonicClock.now()
        curl_multi_add_handle(multi.pointer, easy)
        return transfer
    }

    private func finish(_ transfer: Transfer, result: CURLcode) {
        let end = MonotonicClock.now()
        var code = 0
        caliper_easy_getinfo_long(transfer.easy, CURLINFO_RESPONSE_CODE, &code)
        var contentTypePointer: UnsafeMutablePointer<CChar>?
        caliper_easy_getinfo_string(transfer.easy, CURLINFO_CONTENT_TYPE, &contentTypePointer)
        // Owned by the handle: copied before the cleanup below frees it.
        let contentType = contentTypePointer.map { String(cString: $0) }
        var transportError: String?
        if result != CURLE_OK {
            let detail = String(cString: transfer.errorBuffer)
            transportError = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        }
        curl_multi_remove_handle(multi.pointer, transfer.easy)
        curl_easy_cleanup(transfer.easy)
        transfer.continuation.resume(returning: HTTPExchange(
            start: transfer.start, chunks: transfer.chunks, end: end, status: code == 0 ? nil : code,
            contentType: contentType, transportError: transportError))
    }
}

public struct HTTPClientError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
