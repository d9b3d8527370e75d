import CaliperCore
import Foundation
import Testing

struct RunTimeTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    let utc = TimeZone(identifier: "UTC")!

    /// 22:53 in Shanghai is 14:53 UTC: before a UTC run 3 s later, whatever the local clocks say.
    @Test func ordersByTheUTCInstant() throws {
        let shanghaiRun = try #require(RunTime(local: "2026-12-07T22:53:00", zone: shanghai, origin: .ingestHost))
        let utcRun = try #require(RunTime(local: "2026-12-07T14:53:03", zone: utc, origin: .ingestHost))
        #expect(shanghaiRun < utcRun)
        #expect(shanghaiRun.utcText == "2026-12-07T14:53:00Z")
        #expect(shanghaiRun.utcText < utcRun.utcText)
        #expect(shanghaiRun.offsetText == "+08:00")
        #expect(shanghaiRun.localText == "2026-12-07T22:53:00+08:00")
        #expect(utcRun.localText == "2026-12-07T14:53:03+00:00")
    }

    @Test func readsBackWhatTheStoreKeeps() throws {
        let time = try #require(RunTime(local: "2026-03-01T01:30:00", zone: TimeZone(identifier: "America/St_Johns")!, origin: .source))
        #expect(time.offsetText == "-03:30")
        #expect(time.utcText == "2026-03-01T05:00:00Z")
        let back = RunTime(utcText: time.utcText, offset: time.offsetText, origin: time.origin?.rawValue)
        #expect(back == time)
        #expect(back?.localText == "2026-03-01T01:30:00-03:30")
    }

    /// Rows stored before zones were kept: no `Z`, no offset, read as UTC with the zone unknown.
    @Test func oldRowsAreUTCWithAnUnknownZone() throws {
        let old = try #require(RunTime(utcText: "2026-11-24T19:00:48", offset: nil, origin: nil))
        #expect(old.offsetSeconds == nil)
        #expect(old.origin == nil)
        #expect(old.utcText == "2026-11-24T19:00:48Z")
        #expect(old.localText == "2026-11-24T19:00:48Z")
        #expect(RunTime(utcText: "2026-11-24T19:00:48Z", offset: "bogus", origin: "source")?.origin == nil)
    }

    @Test(arguments: ["2026-13-01T00:00:00", "2026-02-29T00:00:00", "2026-11-24T24:00:00", "2026-11-24 19:00", "", "x"])
    func refusesWhatIsNoTime(text: String) {
        #expect(RunTime(utcText: text, offset: nil, origin: nil) == nil)
        #expect(RunTime(local: text, zone: utc, origin: .source) == nil)
    }

    @Test func agreesWithFoundationAcrossTheCalendar() {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: Int64(-2_208_988_800), to: 4_102_444_800, by: 7_776_013) {
            let time = RunTime(seconds: seconds, offsetSeconds: 0, origin: .source)
            #expect(time.utcText == formatter.string(from: time.date))
            #expect(RunTime(utcText: time.utcText, offset: nil, origin: nil)?.seconds == seconds)
        }
        #expect(RunTime(utcText: "2024-02-29T12:00:00Z", offset: nil, origin: nil) != nil)
    }

    @Test func benchTimesTakeTheHostOffset() {
        let date = Date(timeIntervalSince1970: 1_796_655_180.7)
        let time = RunTime(date: date, zone: shanghai, origin: .source)
        #expect(time.seconds == 1_796_655_180)
        #expect(time.offsetText == "+08:00")
        #expect(time.origin == .source)
    }
}
