import CaliperCore
import CaliperRunners
import Foundation
import Testing

struct PromptSourceTests {
    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appending(path: "caliper-prompts-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func lineByLineCyclesThroughNonEmptyLines() throws {
        let source = try PromptSource.load(dataset: "line_by_line", path: try file("one\n\n two \nthree\n"))
        #expect(source.prompts(count: 4) == [.text("one"), .text("two"), .text("three"), .text("one")])
    }

    @Test func openqaAndJSONLFields() throws {
        let openqa = try PromptSource.load(dataset: "openqa", path: try file(#"{"question": "why?"}"# + "\n"))
        #expect(openqa.prompts(count: 1) == [.text("why?")])
        let jsonl = try PromptSource.load(dataset: "jsonl", path: try file("""
            {"prompt": "hi"}
            {"messages": [{"role": "user", "content": "yo"}]}
            """))
        let prompts = jsonl.prompts(count: 2)
        #expect(prompts[0] == .text("hi"))
        guard case .messages(let messages) = prompts[1] else { Issue.record("not messages"); return }
        #expect(messages.arrayValue?.first?["content"]?.stringValue == "yo")
    }

    @Test func badFilesNameTheFileAndLine() throws {
        let path = try file("{\"prompt\": \"ok\"}\n{\"text\": 1}\n")
        #expect(throws: PromptSourceError.self) { try PromptSource.load(dataset: "jsonl", path: path) }
        do {
            _ = try PromptSource.load(dataset: "jsonl", path: path)
        } catch {
            #expect("\(error)" == "\(path):2: no \"prompt\" string or \"messages\" array")
        }
        #expect(throws: PromptSourceError.self) { try PromptSource.load(dataset: "line_by_line") }
        #expect(throws: PromptSourceError.self) { try PromptSource.load(dataset: "sharegpt", path: path) }
    }

    @Test func randomPromptsAreSeededAndWithinTheLengths() throws {
        let source = try PromptSource.load(dataset: "random", minLength: 64, maxLength: 128, seed: 7)
        let prompts = source.prompts(count: 50)
        #expect(prompts == source.prompts(count: 50))
        for case .text(let text) in prompts {
            #expect((64...128).contains(text.split(separator: " ").count))
        }
    }
}

struct RequestBodyTests {
    @Test func completionsBodyAsEvalScopeSendsIt() throws {
        let body = RequestBody(
            endpoint: .completions, model: "gpt-oss-20b", maxTokens: 128, minTokens: 128,
            extraArguments: ["ignore_eos": .bool(true)])
        let json = try #require(try JSONValue.parse(Data(body.json(for: .text("Hello")).utf8)).objectValue)
        #expect(json["prompt"]?.stringValue == "Hello" && json["model"]?.stringValue == "gpt-oss-20b")
        #expect(json["max_tokens"]?.intValue == 128 && json["min_tokens"]?.intValue == 128)
        #expect(json["stream"]?.boolValue == true && json["stream_options"]?["include_usage"]?.boolValue == true)
        #expect(json["ignore_eos"]?.boolValue == true && json["temperature"]?.doubleValue == 0)
        #expect(body.generationConfig.maxTokens == 128 && body.generationConfig.ignoreEOS == true)
    }

    @Test func chatWrapsTextAsOneUserMessage() throws {
        #expect(RequestBody.Endpoint(url: "http://h:8000/v1/chat/completions") == .chat)
        #expect(RequestBody.Endpoint(url: "http://h:8000/v1/completions") == .completions)
        let body = RequestBody(endpoint: .chat, model: "m", stream: false)
        let json = try #require(try JSONValue.parse(Data(body.json(for: .text("Hi")).utf8)).objectValue)
        #expect(json["messages"]?.arrayValue?.first?["role"]?.stringValue == "user")
        #expect(json["prompt"] == nil && json["stream_options"] == nil && json["stream"]?.boolValue == false)
    }
}
