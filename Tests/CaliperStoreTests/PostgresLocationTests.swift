import CaliperCore
@testable import CaliperStore
import CaliperTestSupport
import Foundation
import Testing

/// `postgres://` URLs read the libpq way: what the URL leaves out from the `PG*` variables and the
/// password file, and the password never in a message.
struct PostgresLocationTests {
    /// No `PG*` variable and no password file: only what the URL says counts.
    let bare = ["USER": "ana", "HOME": "/nonexistent-caliper-home"]

    func location(_ url: String, _ environment: [String: String]? = nil) throws -> PostgresLocation {
        try PostgresLocation(url: url, environment: environment ?? bare)
    }

    @Test(arguments: ["postgres", "postgresql"])
    func readsEveryPartOfTheURL(scheme: String) throws {
        let location = try location("\(scheme)://ci:s3cret@db.internal:6543/caliper?sslmode=verify-full&application_name=nightly")
        #expect(location.endpoint == .tcp(host: "db.internal", port: 6543))
        #expect(location.user == "ci")
        #expect(location.password == "s3cret")
        #expect(location.database == "caliper")
        #expect(location.sslMode == .verifyFull)
        #expect(location.applicationName == "nightly")
        #expect(location.description == "postgresql://ci:***@db.internal:6543/caliper?sslmode=verify-full")
    }

    @Test func whatTheURLLeavesOutHasLibpqsDefaults() throws {
        let location = try location("postgresql://")
        #expect(location.endpoint == .socket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(location.user == "ana")
        #expect(location.database == "ana")
        #expect(location.password == nil)
        #expect(location.sslMode == .prefer)
        #expect(location.sslRootCertificate == nil)
        #expect(location.applicationName == "caliper")
        #expect(location.connectTimeout == 10)
    }

    @Test func ipv6HostsKeepTheirBracketsInTheDescriptionOnly() throws {
        let location = try location("postgresql://u@[::1]:5433/db")
        #expect(location.endpoint == .tcp(host: "::1", port: 5433))
        #expect(location.description == "postgresql://u@[::1]:5433/db")
        #expect(try self.location(location.description) == location)
    }

    /// `?host=/dir` is a socket folder, as in libpq; its description reads back as the same place.
    @Test func aHostParameterStartingWithSlashIsASocketFolder() throws {
        let location = try location("postgresql://u@/db?host=/socket/dir&port=6000")
        #expect(location.endpoint == .socket(path: "/socket/dir/.s.PGSQL.6000"))
        #expect(location.description == "postgresql://u@/db?host=%2Fsocket%2Fdir&port=6000")
        #expect(try self.location("postgresql://u@/db?host=/s").description == "postgresql://u@/db?host=%2Fs")
        #expect(try self.location(location.description).endpoint == .socket(path: "/socket/dir/.s.PGSQL.6000"))
        #expect(try self.location("postgresql://u@h/db?host=other&port=7&user=v&dbname=w").endpoint == .tcp(host: "other", port: 7))
        #expect(try self.location("postgresql://u@h/db?host=other&port=7&user=v&dbname=w").user == "v")
        #expect(try self.location("postgresql://u@h/db?host=other&port=7&user=v&dbname=w").database == "w")
    }

    @Test(arguments: PostgresLocation.SSLMode.allCases)
    func everySSLModeIsRead(mode: PostgresLocation.SSLMode) throws {
        #expect(try location("postgresql://u@h/d?sslmode=\(mode.rawValue)").sslMode == mode)
    }

    @Test func sslrootcertSystemMeansTheSystemStore() throws {
        #expect(try location("postgresql://u@h/d?sslrootcert=/etc/ca.pem").sslRootCertificate == "/etc/ca.pem")
        #expect(try location("postgresql://u@h/d?sslrootcert=system").sslRootCertificate == nil)
    }

