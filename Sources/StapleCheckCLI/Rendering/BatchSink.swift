import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One output format of a batch. A result is a value; the sink turns it into text. `render`
/// may run on any thread, several at once (it must be pure); the rest is called one at a
/// time, in the order results complete. A new format is one more conformance.
///
/// Most formats stream: each rendered result is written the moment it exists. A format
/// whose first line depends on every result (Nagios's status line) or whose lines must be
/// grouped across results (a Prometheus metric family) `holds` instead: its rendered
/// results are kept — as text, never as reports — and handed to `closing`.
protocol BatchSink: Sendable {
    /// True when rendered results are kept for `closing` rather than written as they come.
    var holds: Bool { get }
    /// Written before the first result.
    func opening() -> String
    /// One result, complete: what `prefix` and this return are written in one piece.
    func render(_ result: BatchResult) -> String
    /// Written before a rendered result (the JSON array's comma).
    func prefix(first: Bool) -> String
    /// Written after the last result: the text for standard output and for standard error.
    /// `held`: every rendered result, in the order they completed, when the sink `holds`.
    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String)
}

extension BatchSink {
    var holds: Bool { false }
    func opening() -> String { "" }
    func prefix(first: Bool) -> String { "" }
}

/// `--format text`: a line per target, then the summary.
struct TextBatchSink: BatchSink {
    var renderer: TextRenderer

    func render(_ result: BatchResult) -> String { renderer.batchLine(result) }

    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String) {
        (renderer.batchSummary(tally, outcome), "")
    }
}

/// `--format ndjson`: one compact JSON object per line per target — the object `--format
/// json` prints for one target, with `input`.
struct NDJSONBatchSink: BatchSink {
    func render(_ result: BatchResult) -> String { BatchJSON.object(result, pretty: false) + "\n" }

    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String) {
        ("", TextRenderer.interruption(outcome, done: tally.done))
    }
}

/// `--format json` with several targets: one array, written as it goes (`[`, the objects
/// as they complete, `]`), so that it is never held whole.
struct JSONArrayBatchSink: BatchSink {
    func opening() -> String { "[" }

    func render(_ result: BatchResult) -> String {
        // Each line of the object indented under the bracket: JSON strings hold no raw
        // line breaks, so this touches layout only.
        BatchJSON.object(result, pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
    }

    func prefix(first: Bool) -> String { first ? "\n" : ",\n" }

    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String) {
        (tally.done == 0 ? "]\n" : "\n]\n", TextRenderer.interruption(outcome, done: tally.done))
    }
}

enum BatchJSON {
    static func object(_ result: BatchResult, pretty: Bool) -> String {
        let data = (try? Report.json(result, pretty: pretty)) ?? Data("{\"verdict\":\"error\"}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
