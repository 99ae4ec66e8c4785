import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A batch as it runs: stopped by a real signal while servers stall, its progress display on
/// a real terminal (a pty from `script`), and spread over GNU parallel's workers by --shard.
@Suite("Batches while they run: signals, progress display, GNU parallel")
struct BatchRunTests {
    /// The good server, then `stalls` listeners that accept and never speak.
    static func stalledBatch(_ fleet: Fleet, stalls: Int) throws -> ([String], [RawServer]) {
        let servers = try (0..<stalls).map { _ in try RawServer(.silent) }
        return ([fleet.goodTarget] + servers.map { "127.0.0.1:\($0.port)" }, servers)
    }

    @Test("SIGTERM during an NDJSON batch: no new checks, stalled ones abandoned within a second, whole lines, exit 143")
    func sigterm() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let (targets, stalls) = try Self.stalledBatch(fleet, stalls: 4)
        defer { stalls.forEach { $0.stop() } }
        let run = try StreamingRun.run([Paths.binary] + targets + ["--servername", "good.test", "--timeout", "30", "--concurrency", "2",
                                                                   "--format", "ndjson"] + fleet.common) { _, _ in SIGTERM }
        #expect(run.status == 143, "\(run.stderr)")
        let signalled = try #require(run.signalledAt)
        #expect(run.elapsed - signalled < 2.5, "exit \(run.elapsed - signalled) s after the signal")
        #expect(run.lines.count == 1)
        #expect(ndjson(run.lines.map(\.text).joined(separator: "\n")).count == run.lines.count, "every line is whole JSON")
        #expect(ndjson(run.lines[0].text).first?.verdict == "ok")
        let note = try #require(run.stderr.firstMatch(of: /staplecheck: interrupted by SIGTERM: 1 of 5 targets checked, (\d) abandoned, (\d) not started\n/))
        #expect(Int(note.1)! + Int(note.2)! == 4, "\(run.stderr)")
        #expect((1...2).contains(Int(note.1)!), "at most --concurrency checks were running")
    }

    @Test("Ctrl-C (SIGINT) during a text batch: the completed lines, the summary saying so, exit 130")
    func sigintText() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let (targets, stalls) = try Self.stalledBatch(fleet, stalls: 3)
        defer { stalls.forEach { $0.stop() } }
        let run = try StreamingRun.run([Paths.binary] + targets + ["--servername", "good.test", "--timeout", "30", "--concurrency", "2"]
                                       + fleet.common) { line, _ in line.hasPrefix("OK") ? SIGINT : nil }
        #expect(run.status == 130, "\(run.stderr)")
        #expect(run.elapsed - (run.signalledAt ?? 0) < 2.5)
        let text = run.lines.map(\.text)
        #expect(text.first == "OK        stapled      \(fleet.goodTarget)")
        #expect(text.contains("1 of 4 targets checked: 1 ok, 0 warning, 0 critical, 0 error"), "\(text)")
        #expect(text.contains { $0.hasPrefix("Interrupted by SIGINT: ") }, "\(text)")
    }

    @Test("SIGTERM during a JSON array: what is complete is still one valid array")
    func sigtermJSONArray() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let (targets, stalls) = try Self.stalledBatch(fleet, stalls: 2)
        defer { stalls.forEach { $0.stop() } }
        let run = try StreamingRun.run([Paths.binary] + targets + ["--servername", "good.test", "--timeout", "30", "--concurrency", "3",
                                                                   "--format", "json"] + fleet.common) { line, _ in line.contains(#""verdict" : "ok""#) ? SIGTERM : nil }
        #expect(run.status == 143)
        let array = try JSONSerialization.jsonObject(with: Data(run.lines.map(\.text).joined(separator: "\n").utf8)) as? [[String: Any]]
        #expect(array?.count == 1)
        #expect(array?.first?.verdict == "ok")
    }

    @Test("The progress display: on standard error when it is a terminal, never with --quiet, never in the results")
    func progressOnTerminal() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let out = fleet.lab.dir + "/progress-\(UUID().uuidString).ndjson"
        func underTerminal(_ extra: String) throws -> Subprocess.Result {
            let command = "\"$0\" \"$1\" \"$2\" \"$3\" --servername good.test --ca-file \"$4\" --no-live --probes 1 --format ndjson \(extra) > \"$5\""
            // script(1) runs the command on a new pseudo-terminal and copies what reaches it.
            return try Subprocess.run(["timeout", "-s", "KILL", "60", "script", "-qec",
                                       "bash -c '\(command)' \(Paths.binary) \(fleet.goodTarget) \(fleet.unstapledTarget) \(fleet.revokedTarget) \(fleet.lab.caBundle) \(out)",
                                       "/dev/null"])
        }
        let shown = try underTerminal("")
        // Redrawn at most ten times a second: which counts are shown depends on timing.
        #expect(shown.stdout.contains(/\r\[[#.]{20}\]  [1-3]\/3  \d+\.\d\/s  ETA \S+  ok \d  warning \d  critical \d  error \d\u{1B}\[K/),
                "\(shown.stdout)")
        #expect(shown.stdout.contains("\r\u{1B}[K"), "the display is cleared")
        let results = try String(contentsOfFile: out, encoding: .utf8)
        #expect(ndjson(results).count == 3)
        #expect(!results.contains("ETA"))
        let quiet = try underTerminal("--quiet")
        #expect(!quiet.stdout.contains("ETA"), "\(quiet.stdout)")
    }

    @Test("The README's GNU parallel recipe: one worker per shard, NDJSON merged, the same results as one run")
    func parallelRecipe() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let work = fleet.lab.dir + "/parallel-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try fleet.targetFile.text.write(toFile: work + "/hosts.txt", atomically: true, encoding: .utf8)
        let recipe = try #require(Readme.lines.first { $0.hasPrefix("parallel ") }, "README.md has no parallel recipe")
        let exitRule = try #require(Readme.lines.first { $0.hasPrefix("jq -s ") }, "README.md has no exit-code rule for merged results")
        let bin = URL(fileURLWithPath: Paths.binary).deletingLastPathComponent().path
        let options = "--ca-file \(fleet.lab.caBundle) --no-live --probes 1"
        let run = try Subprocess.run(["timeout", "-s", "KILL", "120", "bash", "-c",
                                      "cd \"$0\" && export PATH=\"$1:$PATH\" STAPLECHECK_OPTIONS=\"$2\"; \(recipe.replacing("--quiet", with: "--quiet $STAPLECHECK_OPTIONS")); echo \"parallel: $?\"; \(exitRule)",
                                      work, bin, options])
        #expect(run.stdout.hasSuffix("parallel: 4\n2\n"), "4 shards, each exiting non-zero; the fleet's code is 2: \(run.stdout)\(run.stderr)")
        let merged = ndjson(try String(contentsOfFile: work + "/results.ndjson", encoding: .utf8))
        let one = try await CLIRun.execute(["--targets", work + "/hosts.txt", "--format", "ndjson"] + fleet.common)
        let single = ndjson(one.stdout)
        #expect(merged.count == single.count)
        func summary(_ objects: [[String: Any]]) -> [String] {
            objects.map { "\($0.inputLine ?? 0) \($0.verdict ?? "") \(BatchTests.codes($0))" }.sorted()
        }
        #expect(summary(merged) == summary(single))
    }
}
