import Foundation
import PackagePlugin

/// Embeds the files a target needs at run time as Swift string literals, so `caliper` works when
/// copied out of `.build` (a resource bundle would be left behind).
///
/// - `CaliperStore` gets `Schema/*.sql` (the migrations, in file-name order).
/// - `CaliperReports` gets `Reports/templates/*`.
@main
struct EmbedFiles: BuildToolPlugin {
    static let foldersByTarget = ["CaliperStore": "Schema", "CaliperReports": "Reports/templates"]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let folder = Self.foldersByTarget[target.name] else { return [] }
        let directory = context.package.directoryURL.appending(path: folder)
        let inputs = ((try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? [])
            .filter { !$0.lastPathComponent.hasPrefix(".") && !$0.hasDirectoryPath }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(folder) into \(target.name)",
                executable: try context.tool(named: "embed-files").url,
                arguments: [output.path()] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}
