import Foundation
import Testing

/// Many targets in one run, against real servers on loopback: the real binary, its output
/// parsed by jq and JSONSerialization.
@Suite("Batches: several targets, --targets files, NDJSON, JSON arrays, shards")
struct BatchTests {
    @Test("Several targets on the command line: a line each, in order with --concurrency 1, then the summary; exit 2")
    func commandLineText() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let run = try await CLIRun.execute([fleet.goodTarget, fleet.revokedTarget, fleet.unstapledTarget, "--servername", "good.test",
                                            "--concurrency", "1"] + fleet.common)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.isEmpty, "no progress display when stderr is not a terminal: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "OK        stapled      \(fleet.goodTarget)")
        #expect(lines[1].hasPrefix("CRITICAL  stapled      \(fleet.revokedTarget)  staple-revoked: "), "\(lines[1])")
        #expect(lines[2].hasPrefix("WARNING   not stapled  \(fleet.unstapledTarget)  staple-missing: "), "\(lines[2])")
        #expect(lines[3] == "")
        #expect(lines[4] == "3 of 3 targets checked: 1 ok, 1 warning, 1 critical, 0 error")
        #expect(lines[5] == "Worst:")
        #expect(lines[6] == "  CRITICAL  argument 2  \(fleet.revokedTarget)  staple-revoked")
        #expect(lines[7] == "  WARNING   argument 3  \(fleet.unstapledTarget)  staple-missing")
        #expect(!run.stdout.contains("\u{1B}["))
    }

    @Test("A --targets file: comments and blank lines skipped, per-line options, each bad line an error naming its line")
    func targetsFile() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let (text, expected) = fleet.targetFile
        let file = try fleet.write(text)
        let run = try await CLIRun.execute(["--targets", file, "--format", "ndjson"] + fleet.common)
        #expect(run.status == 2, "critical beats could-not-check: \(run.stdout)\(run.stderr)")
        let objects = ndjson(run.stdout)
        #expect(objects.count == run.stdout.split(separator: "\n").count, "every line is one JSON object")
        #expect(Dictionary(uniqueKeysWithValues: objects.compactMap { o in o.inputLine.map { ($0, o.verdict ?? "") } }) == expected)
        let byLine = Dictionary(uniqueKeysWithValues: objects.map { ($0.inputLine ?? 0, $0) })
        #expect((byLine[2]?["target"] as? [String: Any])?["serverName"] as? String == "good.test")
        #expect((byLine[4]?["target"] as? [String: Any])?["serverName"] as? String == "revoked.test", "quoted option value")
        #expect((byLine[10]?["target"] as? [String: Any])?["address"] as? String == fleet.goodTarget, "--address on a line")
        #expect(byLine[6]?.errorMessage == "\(file):6: Unknown option '--bogus-option'")
        #expect(byLine[7]?.errorMessage == "\(file):7: unterminated double quote")
        #expect(byLine[8]?.errorMessage == "\(file):8: 2 unexpected arguments: 'a', 'host!'")
        #expect(byLine[9]?.errorCode == "refused")
        for line in [6, 7, 8] { #expect(byLine[line]?.errorCode == "input") }
        let input = try #require(byLine[4]?["input"] as? [String: Any])
        #expect(input["source"] as? String == file)
        #expect(input["text"] as? String == "\(fleet.revokedTarget) --servername 'revoked.test'   # a comment after the options")

        // jq reads the stream line by line.
        let jq = try Subprocess.run(["bash", "-o", "pipefail", "-c",
                                     "\"$0\" --targets \"$1\" --format ndjson --ca-file \"$2\" --no-live --probes 1 | jq -c 'select(.verdict != \"ok\") | .input.line'",
                                     Paths.binary, file, fleet.lab.caBundle])
        #expect(jq.status == 2)
        #expect(Set(jq.stdout.split(separator: "\n").compactMap { Int($0) }) == [4, 5, 6, 7, 8, 9])
    }

    @Test("--targets - reads standard input, and command-line targets come first")
    func standardInput() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let run = try Subprocess.run(["bash", "-c", "printf '%s\\n' \"$2 --servername good.test\" '# nothing' | \"$0\" \"$1\" --targets - --format ndjson --ca-file \"$3\" --no-live --probes 1",
                                      Paths.binary, fleet.unstapledTarget, fleet.goodTarget, fleet.lab.caBundle])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let inputs = ndjson(run.stdout).compactMap { $0["input"] as? [String: Any] }
        #expect(inputs.count == 2)
        let sources = Set(inputs.map { ($0["source"] as? String) ?? "<null>" })
        #expect(sources == ["-", "<null>"])
        #expect(inputs.contains { $0["source"] is NSNull && $0["line"] as? Int == 1 && $0["text"] as? String == fleet.unstapledTarget })
        #expect(inputs.contains { $0["source"] as? String == "-" && $0["line"] as? Int == 1 })
    }

    @Test("NDJSON streams: the first result is read by jq while a stalled target is still being checked")
    func ndjsonStreams() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let stall = try RawServer(.silent)
        defer { stall.stop() }
        let command = "\"$0\" \"$1\" \"$2\" --servername good.test --timeout 6 --format ndjson --ca-file \"$3\" --no-live --probes 1 | jq --unbuffered -c '{verdict, line: .input.line}'"
        let run = try StreamingRun.run(["bash", "-o", "pipefail", "-c", command, Paths.binary, "127.0.0.1:\(stall.port)", fleet.goodTarget,
                                        fleet.lab.caBundle])
        #expect(run.status == 3, "the stalled target timed out: \(run.stderr)")
        try #require(run.lines.count == 2)
        #expect(run.lines[0].text == #"{"verdict":"ok","line":2}"#)
        #expect(run.lines[1].text == #"{"verdict":"error","line":1}"#)
        #expect(run.lines[0].at < 3, "first line after \(run.lines[0].at) s")
        #expect(run.elapsed >= 5.5, "the stalled target took its --timeout (\(run.elapsed) s)")
    }

    @Test("--format json with several targets: one array of the objects a single check prints, each with input")
    func jsonArray() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let run = try await CLIRun.execute([fleet.goodTarget, fleet.closedTarget, "--servername", "good.test", "--format", "json"] + fleet.common)
        #expect(run.status == 3)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        let single = try await CLIRun.execute([fleet.goodTarget, "--servername", "good.test", "--format", "json"] + fleet.common)
        let good = try #require(array.first { $0.verdict == "ok" })
        #expect(Set(good.keys) == Set((single.json ?? [:]).keys).union(["input"]))
        #expect(array.first { $0.verdict == "error" }?.errorCode == "refused")
        let jq = try Subprocess.run(["bash", "-c", "\"$0\" \"$1\" \"$1\" --format json --ca-file \"$2\" --no-live --probes 1 | jq -r 'map(.input.line) | sort | join(\",\")'",
                                     Paths.binary, fleet.goodTarget, fleet.lab.caBundle])
        #expect(jq.stdout == "1,2\n")
        // A shard with no targets is an empty array.
        let empty = try await CLIRun.execute([fleet.goodTarget, "--shard", "2/2", "--format", "json"] + fleet.common)
        #expect(empty.status == 0)
        #expect(empty.stdout == "[]\n")
    }

    @Test("Exit code over a batch: 2 if any critical, else 3 if any could not be checked, else 1 if any warning, else 0")
    func exitCodes() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let cases: [([String], Int32)] = [
            ([fleet.goodTarget, fleet.goodTarget], 0),
            ([fleet.goodTarget, fleet.unstapledTarget], 1),
            ([fleet.unstapledTarget, fleet.closedTarget], 3),
            ([fleet.closedTarget, fleet.revokedTarget, fleet.unstapledTarget], 2),
            ([fleet.goodTarget, "bad target!"], 3),
        ]
        for (targets, code) in cases {
            let run = try await CLIRun.execute(targets + ["--servername", "good.test", "--format", "ndjson"] + fleet.common)
            #expect(run.status == code, "\(targets): \(run.stdout)")
            #expect(ndjson(run.stdout).count == targets.count)
        }
    }

    @Test("--concurrency 1 and --concurrency 8 give the same results")
    func concurrencySameResults() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let file = try fleet.write(fleet.targetFile.text)
        func results(_ concurrency: String) async throws -> [String] {
            let run = try await CLIRun.execute(["--targets", file, "--format", "ndjson", "--concurrency", concurrency] + fleet.common)
            #expect(run.status == 2)
            return ndjson(run.stdout).map { "\($0.inputLine ?? 0) \($0.verdict ?? "") \(Self.codes($0))" }.sorted()
        }
        let sequential = try await results("1")
        #expect(sequential.count == fleet.targetFile.expected.count)
        #expect(try await results("8") == sequential)
    }

    @Test("--shard K/N: the shards are disjoint, together the whole list, and each result is the one a whole run gives")
    func shards() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let file = try fleet.write(fleet.targetFile.text)
        var seen: [Int: String] = [:]
        for k in 1...3 {
            let run = try await CLIRun.execute(["--targets", file, "--format", "ndjson", "--shard", "\(k)/3"] + fleet.common)
            for object in ndjson(run.stdout) {
                let line = try #require(object.inputLine)
                #expect(seen[line] == nil, "line \(line) in two shards")
                seen[line] = object.verdict
            }
        }
        #expect(seen == fleet.targetFile.expected)
        // Target i (0-based over target lines) is in shard i % 3 + 1: lines 2, 4, 5, 6, … are
        // targets 0, 1, 2, 3, …, so shard 1 holds targets 0, 3 and 6.
        let first = try await CLIRun.execute(["--targets", file, "--format", "ndjson", "--shard", "1/3"] + fleet.common)
        #expect(Set(ndjson(first.stdout).compactMap(\.inputLine)) == [2, 6, 9])
        for bad in ["0/3", "4/3", "1/0", "x", "1/2/3"] {
            let run = try await CLIRun.execute(["--targets", file, "--shard", bad] + fleet.common)
            #expect(run.status == 64, "--shard \(bad)")
        }
    }

    @Test("One trust store for the whole batch: the --ca-file is opened once, however many targets")
    func oneTrustStoreLoad() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let trace = fleet.lab.dir + "/strace-\(UUID().uuidString).txt"
        let run = try Subprocess.run(["strace", "-f", "-qq", "-e", "trace=openat", "-o", trace, Paths.binary, fleet.goodTarget,
                                      fleet.goodTarget, fleet.revokedTarget, fleet.unstapledTarget, "--concurrency", "4",
                                      "--format", "ndjson"] + fleet.common,
                                     // Under `make sanitize`: LeakSanitizer cannot run under ptrace (it
                                     // would end the traced binary with exit 1); leaks are checked elsewhere.
                                     environment: ProcessInfo.processInfo.environment["ASAN_OPTIONS"].map {
                                         ["ASAN_OPTIONS": $0 + ":detect_leaks=0"]
                                     } ?? [:])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(ndjson(run.stdout).count == 4)
        let opens = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("ca-bundle.pem") }
        #expect(opens.count == 1, "\(opens)")
    }

    @Test("Errors before any check: an unreadable --targets file or --ca-file is one line on stderr and exit 3")
    func unusableInputs() async throws {
        let fleet = try await Fleet()
        defer { fleet.stop() }
        let missing = try await CLIRun.execute(["--targets", fleet.lab.dir + "/no-such-file"] + fleet.common)
        #expect(missing.status == 3)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderr.hasPrefix("staplecheck: cannot read target list "), "\(missing.stderr)")
        let empty = try fleet.write("# only a comment\n\n")
        let none = try await CLIRun.execute(["--targets", empty] + fleet.common)
        #expect(none.status == 3)
        #expect(none.stderr == "staplecheck: no targets in \(empty)\n")
        let badCA = try await CLIRun.execute([fleet.goodTarget, fleet.goodTarget, "--ca-file", "/nonexistent", "--no-live"])
        #expect(badCA.status == 3)
        #expect(badCA.stderr.hasPrefix("staplecheck: cannot read CA file "), "\(badCA.stderr)")
        let neither = try await CLIRun.execute(fleet.common)
        #expect(neither.status == 64)
    }

    static func codes(_ object: [String: Any]) -> String {
        ((object["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }.sorted().joined(separator: ",")
    }
}
