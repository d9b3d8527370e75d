import Foundation
import PackagePlugin

/// Embeds the files a target needs at run time as Swift string literals, so `caliper` works when
/// copied out of `.build` (a resource bundle would be left behind).
///
/// - `CaliperStore` gets `Schema/sqlite/*.sql` and `Schema/postgres/*.sql` (the migrations of each
///   engine), named `sqlite/001_runs.sql`, `postgres/001_runs.sql`, ….
/// - `CaliperReports` gets `Reports/templates/*`.
@main
struct EmbedFiles: BuildToolPlugin {
    static let foldersByTarget = ["CaliperStore": "Schema", "CaliperReports": "Reports/templates"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let folder = Self.foldersByTarget[target.name] else { return [] }
        let directory = context.package.directoryURL.appending(path: folder)
        let inputs = Self.files(in: directory).sorted { $0.name < $1.name }.map(\.url)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folder) into \(target.name)",
                executable: try context.tool(named: "embed-files").url,
                arguments: [output.path(), directory.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }

    /// The files under `directory`, one level of subfolders deep, named by their path inside it.
    static func files(in directory: URL, prefix: String = "") -> [(name: String, url: URL)] {
        let entries = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return entries.filter { !$0.lastPathComponent.hasPrefix(".") }.flatMap { entry -> [(name: String, url: URL)] in
            let name = prefix + entry.lastPathComponent
            if entry.hasDirectoryPath { return prefix.isEmpty ? files(in: entry, prefix: name + "/") : [] }
            return [(name, entry)]
        }
    }
}