    @Test(arguments: [
        ("postgresql://u@h/d?colour=blue", "unknown parameter \"colour\""),
        ("postgresql://u@h/d?sslmode=always", "sslmode \"always\" is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        ("postgresql://u@h/d?port=abc", "port \"abc\" is not 1 to 65535"),
        ("postgresql://u@h:0/d", "port \"0\" is not 1 to 65535"),
        ("postgresql://u@h/d?port=65536", "port \"65536\" is not 1 to 65535"),
        ("postgresql://u@h/d?connect_timeout=-1", "connect_timeout \"-1\" is not a whole number of seconds"),
        ("postgresql://u@h/d?sslmode", "parameter \"sslmode\" has no value"),
        ("mysql://u@h/d", "not a postgresql://"),
    ])
    func malformedURLsAreRefusedSayingWhy(url: String, reason: String) throws {
        let error = try #require(throws: StoreError.self) { try location(url) }
        #expect(error.reason.hasPrefix(reason))
    }

    @Test func theEnvironmentFillsWhatTheURLLeavesOut() throws {
        let environment = [
            "PGHOST": "db.env", "PGPORT": "6000", "PGUSER": "envuser", "PGDATABASE": "envdb", "PGSSLMODE": "require",
            "PGPASSWORD": "envpw", "PGAPPNAME": "ci-job", "PGCONNECT_TIMEOUT": "3", "PGSSLROOTCERT": "/env/ca.pem",
            "USER": "ana", "HOME": "/nonexistent-caliper-home",
        ]
        let location = try location("postgresql://", environment)
        #expect(location.endpoint == .tcp(host: "db.env", port: 6000))
        #expect(location.user == "envuser")
        #expect(location.database == "envdb")
        #expect(location.sslMode == .require)
        #expect(location.password == "envpw")
        #expect(location.applicationName == "ci-job")
        #expect(location.connectTimeout == 3)
        #expect(location.sslRootCertificate == "/env/ca.pem")

        // The URL wins over the environment.
        let given = try self.location("postgresql://u:urlpw@h:7/d?sslmode=disable&application_name=a&connect_timeout=5", environment)
        #expect(given.endpoint == .tcp(host: "h", port: 7))
        #expect([given.user, given.database, given.password, given.applicationName] == ["u", "d", "urlpw", "a"])
        #expect(given.sslMode == .disable)
        #expect(given.connectTimeout == 5)
    }

    /// libpq: 0 waits forever (a day stands in), and less than 2 seconds counts as 2.
    @Test func connectTimeoutFollowsLibpq() throws {
        #expect(try location("postgresql://u@h/d?connect_timeout=0").connectTimeout == 86_400)
        #expect(try location("postgresql://u@h/d?connect_timeout=1").connectTimeout == 2)
    }

    // MARK: - The password file

    /// A password file with `mode`, in a new folder.
    func passwordFile(_ text: String, mode: Int = 0o600) throws -> String {
        let file = try temporaryFolder().appending(path: "pgpass").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    static let passwords = #"""
        # host:port:database:user:password
        other.host:5432:*:u:wrong
        db.example:6543:caliper:u:right\:pw\\x
        db.example:*:*:u:second
        *:*:*:wild:any\thing
        localhost:5432:sock:u:through-socket
        """#

    @Test func thePasswordFileMatchesFieldsWithWildcardsAndEscapes() throws {
        let file = try passwordFile(Self.passwords)
        let environment = bare.merging(["PGPASSFILE": file]) { $1 }
        // The first matching line wins; `\:` and `\\` are a colon and a backslash.
        #expect(try location("postgresql://u@db.example:6543/caliper", environment).password == #"right:pw\x"#)
        #expect(try location("postgresql://u@db.example:6543/other", environment).password == "second")
        #expect(try location("postgresql://wild@anywhere:1/x", environment).password == "anything")
        #expect(try location("postgresql://nobody@db.example:6543/caliper", environment).password == nil)
        // A socket is host `localhost` to the file.
        #expect(try location("postgresql://u@/sock?host=/tmp", environment).password == "through-socket")
        // A password given in the URL or PGPASSWORD is used before the file.
        #expect(try location("postgresql://u:url@db.example:6543/caliper", environment).password == "url")
        let withVariable = environment.merging(["PGPASSWORD": "variable"]) { $1 }
        #expect(try location("postgresql://u@db.example:6543/caliper", withVariable).password == "variable")
    }

    /// As libpq does, a password file that others can read is ignored.
    @Test func aPasswordFileOthersCanReadIsIgnored() throws {
        let file = try passwordFile(Self.passwords, mode: 0o644)
        let environment = bare.merging(["PGPASSFILE": file]) { $1 }
        #expect(try location("postgresql://u@db.example:6543/caliper", environment).password == nil)
    }

    @Test func theDefaultPasswordFileIsInHome() throws {
        let file = try passwordFile("*:*:*:*:from-home")
        let home = (file as NSString).deletingLastPathComponent
        try FileManager.default.moveItem(atPath: file, toPath: home + "/.pgpass")
        #expect(try location("postgresql://u@h/d", ["USER": "ana", "HOME": home]).password == "from-home")
    }

    // MARK: - The password never shown

    @Test func descriptionsNeverShowThePassword() throws {
        let location = try location("postgresql://ci:s3cr%40t@db:5432/caliper")
        #expect(location.password == "s3cr@t")
        #expect(location.description == "postgresql://ci:***@db:5432/caliper")
        #expect(try self.location("postgresql://ci@db/caliper?password=s3cr3t").description == "postgresql://ci:***@db:5432/caliper")
        #expect(PostgresLocation.masked("postgresql://ci:s3cr3t@db/caliper?password=s3cr3t&sslmode=require")
            == "postgresql://ci:***@db/caliper?password=***&sslmode=require")
    }

    @Test(arguments: [
        "postgresql://ci:s3cr3t@db:notaport/caliper",
        "postgresql://ci:s3cr3t@db/caliper?colour=blue",
        "postgresql://ci@db/caliper?password=s3cr3t&port=x",
        "postgresql://ci@db/caliper?sslmode=nope&password=s3cr3t",
        "postgresql://ci:s3cr3t@db/caliper?connect_timeout=soon",
        "postgresql://ci:s3cr3t@db:99999/caliper",
    ])
    func errorsAboutAURLNeverShowItsPassword(url: String) throws {
        let error = try #require(throws: StoreError.self) { try location(url) }
        #expect(!error.description.contains("s3cr3t"))
        #expect(error.description.contains("***"))
    }

    // MARK: - The test server, over TLS and not

    /// The test server's admin URL for a new database, with `parameters` added; its password in
    /// the environment given to the location, not in the URL.
    func server(_ parameters: String = "") throws -> (location: PostgresLocation, password: String) {
        let url = try TestStores.location(.postgres, in: try temporaryFolder())
        let password = try #require(ProcessInfo.processInfo.environment["CALIPER_TEST_POSTGRES_PASSWORD"])
        let environment = bare.merging(["PGPASSWORD": password]) { $1 }
        return (try PostgresLocation(url: url + parameters, environment: environment), password)
    }

    func serverCA() throws -> String {
        try #require(TestStores.serverCA, "CALIPER_TEST_POSTGRES_CA names the test server's CA")
    }

    @Test func verifyFullWithTheServersCAConnects() throws {
        let (location, _) = try server("?sslmode=verify-full&sslrootcert=\(try serverCA())")
        #expect(try Store(postgres: location).runCount() == 0)
    }

    /// The certificate names `localhost` too: verify-full checks the host name, not only the IP.
    @Test func verifyFullChecksTheHostName() throws {
        var (location, _) = try server("?sslmode=verify-full&sslrootcert=\(try serverCA())")
        guard case .tcp(_, let port) = location.endpoint else { throw TestStores.NoServer() }
        location.endpoint = .tcp(host: "localhost", port: port)
        #expect(try Store(postgres: location).runCount() == 0)
    }

    @Test func verifyFullWithoutTheCAIsRefused() throws {
        let (location, password) = try server("?sslmode=verify-full")
        let error = try #require(throws: StoreError.self) { try Store(postgres: location) }
        #expect(error.description.contains("TLS") || error.description.contains("certificate"))
        #expect(!error.description.contains(password))
        #expect(!error.description.contains("\n"))
    }

    @Test(arguments: ["require", "disable", "prefer"])
    func otherSSLModesConnect(mode: String) throws {
        let (location, _) = try server("?sslmode=\(mode)")
        #expect(try Store(postgres: location).runCount() == 0)
    }

    @Test func aWrongPasswordFailsInOneLineWithoutIt() throws {
        var (location, password) = try server()
        location.password = "wrong-\(UUID().uuidString)"
        let error = try #require(throws: StoreError.self) { try Store(postgres: location) }
        #expect(!error.description.contains(try #require(location.password)))
        #expect(!error.description.contains(password))
        #expect(!error.description.contains("\n"))
        #expect(error.description.contains("password authentication failed"))
    }

    /// Nothing listens on port 1: the attempt fails at once rather than waiting for the server.
    @Test func aClosedPortFailsToConnect() throws {
        let location = try location("postgresql://caliper@127.0.0.1:1/caliper?connect_timeout=2&password=s3cr3t")
        let error = try #require(throws: StoreError.self) { try Store(postgres: location) }
        #expect(error.reason.hasPrefix("cannot connect"))
        #expect(!error.description.contains("s3cr3t"))
    }
}
