import CaliperCore
import Foundation

/// EvalScope names output folders by local start time, `YYYYMMDD_HHMMSS`, without a zone: the
/// ingesting host's zone (`TimeZone.current`, which honours `TZ`) is taken, and the time says so.
public enum RunTimestamp {
    /// The time of the nearest folder (this one or an ancestor) named like `20261124_190048`, read
    /// in `zone`; nil when there is none.
    public static func fromFolderNames(_ url: URL, zone: TimeZone = .current) -> RunTime? {
        var current = url.standardizedFileURL
        for _ in 0..<4 {
            if let stamp = parse(current.lastPathComponent, zone: zone) { return stamp }
            current = current.deletingLastPathComponent()
        }
        return nil
    }

    /// Nil unless the name is a real calendar time (`20261399_996161` is a folder name, not a time).
    static func parse(_ name: String, zone: TimeZone) -> RunTime? {
        guard let match = name.wholeMatch(of: /(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})/) else { return nil }
        return RunTime(
            local: "\(match.1)-\(match.2)-\(match.3)T\(match.4):\(match.5):\(match.6)", zone: zone, origin: .ingestHost)
    }
}
