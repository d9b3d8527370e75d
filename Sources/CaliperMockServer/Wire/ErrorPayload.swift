/// vLLM's error body, used for HTTP errors and for the in-band error event of a stream.
///
/// ```swift
/// ErrorPayload.json(status: 500, type: "InternalServerError", message: "boom").text
/// // {"object":"error","message":"boom","type":"InternalServerError","param":null,"code":500}
/// ```
enum ErrorPayload {
    static func json(status: Int, type: String, message: String) -> JSONValue {
        .object([
            ("object", "error"), ("message", .string(message)), ("type", .string(type)), ("param", .null),
            ("code", .int(status)),
        ])
    }

    static func json(_ error: MockRequestError) -> JSONValue {
        json(status: error.status, type: error.type, message: error.message)
    }
}
