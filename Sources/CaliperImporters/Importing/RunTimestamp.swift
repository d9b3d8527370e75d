import Foundation

/// EvalScope names output folders by local start time, `YYYYMMDD_HHMMSS`.
public enum RunTimestamp {
    /// `2026-11-24T19:00:48` for the nearest folder (this one or an ancestor) named like
    /// `20261124_190048`; nil when there is none.
    public static func fromFolderNames(_ url: URL) -> String? {
        var current = url.standardizedFileURL
        for _ in 0..<4 {
            if let stamp = parse(current.lastPathComponent) { return stamp }
            current = current.deletingLastPathComponent()
        }
        return nil
    }

    /// Nil unless the name is a real calendar time (`20261399_996161` is a folder name, not a time).
    static func parse(_ name: String) -> String? {
        guard let match = name.wholeMatch(of: /(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = DateComponents(
            calendar: calendar, year: Int(match.1), month: Int(match.2), day: Int(match.3), hour: Int(match.4),
            minute: Int(match.5), second: Int(match.6))
        guard parts.isValidDate else { return nil }
        return "\(match.1)-\(match.2)-\(match.3)T\(match.4):\(match.5):\(match.6)"
    }
}
