import Foundation
import PackagePlugin

/// Embeds the files a target needs at run time as Swift string literals, so `caliper` works when
/// copied out of `.build` (a resource bundle would be left behind).
///
/// - `CaliperStore` gets the migrations of both engines, `Schema/sqlite/*.sql` and `Schema/postgres/*.sql`,
///   each named by subfolder and file name (`sqlite/001_runs.sql`, `postgres/001_runs.sql`).
/// - `CaliperReports` gets `Reports/templates/*`, named by file name.
///
/// The files are embedded sorted by that name, so each engine's migrations come in file-name order.
@main
struct EmbedFiles: BuildToolPlugin {
    /// The folders embedded into each target, with the prefix that names their files.
    static let foldersByTarget: [String: [(folder: String, namePrefix: String)]] = [
        "CaliperStore": [(folder: "Schema/sqlite", namePrefix: "sqlite/"), (folder: "Schema/postgres", namePrefix: "postgres/")],
        "CaliperReports": [(folder: "Reports/templates", namePrefix: "")],
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let folders = Self.foldersByTarget[target.name] else { return [] }
        let inputs: [(name: String, url: URL)] = folders.flatMap { folder, namePrefix in
            let directory = context.package.directoryURL.appending(path: folder)
            return ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
                .filter { !$0.lastPathComponent.hasPrefix(".") && !$0.hasDirectoryPath }
                .map { (name: namePrefix + $0.lastPathComponent, url: $0) }
        }
        .sorted { $0.name < $1.name }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folders.map(\.folder).joined(separator: ", ")) into \(target.name)",
                executable: try context.tool(named: "embed-files").url,
                // NAME=PATH: the tool keys each file by NAME (a name holds no '=').
                arguments: [output.path()] + inputs.map { "\($0.name)=\($0.url.path())" },
                inputFiles: inputs.map(\.url),
                outputFiles: [output]
            )
        ]
    }
}
