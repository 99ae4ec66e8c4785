import Foundation
import StapleCheckCore
import Testing

/// How a batch spends its turns: checks waiting out a back-off give theirs away, and a list
/// on a pipe is read as it is written. Real `openssl s_server`s on loopback.
@Suite("Batch scheduling: back-off turns, lists on a pipe")
struct BatchSchedulingTests {
    @Test("A check waiting out its back-off gives its turn away: good targets behind two unstapled ones finish first")
    func backoffGivesTurnAway() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        // The default plan (three probes): each unstapled check waits 1.75 s in all.
        let file = try fleet.write("""
            \(fleet.unstapledTarget)
            \(fleet.unstapledTarget)
            \(fleet.goodTarget)
            \(fleet.goodTarget)
            \(fleet.goodTarget)
            """)
        let run = try await CLIRun.execute(["--targets", file, "--servername", "good.test", "--format", "ndjson", "--concurrency", "2",
                                            "--ca-file", fleet.lab.caBundle, "--no-live", "--timeout", "30"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let order = ndjson(run.stdout).map { "\($0.inputLine ?? 0) \($0.verdict ?? "")" }
        // With the turns held through the back-off, lines 3-5 would wait for lines 1 and 2.
        #expect(order.count == 5)
        #expect(Set(order.prefix(3)) == ["3 ok", "4 ok", "5 ok"], "\(order)")
        #expect(Set(order.suffix(2)) == ["1 warning", "2 warning"], "\(order)")
    }

    @Test("Turns: never more checks connecting than the concurrency, more targets in progress while they back off")
    func turnsAreBounded() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let options = CheckOptions(timeout: 30, analysis: AnalysisOptions(now: Date(), trust: .file(fleet.lab.caBundle)))
        let target = try Target(parsing: fleet.unstapledTarget)
        let items = (0..<6).map { BatchItem(index: $0, input: BatchInput(source: nil, line: $0 + 1, text: fleet.unstapledTarget),
                                            work: .check(target, options)) }
        let runner = BatchRunner(items: items, concurrency: 2, trust: try LoadedTrust(options.analysis.trust, at: Date()))
        let delivered = Mutex<[Verdict]>([])
        let outcome = runner.run(render: { _ in "" }, deliver: { result, _ in delivered.withLock { $0.append(result.report.verdict) } },
                                 finish: { _ in })
        #expect(outcome.completed == 6)
        #expect(delivered.withLock { $0 } == Array(repeating: .warning, count: 6))
        #expect(outcome.peakTurns == 2)
        // Six checks of 1.75 s of back-off each, two turns: they overlap.
        #expect(outcome.peakInProgress > 2 && outcome.peakInProgress <= 2 * BatchRunner.inProgressPerTurn, "\(outcome)")
    }

