import HTTPTypes
import Hummingbird
import NIOCore

/// A complete `application/json` response.
///
/// ```swift
/// JSONResponse.make(status: 200, .object([("version", "0.10.1")]))
/// ```
enum JSONResponse {
    static func make(status: Int, _ value: JSONValue) -> Response {
        Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.text)))
    }
}
