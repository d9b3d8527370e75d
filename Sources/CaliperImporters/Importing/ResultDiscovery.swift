import Foundation

/// Finds the results under a path: the path itself (a folder or a file) when an importer
/// recognizes it, else (with `recursive`) every recognized folder or file below it, without
/// descending into results.
public enum ResultDiscovery {
    /// A result to import, or a path that nothing recognizes.
    public enum Found: Equatable, Sendable {
        case result(URL, importer: String)
        case unrecognized(URL)
    }

    public static func find(in root: URL, recursive: Bool) -> [Found] {
        let here = Importers.importers(for: root)
        if !here.isEmpty { return here.map { .result(root, importer: $0.name) } }
        guard recursive, isDirectory(root) else { return [.unrecognized(root)] }
        var found: [Found] = []
        var visited: Set<String> = []
        walk(root, into: &found, visited: &visited)
        return found.isEmpty ? [.unrecognized(root)] : found
    }

    /// `visited` holds the real paths walked so far: a link back up the tree is walked once.
    /// Folders are asked first; a file is asked only when no importer took its folder.
    private static func walk(_ directory: URL, into found: inout [Found], visited: inout Set<String>) {
        guard visited.insert(directory.resolvingSymlinksInPath().path(percentEncoded: false)).inserted else { return }
        let children = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
        )) ?? []
        for child in children.sorted(by: { $0.lastPathComponent < $1.lastPathComponent }) {
            let importers = Importers.importers(for: child)
            if !importers.isEmpty {
                found += importers.map { .result(child, importer: $0.name) }
            } else if isDirectory(child) {
                walk(child, into: &found, visited: &visited)
            }
        }
    }

    static func isDirectory(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true
    }
}
