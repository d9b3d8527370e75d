import CaliperCore

/// Conditions on a run's keys, all of which must hold. Values are always bound, never spliced into SQL.
///
/// ```swift
/// var filter = RunFilter()
/// filter.require(.model, equals: "gpt-oss-20b")
/// filter.require(label: "branch", equals: "main")
/// try store.runs(matching: filter)
/// ```
public struct RunFilter: Sendable, Equatable {
    /// A key a run can be filtered on. The raw value is the name users write (`engine_version=0.10.1`).
    public enum Field: String, CaseIterable, Sendable {
        case id, kind, model, engine
        case engineVersion = "engine_version"
        case hardware
        case gpus
        case reasoningEffort = "reasoning_effort"
        case temperature
        case maxTokens = "max_tokens"
        case endpoint
        case dataset
        case sourceVersion = "source_version"
    }

    public enum Condition: Sendable, Equatable {
        case field(Field, String)
        case label(String, String)
    }

    /// Which runs a filter takes by the validity stored with them (`valid=yes|no|any`).
    public enum Validity: String, CaseIterable, Sendable {
        /// Only runs valid when stored: what `latest` and `history` take unless told otherwise.
        case yes
        /// Only invalid runs.
        case no
        case any
    }

    public private(set) var conditions: [Condition] = []
    /// nil: not said, so no condition here; `latest` and `history` then take valid runs only.
    public var validity: Validity?

    public init() {}

    public mutating func require(_ field: Field, equals value: String) {
        conditions.append(.field(field, value))
    }

    public mutating func require(label key: String, equals value: String) {
        conditions.append(.label(key, value))
    }

    /// The WHERE clause over `runs r` and its arguments, for `dialect`.
    func sql(_ dialect: SQLDialect) -> (clause: String, arguments: [SQLValue]) {
        var clauses: [String] = []
        var arguments: [SQLValue] = []
        for condition in conditions {
            switch condition {
            case .label(let key, let value):
                clauses.append("EXISTS (SELECT 1 FROM run_labels l WHERE l.run_id = r.id AND l.key = ? AND l.value = ?)")
                arguments += [.text(key), .text(value)]
            // On the canonical model (`h100`, `NVIDIA H100` and `8xH100` all name H100), and on
            // memory and count only where the value states them.
            case .field(.hardware, let value):
                let hardware = Hardware.stated(in: value)
                clauses.append("r.hardware_name = ?")
                arguments.append(.text(hardware.name ?? value))
                if let memory = hardware.memoryGB {
                    clauses.append("r.hardware_memory_gb = ?")
                    arguments.append(.real(memory))
                }
                if let count = hardware.count {
                    clauses.append("r.hardware_count = ?")
                    arguments.append(.integer(Int64(count)))
                }
            case .field(.dataset, let value):
                clauses.append("""
                    (r.dataset = ? OR EXISTS (SELECT 1 FROM eval_scores s WHERE s.run_id = r.id AND s.dataset = ?))
                    """)
                arguments += [.text(value), .text(value)]
            // Typed keys compare as numbers (temperature=0.60 matches 0.6); a value that is not
            // one matches nothing, where SQLite's CAST would read "abc" as 0.
            case .field(let field, let value) where field.valueType != .text:
                guard let number = field.number(value) else {
                    clauses.append("1 = 0")
                    continue
                }
                clauses.append("r.\(field.column) = ?")
                arguments.append(number)
            case .field(let field, let value):
                clauses.append("r.\(field.column) = ?")
                arguments.append(.text(value))
            }
        }
        switch validity {
        case .yes: clauses.append("r.invalid_reason IS NULL")
        case .no: clauses.append("r.invalid_reason IS NOT NULL")
        case .any, nil: break
        }
        return (clauses.isEmpty ? "1 = 1" : clauses.joined(separator: " AND "), arguments)
    }
}

extension RunFilter.Field {
    /// What a key's values are: selectors reject a value of another type.
    public enum ValueType: Sendable {
        case text, integer, number
    }

    public var valueType: ValueType {
        switch self {
        case .id, .gpus, .maxTokens: .integer
        case .temperature: .number
        default: .text
        }
    }

    /// The value bound as the key's type (`0.6` for `"0.60"`), nil when it is not one; text keys take any value.
    func number(_ value: String) -> SQLValue? {
        switch valueType {
        case .text: .text(value)
        case .integer: Int64(value).map(SQLValue.integer)
        case .number: Double(value).flatMap { $0.isFinite ? .real($0) : nil }
        }
    }

    /// - Throws: ``SelectorError`` `temperature takes a number (got "abc")` for a value of the wrong type.
    public func check(_ value: String) throws {
        guard number(value) == nil else { return }
        let noun = valueType == .integer ? "a whole number" : "a number"
        throw SelectorError("\(rawValue) takes \(noun) (got \"\(value)\")")
    }

    /// The `runs` column for fields stored as one column.
    var column: String {
        switch self {
        case .id: "id"
        case .kind: "kind"
        case .model: "model"
        case .engine: "engine"
        case .engineVersion: "engine_version"
        case .hardware: "hardware_name"
        case .gpus: "hardware_count"
        case .reasoningEffort: "reasoning_effort"
        case .temperature: "temperature"
        case .maxTokens: "max_tokens"
        case .endpoint: "endpoint"
        case .dataset: "dataset"
        case .sourceVersion: "source_version"
        }
    }
}
