import Foundation

/// Where a PostgreSQL store is and how to reach it, from a `postgres://` or `postgresql://` URL with
/// libpq's conventions: what the URL leaves out comes from `PGHOST`, `PGPORT`, `PGUSER`,
/// `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT`, `PGAPPNAME` and `PGCONNECT_TIMEOUT`; the password
/// from the URL, else `PGPASSWORD`, else the password file (`PGPASSFILE`, default `~/.pgpass`).
///
/// ```swift
/// let location = try PostgresLocation(url: "postgresql://ci:s3cret@db.internal/caliper?sslmode=verify-full")
/// location.description   // "postgresql://ci:***@db.internal:5432/caliper?sslmode=verify-full"
/// ```
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The socket file: `DIR/.s.PGSQL.PORT`.
        case socket(path: String)
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    /// Whether the URL itself held the password (shown masked as `***`); one from `PGPASSWORD` or
    /// the password file is not part of the store's name.
    public var passwordInURL = false
    public var database: String
    public var sslMode: SSLMode
    /// The CA certificates to verify the server with (`sslrootcert`); nil: the system's CA store.
    public var sslRootCertificate: String?
    public var applicationName: String
    public var connectTimeout: TimeInterval

    /// Whether `text` names a PostgreSQL store rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// - Parameters:
    ///   - environment: where the `PG*` defaults and the home folder come from.
    /// - Throws: ``StoreError`` naming the parameter (never the password) when the URL is malformed.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let fail = { (reason: String) in StoreError(path: Self.masked(url), reason: reason) }
        guard Self.isURL(url), let components = URLComponents(string: url) else {
            throw fail("not a postgresql://[user[:password]@][host][:port][/database][?param=value…] URL")
        }
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value else { throw fail("parameter \"\(item.name)\" has no value") }
            parameters[item.name] = value
        }
        let known: Set = [
            "host", "port", "user", "password", "dbname", "sslmode", "sslrootcert", "application_name", "connect_timeout",
        ]
        if let unknown = parameters.keys.sorted().first(where: { !known.contains($0) }) {
            throw fail("unknown parameter \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
        }

        let host = parameters["host"] ?? components.host.flatMap { $0.isEmpty ? nil : $0 }
            ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let portText = parameters["port"] ?? components.port.map(String.init) ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else { throw fail("port \"\(portText)\" is not 1 to 65535") }
        endpoint = host.hasPrefix("/")
            ? .socket(path: (host as NSString).appendingPathComponent(".s.PGSQL.\(port)"))
            : .tcp(host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port: port)

        let systemUser = environment["USER"] ?? NSUserName()
        user = parameters["user"] ?? components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? systemUser
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = parameters["dbname"] ?? (path.isEmpty ? nil : path) ?? environment["PGDATABASE"] ?? user

        let modeText = parameters["sslmode"] ?? environment["PGSSLMODE"] ?? SSLMode.prefer.rawValue
        guard let mode = SSLMode(rawValue: modeText) else {
            throw fail("sslmode \"\(modeText)\" is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        sslMode = mode
        sslRootCertificate = (parameters["sslrootcert"] ?? environment["PGSSLROOTCERT"]).flatMap { $0 == "system" ? nil : $0 }
        applicationName = parameters["application_name"] ?? environment["PGAPPNAME"] ?? "caliper"
        let timeoutText = parameters["connect_timeout"] ?? environment["PGCONNECT_TIMEOUT"] ?? "10"
        guard let timeout = Int(timeoutText), timeout >= 0 else {
            throw fail("connect_timeout \"\(timeoutText)\" is not a whole number of seconds")
        }
        // libpq: 0 waits forever; a day stands in for that.
        connectTimeout = timeout == 0 ? 86_400 : TimeInterval(max(timeout, 2))

        let given = parameters["password"] ?? components.password
        passwordInURL = given != nil
        password = given ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if password == nil {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let file = environment["PGPASSFILE"] ?? (home as NSString).appendingPathComponent(".pgpass")
            password = Self.passwordFile(file, endpoint: endpoint, database: database, user: user)
        }
    }

    /// The password for this endpoint, database and user in a libpq password file
    /// (`host:port:database:user:password`, `*` for any, `\:` and `\\` escaped). As libpq does, a
    /// file others can read is ignored.
    static func passwordFile(_ file: String, endpoint: Endpoint, database: String, user: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8)
        else { return nil }
        let (host, port): (String, String) = switch endpoint {
        case .tcp(let host, let port): (host, String(port))
        case .socket(let path):
            ("localhost", String(path.split(separator: ".").last ?? "5432"))
        }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = splitEscaped(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [host, port, database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    private static func splitEscaped(_ line: String) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }

    /// The URL as users see it in messages and reports: every part but the password.
    public var description: String {
        var text = "postgresql://" + Self.escaped(user)
        if passwordInURL { text += ":***" }
        switch endpoint {
        case .tcp(let host, let port):
            text += "@" + (host.contains(":") ? "[\(host)]" : host) + ":\(port)/" + Self.escaped(database)
        case .socket(let path):
            let directory = (path as NSString).deletingLastPathComponent
            text += "@/" + Self.escaped(database) + "?host=" + Self.escaped(directory)
            // The port is in the socket file's name: without it the URL would name port 5432's socket.
            if let port = path.split(separator: ".").last, port != "5432" { text += "&port=\(port)" }
        }
        if sslMode != .prefer { text += (text.contains("?") ? "&" : "?") + "sslmode=\(sslMode.rawValue)" }
        return text
    }

    private static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/?#"))) ?? text
    }

    /// `url` with any password replaced by `***`, for messages about a URL that does not parse.
    public static func masked(_ url: String) -> String {
        var text = url
        if let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
           let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
        {
            text.replaceSubrange(text.index(after: colon)..<at, with: "***")
        }
        if let range = text.range(of: #"password=[^&]*"#, options: .regularExpression) {
            text.replaceSubrange(range, with: "password=***")
        }
        return text
    }
}
