import Foundation

/// When a run ran: a UTC instant (whole seconds), and the UTC offset of the clock that wrote it.
///
/// Runs are ordered by the instant, so a run written in Shanghai at 22:53 (+08:00) comes before a
/// run written in London 3 s later at 14:53 (+00:00). The offset says where the time was read; it
/// comes from the source, or — when the source wrote a local time without a zone, as EvalScope's
/// folder names do — from the ingesting host (`TimeZone.current`, which honours `TZ`), and says so.
///
/// ```swift
/// let time = RunTime(local: "2026-11-24T19:00:48", zone: TimeZone(identifier: "Asia/Shanghai")!, origin: .ingestHost)!
/// time.utcText      // "2026-11-24T11:00:48Z"   (what the store keeps in run_at)
/// time.offsetText   // "+08:00"
/// time.localText    // "2026-11-24T19:00:48+08:00"
/// ```
public struct RunTime: Sendable, Hashable, Comparable {
    /// Where a run time's UTC offset came from.
    public enum ZoneOrigin: String, Sendable, CaseIterable {
        /// The source recorded it (or, for `caliper bench`, the clock that measured the run).
        case source
        /// The source wrote a local time without a zone; the ingesting host's zone was assumed.
        case ingestHost = "ingest host"
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Seconds east of UTC of the clock the time was read from; nil when unknown (runs stored
    /// before Caliper kept zones, whose times are taken as UTC).
    public var offsetSeconds: Int?
    /// Where ``offsetSeconds`` came from; nil exactly when it is unknown.
    public var origin: ZoneOrigin?

    public init(seconds: Int64, offsetSeconds: Int?, origin: ZoneOrigin?) {
        self.seconds = seconds
        self.offsetSeconds = offsetSeconds
        self.origin = offsetSeconds == nil ? nil : origin
    }

    /// An instant read on a clock in `zone` (`caliper bench`: now, on this host).
    public init(date: Date, zone: TimeZone, origin: ZoneOrigin) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        self.init(seconds: seconds, offsetSeconds: zone.secondsFromGMT(for: date), origin: origin)
    }

    /// A zone-less local time (`2026-11-24T19:00:48`) read as a time in `zone`; nil unless it is a
    /// real calendar time. In a daylight-saving gap or overlap, Foundation's choice is taken.
    public init?(local text: String, zone: TimeZone, origin: ZoneOrigin) {
        guard let fields = Self.fields(text, zoneSuffix: false) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = DateComponents(
            calendar: calendar, timeZone: zone, year: fields.year, month: fields.month, day: fields.day,
            hour: fields.hour, minute: fields.minute, second: fields.second)
        guard let date = calendar.date(from: parts) else { return nil }
        self.init(date: date, zone: zone, origin: origin)
    }

    /// The store's form back: `run_at` (`2026-11-24T11:00:48Z`; a row written before zones were
    /// kept may lack the `Z`), the offset column (`+08:00`) and the origin column; nil when
    /// `utcText` is no time. An unreadable offset or origin reads as unknown.
    public init?(utcText: String, offset: String?, origin: String?) {
        guard let fields = Self.fields(utcText, zoneSuffix: true) else { return nil }
        let days = Self.daysFromCivil(year: fields.year, month: fields.month, day: fields.day)
        let seconds = days * 86_400 + Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
        let offsetSeconds = offset.flatMap(Self.parseOffset)
        self.init(
            seconds: seconds, offsetSeconds: offsetSeconds,
            origin: offsetSeconds == nil ? nil : origin.flatMap(ZoneOrigin.init(rawValue:)))
    }

    /// Earlier instant first. (`==` also compares the offset and its origin: the same instant read
    /// in two zones is two different readings, neither earlier.)
    public static func < (lhs: RunTime, rhs: RunTime) -> Bool { lhs.seconds < rhs.seconds }

    /// The instant in UTC, `2026-11-24T11:00:48Z`: what `run_at` stores and orders by (the same
    /// form as `ingested_at`, so the two compare as text).
    public var utcText: String { Self.text(seconds) + "Z" }

    /// `+08:00`, `-05:30`, `+00:00`; nil when unknown.
    public var offsetText: String? {
        guard let offsetSeconds else { return nil }
        let minutes = abs(offsetSeconds) / 60
        return (offsetSeconds < 0 ? "-" : "+") + Self.pad(minutes / 60) + ":" + Self.pad(minutes % 60)
    }

    /// The time as read, with its offset: `2026-11-24T19:00:48+08:00`; the UTC form when the offset
    /// is unknown.
    public var localText: String {
        guard let offsetSeconds, let offsetText else { return utcText }
        return Self.text(seconds + Int64(offsetSeconds)) + offsetText
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    // MARK: - Calendar arithmetic (proleptic Gregorian, as ISO 8601), no formatter per row

    private struct Fields {
        var year, month, day, hour, minute, second: Int
    }

    /// `YYYY-MM-DDTHH:MM:SS`, then a `Z` (optional) when `zoneSuffix`; nil unless a valid time.
    private static func fields(_ text: String, zoneSuffix: Bool) -> Fields? {
        var bytes = Array(text.utf8)
        if zoneSuffix, bytes.last == UInt8(ascii: "Z") { bytes.removeLast() }
        guard bytes.count == 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        return Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// `+08:00` / `-05:30` / `Z` → seconds east of UTC, within ±18 h.
    private static func parseOffset(_ text: String) -> Int? {
        if text == "Z" { return 0 }
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[3] == UInt8(ascii: ":"),
              let hours = Int(String(decoding: bytes[1..<3], as: UTF8.self)),
              let minutes = Int(String(decoding: bytes[4..<6], as: UTF8.self)),
              hours <= 18, minutes < 60
        else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -magnitude : magnitude
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((month + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DDTHH:MM:SS` of seconds since the epoch, without a zone.
    private static func text(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return yearText + "-" + pad(month) + "-" + pad(day) + "T" + pad(secondOfDay / 3600) + ":" + pad(secondOfDay / 60 % 60) + ":" + pad(secondOfDay % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
}

extension RunTime: ExpressibleByStringLiteral {
    /// A UTC time written in code (`"2026-11-24T11:00:48Z"`, the `Z` optional), offset unknown. A
    /// literal that is no time is a programming error.
    public init(stringLiteral text: String) {
        guard let time = RunTime(utcText: text, offset: nil, origin: nil) else {
            preconditionFailure("\"\(text)\" is no ISO 8601 time")
        }
        self = time
    }
}

/// In a bundle: `{"utc": "2026-11-24T11:00:48Z", "offset": "+08:00", "zone": "ingest host"}`, the
/// forms the store keeps, read back through the same checks.
extension RunTime: Codable {
    private enum CodingKeys: String, CodingKey {
        case utc, offset, zone
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let utc = try container.decode(String.self, forKey: .utc)
        let offset = try container.decodeIfPresent(String.self, forKey: .offset)
        let zone = try container.decodeIfPresent(String.self, forKey: .zone)
        guard let time = RunTime(utcText: utc, offset: offset, origin: zone), utc.hasSuffix("Z"),
              (offset == nil) == (time.offsetText == nil), (zone == nil) == (time.origin == nil)
        else {
            throw DecodingError.dataCorruptedError(
                forKey: .utc, in: container, debugDescription: "\(utc) \(offset ?? "") is no UTC time with an offset")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(utcText, forKey: .utc)
        try container.encodeIfPresent(offsetText, forKey: .offset)
        try container.encodeIfPresent(origin?.rawValue, forKey: .zone)
    }
}
