import CaliperStore

/// A run as commands name it on the command line: an id or `latest KEY=VALUE ...`.
enum RunArgument {
    static let help = "A run id or 'latest KEY=VALUE ...' (e.g. 'latest model=gpt-oss-20b label.branch=main')."

    /// The run `text` selects, or a one-line failure (`no run 7 in caliper.db`, a bad selector).
    /// - Parameter role: prefixed to selector errors (`baseline: …`) when given.
    static func run(_ text: String, in store: Store, detail: RunDetail = .summary, role: String? = nil) throws -> StoredRun {
        let selector: RunSelector
        do {
            selector = try RunSelector.parse(text)
        } catch {
            throw CommandFailure(message: (role.map { "\($0): " } ?? "") + "\(error)")
        }
        return try load(selector, in: store, detail: detail, role: role)
    }

    /// The run a parsed selector names, failures as for ``run(_:in:detail:role:)``.
    static func load(_ selector: RunSelector, in store: Store, detail: RunDetail = .summary, role: String? = nil) throws -> StoredRun {
        do {
            return try store.run(selectedBy: selector, detail: detail)
        } catch let error as SelectorError {
            throw CommandFailure(message: (role.map { "\($0): " } ?? "") + error.description)
        } catch {
            throw CommandFailure(message: String(describing: error))
        }
    }
}
