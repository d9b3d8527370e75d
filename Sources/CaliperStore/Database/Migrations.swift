import GRDB

/// The schema migrations: `Schema/NNN_*.sql`, embedded at build time, applied in file-name order.
/// GRDB records applied ones in the `grdb_migrations` table.
enum Migrations {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        for file in EmbeddedFiles.all where file.name.hasSuffix(".sql") {
            let identifier = String(file.name.dropLast(".sql".count))
            migrator.registerMigration(identifier) { db in
                try db.execute(sql: file.contents)
            }
        }
        return migrator
    }()
}
