/// Why a settings comparison cannot be made: one line for the user, naming what to change.
///
/// ```swift
/// String(describing: error)   // "only one setting of temperature (0.6) among runs 1, 2: a comparison needs two"
/// ```
public struct SettingsError: Error, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
