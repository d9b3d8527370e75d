import CaliperAnalysis

extension TrendReport {
    /// Machine-readable JSON: sorted snake_case keys, pretty-printed, ending in a newline; see
    /// ``TrendDocument`` for the fields.
    ///
    /// ```swift
    /// let object = try JSONSerialization.jsonObject(with: Data(TrendReport.json(series).utf8))
    /// ```
    public static func json(_ series: TrendSeries) -> String {
        TrendDocument.json(series)
    }
}
