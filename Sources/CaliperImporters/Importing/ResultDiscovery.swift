import Foundation

/// Finds the result folders under a path: the path itself when an importer recognizes it, else
/// (with `recursive`) every recognized folder below it, without descending into results.
public enum ResultDiscovery {
    /// A folder to import, or a folder that nothing recognizes.
    public enum Found: Equatable, Sendable {
        case result(URL, importer: String)
        case unrecognized(URL)
    }

    public static func find(in root: URL, recursive: Bool) -> [Found] {
        if let importer = Importers.importer(for: root) { return [.result(root, importer: importer.name)] }
        guard recursive else { return [.unrecognized(root)] }
        var found: [Found] = []
        var visited: Set<String> = []
        walk(root, into: &found, visited: &visited)
        return found.isEmpty ? [.unrecognized(root)] : found
    }

    /// `visited` holds the real paths walked so far: a link back up the tree is walked once.
    private static func walk(_ directory: URL, into found: inout [Found], visited: inout Set<String>) {
        guard visited.insert(directory.resolvingSymlinksInPath().path(percentEncoded: false)).inserted else { return }
        let children = (try? FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles]
        )) ?? []
        for child in children.sorted(by: { $0.lastPathComponent < $1.lastPathComponent })
        where (try? child.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true {
            if let importer = Importers.importer(for: child) {
                found.append(.result(child, importer: importer.name))
            } else {
                walk(child, into: &found, visited: &visited)
            }
        }
    }
}
