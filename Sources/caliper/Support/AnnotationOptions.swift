import ArgumentParser
import CaliperCore

/// What a user tells about a run that its results do not say: `--engine`, `--engine-version`,
/// `--hardware`, `--gpus`, `--label`. Shared by every command that stores runs.
struct AnnotationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Serving engine, e.g. vllm.", valueName: "name"))
    var engine: String?

    @Option(help: ArgumentHelp("Engine version, e.g. 0.10.1+gptoss.", valueName: "version"))
    var engineVersion: String?

    @Option(help: ArgumentHelp(#"Accelerator, e.g. "NVIDIA H20 96GB" or H20-96GB*1."#, valueName: "text"))
    var hardware: String?

    @Option(help: ArgumentHelp("Number of accelerators serving the model.", valueName: "n"))
    var gpus: Int?

    @Option(name: .customLong("label"), help: ArgumentHelp("A key=value label (repeatable): branch=main, commit=3f2a9c1.", valueName: "key=value"))
    var labels: [String] = []

    func annotations() throws -> RunAnnotations {
        do {
            return RunAnnotations(
                engine: engine, engineVersion: engineVersion, hardware: hardware, gpus: gpus,
                labels: try RunAnnotations.parseLabels(labels))
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }
}
