import ArgumentParser

@main
struct Caliper: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caliper",
        abstract: "A results store and regression tracker for LLM serving and accuracy benchmarks.")
}