    @Test("--concurrency 1 stays strictly sequential: one target in progress, even while it backs off")
    func sequentialThroughBackoff() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let options = CheckOptions(timeout: 30, analysis: AnalysisOptions(now: Date(), trust: .file(fleet.lab.caBundle)))
        let items = try [fleet.unstapledTarget, fleet.goodTarget].enumerated().map {
            BatchItem(index: $0.offset, input: BatchInput(source: nil, line: $0.offset + 1, text: $0.element),
                      work: .check(try Target(parsing: $0.element), options))
        }
        let order = Mutex<[Int]>([])
        let outcome = BatchRunner(items: items, concurrency: 1, trust: try LoadedTrust(options.analysis.trust, at: Date()))
            .run(render: { _ in "" }, deliver: { result, _ in order.withLock { $0.append(result.index) } }, finish: { _ in })
        #expect(order.withLock { $0 } == [0, 1])
        #expect(outcome.peakInProgress == 1 && outcome.peakTurns == 1)
    }

    @Test("--targets - on a pipe: each line is checked as it arrives, before the list is complete")
    func pipeReadAsWritten() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let command = "{ echo \"$1 --servername good.test\"; sleep 5; echo \"$1 --servername good.test\"; } | "
            + "\"$0\" check --targets - --format ndjson -q --ca-file \"$2\" --no-live --probes 1 --timeout 30"
        let run = try StreamingRun.run(["bash", "-c", command, Paths.binary, fleet.goodTarget, fleet.lab.caBundle])
        #expect(run.status == 0, "\(run.stderr)")
        try #require(run.lines.count == 2)
        #expect(ndjson(run.lines.map(\.text).joined(separator: "\n")).map(\.inputLine) == [1, 2])
        #expect(run.lines[0].at < 4, "the first result came \(run.lines[0].at) s in, before the second line was written at 5 s")
        #expect(run.elapsed >= 5)
    }

    @Test("A check back from its back-off does not wait for a slow pipe: no turn is held while reading the list")
    func backoffNotBehindPipe() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        // Line 1 backs off (unstapled, the default plan: 1.75 s); line 2 comes 8 s later.
        let command = "{ echo \"$1\"; sleep 8; echo \"$2\"; } | \"$0\" check --targets - --servername good.test --concurrency 2 "
            + "--format ndjson -q --ca-file \"$3\" --no-live --timeout 30"
        let run = try StreamingRun.run(["bash", "-c", command, Paths.binary, fleet.unstapledTarget, fleet.goodTarget, fleet.lab.caBundle])
        #expect(run.status == 1, "\(run.stderr)")
        try #require(run.lines.count == 2)
        #expect(ndjson(run.lines.map(\.text).joined(separator: "\n")).map(\.inputLine) == [1, 2])
        #expect(run.lines[0].at < 6, "line 1 finished \(run.lines[0].at) s in: its back-off waited for the pipe")
    }

    @Test("A list on a pipe: an over-long line ends it with an error result naming the line; what came before is checked")
    func pipeLineTooLong() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let command = "{ echo \"$1 --servername good.test\"; head -c 70000 /dev/zero | tr '\\0' a; echo; echo \"$1\"; } | "
            + "\"$0\" check --targets - --format ndjson -q --ca-file \"$2\" --no-live --probes 1 --timeout 30"
        let run = try Subprocess.run(["bash", "-c", command, Paths.binary, fleet.goodTarget, fleet.lab.caBundle])
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        let results = ndjson(run.stdout).sorted { ($0.inputLine ?? 0) < ($1.inputLine ?? 0) }
        try #require(results.count == 2, "\(run.stdout)")
        #expect(results[0].verdict == "ok")
        #expect(results[1].verdict == "error")
        #expect(results[1].inputLine == 2)
        #expect(results[1].errorMessage?.contains("line 2 of the target list on standard input is longer than 64 KiB") == true)
    }

    @Test("An interrupted list on a pipe: the note says the rest was not read, not a made-up count")
    func pipeInterrupted() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        // The list does not end before the signal: SIGTERM after the first result. bash
        // becomes staplecheck (exec), its standard input a pipe from the writer.
        let command = "exec \"$0\" check --targets - --format ndjson -q --ca-file \"$2\" --no-live --probes 1 --timeout 30 "
            + "< <(exec 2>/dev/null; echo \"$1 --servername good.test\"; exec sleep 8)"
        let run = try StreamingRun.run(["bash", "-c", command, Paths.binary, fleet.goodTarget, fleet.lab.caBundle]) { _, _ in SIGTERM }
        #expect(run.status == 143, "\(run.stderr)")
        #expect(run.lines.count == 1)
        #expect(run.stderr.contains("staplecheck: interrupted by SIGTERM: 1 targets checked, 0 abandoned, the rest of the list not read"),
                "\(run.stderr)")
    }
}

/// A value behind a lock, for closures called from the batch's threads.
final class Mutex<Value>: @unchecked Sendable {  // every access goes through `lock`
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
