import CaliperCore
import Foundation

/// The per-document rows of one task's samples file, for the dataset's headline figure.
///
/// lm-eval writes one line per document × filter (`{"doc_id", "doc_hash", "filter",
/// "<metric>": value, …}`); the lines of the headline's filter become ``EvalSample``s: the
/// question is `doc_hash` (a hash of the document, so runs pair on the same question even when
/// `--limit` or a changed dataset moves `doc_id`; `doc_id` before 0.4.3, which has no hash), the
/// sample is `doc_id`, the score is the line's value of the headline metric. lm-eval scores a
/// task's `repeats` together (one line per document), so every row is repeat 0. Lines carry no
/// token counts or times. Before 0.4.7 lines have no `filter`: they come in one block per filter,
/// in `filter_list` order, so a document's n-th line is its n-th filter's.
///
/// ```swift
/// let rows = try LMEvalSamples(lines: lines, file: url, jsonLines: true, dataset: "gsm8k", subset: "gsm8k",
///                              key: .init(metric: "exact_match", filter: "strict-match"), filters: ["strict-match", "flexible-extract"])
/// rows.samples.count   // one per document
/// ```
struct LMEvalSamples {
    private(set) var samples: [EvalSample] = []
    /// Why the file gave no samples (a metric whose per-document value is no number, such as
    /// BLEU's reference/prediction pairs), for the ingest to print.
    private(set) var warning: String?

    init(
        lines: [JSONValue], file: URL, jsonLines: Bool, dataset: String, subset: String, key: LMEvalResults.MetricKey,
        filters: [String]
    ) throws {
        var linesOfDocument: [String: Int] = [:]
        var firstLine: [String: Int] = [:]
        var questionOfHash: [String: String] = [:]
        let caliperName = key.caliperName
        for (index, line) in lines.enumerated() {
            let reader = jsonLines ? JSONFields(file: file, line: index + 1) : JSONFields(file: file)
            let prefix = jsonLines ? "" : "[\(index)]."
            guard let object = line.objectValue else {
                throw reader.error(String(prefix.dropLast()), "expected a JSON object, found \(JSONFields.kind(of: line))")
            }
            guard let documentID = try reader.optionalID(object["doc_id"], "\(prefix)doc_id") else {
                throw reader.error("\(prefix)doc_id", "missing")
            }
            let seen = linesOfDocument[documentID, default: 0]
            linesOfDocument[documentID] = seen + 1
            let filter = try reader.optionalString(object["filter"], "\(prefix)filter")
                ?? (seen < filters.count ? filters[seen] : "none")
            guard filter == key.filter else { continue }
            if let earlier = firstLine[documentID] {
                throw reader.error("\(prefix)doc_id", "document \(documentID) with filter \(filter) is also on line \(earlier)")
            }
            firstLine[documentID] = index + 1

            let path = "\(prefix)\(key.metric)"
            let score: Double
            switch object[key.metric] {
            case .bool(let flag)?:
                score = flag ? 1 : 0
            case .int?, .double?:
                score = try reader.checked(try reader.number(object[key.metric], path), key.domain, path)
            case nil, .null?:
                throw reader.error(path, "missing: the line has no value of the headline metric")
            case let value?:
                samples = []
                warning = "\(file.lastPathComponent): \(key.metric) per document is \(JSONFields.kind(of: value)), not a score (a corpus-level metric); no samples of \(subset) are stored"
                return
            }
            var question = documentID
            if let hash = try reader.optionalString(object["doc_hash"], "\(prefix)doc_hash") {
                // Two documents with one text (a duplicated row) stay two questions.
                question = questionOfHash[hash].map { $0 == documentID ? hash : "\(hash)#\(documentID)" } ?? hash
                if questionOfHash[hash] == nil { questionOfHash[hash] = documentID }
            }
            samples.append(EvalSample(
                dataset: dataset, subset: subset, sampleID: documentID, questionID: question, repeatIndex: 0,
                metric: caliperName, score: score))
        }
    }
}
