import ArgumentParser
import Foundation
@testable import StapleCheckCLI
@testable import StapleCheckCore
import Testing

/// The pure parts of a batch: splitting and reading target lines, per-line options, shards,
/// the tally and its exit code, the per-target text line and the JSON object with `input`.
@Suite("Batch pieces")
struct BatchUnitTests {
    @Test("Lines split into words like a shell, without expansion", arguments: [
        ("a.test", ["a.test"]),
        ("  a.test   --servername  b.test ", ["a.test", "--servername", "b.test"]),
        ("a.test --servername 'b c'", ["a.test", "--servername", "b c"]),
        (#"a.test --servername "b \"c\" \\ \d""#, ["a.test", "--servername", #"b "c" \ \d"#]),
        (#"a\ b"#, ["a b"]),
        ("a.test # --address 1.2.3.4", ["a.test"]),
        ("a#b 'c'd''", ["a#b", "cd"]),
        ("''", [""]),
        ("$HOME *", ["$HOME", "*"]),
    ])
    func shellWords(_ line: String, _ words: [String]) throws {
        #expect(try ShellWords.split(line) == words)
    }

    @Test("Unterminated quotes and a trailing backslash are errors", arguments: [
        ("'a", "unterminated single quote"), ("\"a", "unterminated double quote"), (#""a\"#, "unterminated double quote"),
        (#"a\"#, "backslash at the end of the line"),
    ])
    func shellWordsFail(_ line: String, _ message: String) {
        #expect(throws: ShellWords.Failure(message: message)) { try ShellWords.split(line) }
    }

    @Test("Target lists: numbered lines, comments, blank lines and CR LF ends dropped")
    func targetListLines() {
        let text = "# fleet\r\na.test\r\n\n   \n  # indented comment\n\tb.test:8443 --servername x  \nc.test"
        #expect(TargetListFile.lines(Array(text.utf8)) == [
            .init(number: 2, text: "a.test"), .init(number: 6, text: "b.test:8443 --servername x"), .init(number: 7, text: "c.test"),
        ])
        #expect(TargetListFile.lines([]) == [])
    }

    @Test("A line's options replace the command line's, one by one")
    func lineOptions() throws {
        let base = try TargetOptions.parse(["--servername", "base.test", "--address", "127.0.0.9"])
        let line = try TargetLine.parse(["a.test:8443", "--address", "::1", "--address", "127.0.0.2"])
        #expect(line.target == "a.test:8443")
        let merged = line.options.overriding(base)
        #expect(merged.servername == "base.test")
        #expect(merged.addresses == ["::1", "127.0.0.2"])
        let named = try TargetLine.parse(["a.test", "--servername", "own.test"]).options.overriding(base)
        #expect(named.servername == "own.test" && named.addresses == ["127.0.0.9"])
        for bad in [["a.test", "--timeout", "3"], ["a.test", "b.test"], ["a.test", "--address", "a.test"], []] {
            #expect(throws: (any Error).self, "\(bad)") { _ = try TargetLine.parse(bad) }
        }
    }

    @Test("Shards: K/N parsed 1-based; target i is in shard i % N + 1, every target in exactly one")
    func shards() throws {
        #expect(Shard(parsing: "2/3") == Shard(number: 2, count: 3))
        for bad in ["0/3", "4/3", "1/0", "-1/3", "1/", "/3", "1/2/3", "a/b", ""] { #expect(Shard(parsing: bad) == nil, "\(bad)") }
        for n in 1...5 {
            let shards = (1...n).map { Shard(number: $0, count: n) }
            for i in 0..<23 {
                #expect(shards.filter { $0.includes(i) } == [Shard(number: i % n + 1, count: n)])
            }
        }
    }

    static func result(_ index: Int, _ verdict: Verdict) -> BatchResult {
        let target = TargetInfo(host: "t\(index).test", port: 443)
        var report = Report(checkedAt: ReportSamples.t0, target: target)
        switch verdict {
        case .ok: break
        case .warning: report.body.findings = [.stapleMissing(required: false)]
        case .critical: report.body.findings = [.stapleRevoked(at: nil, reason: nil)]
        case .error: report = .failed(.refused("refused"), target: target, at: ReportSamples.t0)
        }
        #expect(report.verdict == verdict)
        return BatchResult(index: index, input: BatchInput(source: "hosts.txt", line: index + 1, text: target.host), report: report)
    }

    @Test("The exit code: critical over could-not-check over warning over ok", arguments: [
        ([Verdict.ok, .ok], Int32(0)), ([.ok, .warning], Int32(1)), ([.warning, .error], Int32(3)), ([.error, .critical, .warning], Int32(2)),
        ([], Int32(0)),
    ])
    func exitCode(_ verdicts: [Verdict], _ code: Int32) {
        var tally = BatchTally()
        for (i, verdict) in verdicts.enumerated() { tally.add(Self.result(i, verdict)) }
        #expect(tally.exitCode == code)
        #expect(tally.done == verdicts.count)
    }

    @Test("The worst targets: bounded, worst first, by list position — whatever order the results came in")
    func worst() {
        let verdicts: [Verdict] = [.warning, .ok, .critical, .error, .warning, .critical, .error, .critical, .ok]
        var forward = BatchTally(worstLimit: 4), backward = BatchTally(worstLimit: 4)
        for (i, v) in verdicts.enumerated() { forward.add(Self.result(i, v)) }
        for (i, v) in verdicts.enumerated().reversed() { backward.add(Self.result(i, v)) }
        #expect(forward.worst.map(\.index) == [2, 5, 7, 3])
        #expect(backward.worst.map(\.index) == forward.worst.map(\.index))
        #expect(forward.count(.critical) == 3 && forward.count(.ok) == 2)
    }

    @Test("NDJSON: the report's own object with input beside its fields; the JSON array indents it")
    func jsonObject() throws {
        let result = Self.result(2, .critical)
        let line = NDJSONBatchSink().render(result)
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let single = try #require(try JSONSerialization.jsonObject(with: Report.json(result.report)) as? [String: Any])
        #expect(Set(object.keys) == Set(single.keys).union(["input"]))
        let input = try #require(object["input"] as? [String: Any])
        #expect(input["source"] as? String == "hosts.txt" && input["line"] as? Int == 3 && input["text"] as? String == "t2.test")
        #expect(input.count == 3)
        let argument = BatchResult(index: 0, input: BatchInput(source: nil, line: 1, text: "a"), report: result.report)
        #expect(NDJSONBatchSink().render(argument).contains(#""input":{"line":1,"source":null,"text":"a"}"#))
        let sink = JSONArrayBatchSink()
        let array = sink.opening() + sink.prefix(first: true) + sink.render(result) + sink.prefix(first: false) + sink.render(argument)
            + sink.closing(BatchTally(), .init(signal: nil, completed: 2, abandoned: 0, notStarted: 0, total: 2), held: []).stdout
        #expect((try JSONSerialization.jsonObject(with: Data(array.utf8)) as? [Any])?.count == 2)
        #expect(!array.contains("\n  \n"), "no blank lines padded with spaces")
    }

    @Test("Text: a line per target with the worst finding, escaped; errors name their line")
    func textLine() {
        let renderer = TextRenderer(color: false)
        #expect(renderer.batchLine(Self.result(0, .ok)) == "OK        not stapled  t0.test:443\n")
        #expect(renderer.batchLine(Self.result(1, .critical)).hasPrefix("CRITICAL  not stapled  t1.test:443  staple-revoked: "))
        #expect(renderer.batchLine(Self.result(3, .error)) == "ERROR     -            t3.test:443  refused: refused  (hosts.txt:4)\n")
        var hostile = Self.result(4, .error)
        hostile.report = .failed(.input("hosts.txt:5: invalid target \"\u{1B}]0;x\u{7}\""), target: TargetInfo(host: "\u{1B}]0;x\u{7}", port: 443),
                                 at: ReportSamples.t0)
        let line = renderer.batchLine(hostile)
        #expect(!line.contains("\u{1B}") && line.hasPrefix("ERROR     -            hosts.txt:5  input: "), "\(line)")
    }
}
