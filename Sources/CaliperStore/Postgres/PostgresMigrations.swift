/// The PostgreSQL schema: `Schema/postgres/NNN_*.sql`, the same identifiers as SQLite's, each
/// applied in its own transaction and recorded in `caliper_migrations`.
///
/// Every process that opens the store to write takes the same transaction-scoped advisory lock
/// first, so when sixteen CI jobs open a new database at once one migrates and the others wait,
/// then find nothing left to do. A database with migrations this binary does not know is a newer
/// Caliper's and is refused; one that has Caliper's table names but no migration record is not
/// Caliper's and is left alone.
enum PostgresMigrations {
    static let table = "caliper_migrations"
    static let all = Migrations.migrations(.postgres)
    /// 'CALP', as SQLite's application_id: the advisory lock every Caliper migrating a store takes.
    static let lockKey: Int64 = 0x4341_4C50

    static func prepare(_ session: PostgresSession, mode: Store.Mode) throws {
        let found = try session.transaction(readOnly: true) { try state($0) }
        switch (try check(found, session: session), mode) {
        case (.current, _): return
        case (.empty, .readOnly): throw StoreError(path: session.location.description, reason: "no Caliper store in this database")
        case (.behind(let version), .readOnly):
            throw StoreError(path: session.location.description, reason: StoreRefusal.behind(version: version).description)
        case (_, .readWrite):
            try session.transaction(readOnly: false) { db in
                try db.execute("SELECT pg_advisory_xact_lock(?)", [lockKey])
                try db.execute("""
                    CREATE TABLE IF NOT EXISTS \(table) (
                        identifier text COLLATE "C" PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """)
                // Decided again under the lock: another process may have migrated while this one waited.
                let applied = try state(db).applied ?? []
                _ = try check(State(applied: applied, tables: []), session: session)
                for migration in all where !applied.contains(migration.identifier) {
                    try db.executeScript(migration.sql)
                    try Migrations.followUps[migration.identifier]?(db)
                    try db.execute("INSERT INTO \(table) (identifier) VALUES (?)", [migration.identifier])
                }
            }
        }
    }

    struct State {
        /// The recorded migrations; nil when the database has no record table.
        var applied: Set<String>?
        /// Tables of the current schema named as Caliper's are.
        var tables: [String]
    }

    static func state(_ db: any SQLConnection) throws -> State {
        let hasRecord: Bool = try db.fetchValue("SELECT to_regclass(?) IS NOT NULL", [table]) ?? false
        let applied: [String]? = hasRecord ? try db.fetchAll("SELECT identifier FROM \(table)") { try $0[0] } : nil
        let names = Migrations.tableNames.subtracting(["grdb_migrations"]).sorted()
        let tables: [String] = try db.fetchAll(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(CAST(? AS text[]))",
            ["{" + names.joined(separator: ",") + "}"]) { try $0[0] }
        return State(applied: applied.map(Set.init), tables: tables)
    }

    enum Status {
        case empty, current
        case behind(version: Int)
    }

    static func check(_ state: State, session: PostgresSession) throws -> Status {
        let place = session.location.description
        guard let applied = state.applied else {
            if !state.tables.isEmpty {
                throw StoreError(path: place, reason: StoreRefusal.foreign(
                    "it has tables named as Caliper's (\(state.tables.prefix(5).joined(separator: ", "))) but no \(table)").description)
            }
            return .empty
        }
        let known = Set(all.map(\.identifier))
        if !applied.isSubset(of: known) || applied.count > all.count {
            throw StoreError(path: place, reason: "written by a newer Caliper: schema \(applied.count), this binary knows up to \(all.count)")
        }
        if applied.isEmpty { return .empty }
        return applied.count < all.count ? .behind(version: applied.count) : .current
    }
}
