import CaliperAnalysis

extension SettingsReport {
    /// Machine-readable JSON: sorted snake_case keys, pretty-printed, ending in a newline; see
    /// ``SettingsDocument`` for the fields.
    ///
    /// ```swift
    /// let object = try JSONSerialization.jsonObject(with: Data(SettingsReport.json(result).utf8))
    /// ```
    public static func json(_ comparison: SettingsComparison) throws -> String {
        try RunDocument.json(SettingsDocument(comparison))
    }
}
