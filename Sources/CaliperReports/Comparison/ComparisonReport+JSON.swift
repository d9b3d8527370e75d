import CaliperAnalysis

extension ComparisonReport {
    /// Machine-readable JSON: sorted snake_case keys, pretty-printed, ending in a newline; see
    /// ``ComparisonDocument`` for the fields.
    ///
    /// ```swift
    /// let object = try JSONSerialization.jsonObject(with: Data(ComparisonReport.json(comparison).utf8))
    /// ```
    public static func json(_ comparison: RunComparison) throws -> String {
        try RunDocument.json(ComparisonDocument(comparison))
    }
}
