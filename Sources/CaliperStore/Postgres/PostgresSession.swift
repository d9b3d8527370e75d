import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to a PostgreSQL store, used synchronously: the store's API is synchronous (the
/// CLI and the analysis call it as SQLite is called), so each statement waits on postgres-nio's
/// future on the calling thread while NIO's own event loop does the I/O. Nothing here runs on
/// Swift's cooperative pool, so blocking cannot starve it. One statement at a time (a lock).
final class PostgresSession: @unchecked Sendable {
    let location: PostgresLocation
    private let connection: PostgresConnection
    private let lock = NSLock()
    /// postgres-nio logs through swift-log; nothing of it reaches the user (no URL, no password).
    private static let logger = Logger(label: "caliper.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ location: PostgresLocation) throws {
        self.location = location
        var configuration: PostgresConnection.Configuration
        switch location.endpoint {
        case .socket(let path):
            configuration = .init(
                unixSocketPath: path, username: location.user, password: location.password, database: location.database)
        case .tcp(let host, let port):
            configuration = .init(
                host: host, port: port, username: location.user, password: location.password,
                database: location.database, tls: try Self.tls(location))
            if location.sslMode == .verifyFull, !host.isIPAddress { configuration.options.tlsServerName = host }
        }
        configuration.options.connectTimeout = .milliseconds(Int64(location.connectTimeout * 1000))
        configuration.options.additionalStartupParameters = [("application_name", location.applicationName)]
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: Self.logger
            ).wait()
        } catch {
            throw Self.failure(error, location: location, connecting: true)
        }
    }

    deinit {
        // Waited on for a second at most: a connection the server closed may never say so again.
        // The closure keeps the connection until it is closed, as postgres-nio requires.
        let connection = connection
        let closed = DispatchSemaphore(value: 0)
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in _ = connection.isClosed }
        closing.whenComplete { _ in closed.signal() }
        _ = closed.wait(timeout: .now() + 1)
    }

    /// libpq's sslmode as TLS settings: `prefer`/`allow` try TLS without checking the certificate,
    /// `require` insists on it (and checks it only against an `sslrootcert` given), `verify-ca`
    /// checks the chain, `verify-full` the chain and the host name; the system's CA store unless
    /// `sslrootcert` names a file.
    private static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = location.sslRootCertificate { tls.trustRoots = .file(file) }
        switch location.sslMode {
        case .disable: return .disable
        case .allow, .prefer:
            tls.certificateVerification = .none
        case .require:
            tls.certificateVerification = location.sslRootCertificate == nil ? .none : .noHostnameVerification
        case .verifyCA:
            tls.certificateVerification = .noHostnameVerification
        case .verifyFull:
            tls.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw StoreError(path: location.description, reason: "TLS set-up failed (sslrootcert \(location.sslRootCertificate ?? "system")): \(error)")
        }
        return location.sslMode == .allow || location.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    // MARK: - Statements

    @discardableResult
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [PostgresRow] {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .null: binds.appendNull()
            case .integer(let value): binds.append(value)
            case .real(let value): binds.append(value)
            case .text(let value): binds.append(value)
            case .bool(let value): binds.append(value)
            }
        }
        let query = PostgresQuery(unsafeSQL: SQLDialect.postgres.render(sql), binds: binds)
        lock.lock()
        defer { lock.unlock() }
        do {
            return try wait(connection.query(query, logger: Self.logger)).rows
        } catch {
            throw Self.failure(error, location: location, connecting: false)
        }
    }

    /// The future's value. postgres-nio never completes a query written to a connection the server
    /// has already closed (it closes between statements when the server restarts), so the wait
    /// looks at the connection every second and gives up once it is closed.
    private func wait<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<T>()
        future.whenComplete { result in
            outcome.set(result)
            done.signal()
        }
        while done.wait(timeout: .now() + 1) == .timedOut {
            // A closing connection fails what it still holds: a moment for that before giving up.
            if connection.isClosed, done.wait(timeout: .now() + 1) == .timedOut {
                throw StoreError(
                    path: location.description, reason: "the connection to the server was lost; nothing was written",
                    connectionLost: true)
            }
        }
        return try outcome.get()
    }

    private final class Outcome<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, any Error>?

        func set(_ result: Result<T, any Error>) { lock.withLock { self.result = result } }

        func get() throws -> T {
            guard let result = lock.withLock({ result }) else { throw CancellationError() }
            return try result.get()
        }
    }

    /// Streams `text` (COPY's text format) into `table`. postgres-nio's COPY is async only: it runs
    /// as a task while this thread waits, as for every other statement.
    func copy(into table: String, columns: [String], text: String) throws {
        let connection = connection
        let promise = MultiThreadedEventLoopGroup.singleton.next().makePromise(of: Void.self)
        promise.completeWithTask {
            try await connection.copyFrom(table: table, columns: columns, logger: Self.logger) { writer in
                try await writer.write(ByteBuffer(string: text))
            }
        }
        lock.lock()
        defer { lock.unlock() }
        do {
            try wait(promise.futureResult)
        } catch {
            throw Self.failure(error, location: location, connecting: false)
        }
    }

    /// Runs a script of several statements one by one: postgres-nio prepares every statement, and a
    /// prepared statement holds one command.
    func script(_ sql: String) throws {
        for statement in Self.statements(sql) { try rows(statement, []) }
    }

    /// The statements of a script: split at each `;` outside quotes and comments (migration files
    /// define no functions, so there are no dollar-quoted bodies).
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var characters = Array(script)[...]
        while let character = characters.popFirst() {
            switch character {
            case "'", "\"":
                current.append(character)
                while let next = characters.popFirst() {
                    current.append(next)
                    if next == character { break }
                }
            case "-" where characters.first == "-":
                while let next = characters.first, !next.isNewline { characters.removeFirst() }
            case "/" where characters.first == "*":
                characters.removeFirst()
                while let next = characters.popFirst() {
                    if next == "*" && characters.first == "/" {
                        characters.removeFirst()
                        break
                    }
                }
            case ";":
                statements.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        statements.append(current)
        return statements.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. A
    /// read is REPEATABLE READ, so its several statements see one snapshot as SQLite's reads do.
    func transaction<T>(readOnly: Bool, _ body: (PostgresSQLConnection) throws -> T) throws -> T {
        try rows(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", [])
        do {
            let value = try body(PostgresSQLConnection(session: self))
            try rows("COMMIT", [])
            return value
        } catch {
            _ = try? rows("ROLLBACK", [])
            throw error
        }
    }

    /// A postgres-nio error as one line: the server's message, or what happened to the connection.
    /// Never the URL's password: postgres-nio's own descriptions are not used where they could hold it.
    static func failure(_ error: any Error, location: PostgresLocation, connecting: Bool) -> StoreError {
        let place = location.description
        if let storeError = error as? StoreError { return storeError }
        guard let psql = error as? PSQLError else {
            return StoreError(path: place, reason: connecting ? "cannot connect: \(describe(error))" : describe(error))
        }
        switch psql.code {
        case .server:
            let message = psql.serverInfo?[.message] ?? "server error"
            let sqlState = psql.serverInfo?[.sqlState]
            // Class 57P (the server shutting down or restarting) and 08 (connection exceptions).
            if !connecting, let sqlState, sqlState.hasPrefix("57P") || sqlState.hasPrefix("08") {
                return StoreError(
                    path: place, reason: "the connection to the server was lost (\(message)); nothing was written",
                    sqlState: sqlState, connectionLost: true)
            }
            let state = sqlState.map { " (SQLSTATE \($0))" } ?? ""
            return StoreError(path: place, reason: message + state, sqlState: sqlState)
        case .sslUnsupported:
            return StoreError(path: place, reason: "the server does not accept TLS (sslmode=\(location.sslMode.rawValue))")
        case .authMechanismRequiresPassword:
            return StoreError(path: place, reason: "the server asks for a password: give it in PGPASSWORD or ~/.pgpass")
        case .unsupportedAuthMechanism:
            return StoreError(path: place, reason: "the server asks for an authentication method Caliper does not speak")
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection, .failedToAddSSLHandler:
            let cause = psql.underlying.map { ": " + describe($0) } ?? ""
            return StoreError(
                path: place,
                reason: connecting ? "cannot connect\(cause)" : "the connection to the server was lost\(cause); nothing was written",
                connectionLost: !connecting)
        default:
            return StoreError(path: place, reason: "\(psql.code)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let ioError = error as? IOError { return String(describing: ioError) }
        if let sslError = error as? NIOSSLError { return "TLS: \(sslError)" }
        if let channelError = error as? ChannelError, case .connectTimeout(let amount) = channelError {
            return "no answer within \(amount.nanoseconds / 1_000_000_000) s (connect_timeout)"
        }
        return String(describing: error)
    }
}

/// The store's SQL on a PostgreSQL transaction.
struct PostgresSQLConnection: SQLConnection {
    let session: PostgresSession

    var dialect: SQLDialect { .postgres }

    func execute(_ sql: String, _ arguments: [SQLValue]) throws {
        _ = try session.rows(sql, arguments)
    }

    func executeScript(_ sql: String) throws {
        try session.script(sql)
    }

    func forEachRow(_ sql: String, _ arguments: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        var row = SQLRow()
        for received in try session.rows(sql, arguments) {
            row.values.removeAll(keepingCapacity: true)
            for cell in received { row.values.append(try Self.value(cell)) }
            try body(row)
        }
    }

    /// A cell as the value SQLite would give: whole numbers, doubles (a numeric too), flags, text.
    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .bool(try cell.decode(Bool.self))
        case .numeric:
            // sum() of whole numbers: exact when whole, else as the nearest double.
            let decimal = try cell.decode(Decimal.self)
            let text = "\(decimal)"
            if let integer = Int64(text) { return .integer(integer) }
            guard let real = Double(text) else { throw SQLDecodingError(index: cell.columnIndex, expected: "a number") }
            return .real(real)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// `COPY … FROM STDIN` in text format: the rows travel as tab-separated lines and the server
    /// stores them without parsing or planning a statement per row.
    func insertRows(into table: String, columns: [String], rows: [[SQLValue]]) throws {
        guard !rows.isEmpty else { return }
        var text = ""
        text.reserveCapacity(rows.count * 100)
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { text += "\t" }
                CopyText.append(value, to: &text)
            }
            text += "\n"
        }
        try session.copy(into: table, columns: columns, text: text)
    }
}

/// SQL values in `COPY`'s text format: `\N` for NULL, `t`/`f`, and backslash, tab, newline and
/// carriage return escaped in text.
enum CopyText {
    static func append(_ value: SQLValue, to text: inout String) {
        switch value {
        case .null: text += "\\N"
        case .integer(let integer): text += String(integer)
        case .real(let real): text += "\(real)"
        case .bool(let flag): text += flag ? "t" : "f"
        case .text(let string):
            guard string.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
                text += string
                return
            }
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\\": text += "\\\\"
                case "\t": text += "\\t"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
    }
}

extension String {
    fileprivate var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
