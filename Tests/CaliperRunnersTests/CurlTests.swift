import CaliperRunners
import Testing

struct CurlTests {
    @Test func libcurlInitializesAndNamesItsVersion() {
        #expect(Curl.initialize())
        #expect(Curl.version.hasPrefix("libcurl/"))
    }
}
