import Foundation
import Testing

/// `--format nagios` and `--format prometheus` through the real binary against lab servers;
/// the exposition format checked by its real consumer, `promtool check metrics` (Debian's
/// prometheus package).
@Suite("Monitoring formats")
struct MonitoringFormatTests {
    static func promtool(_ text: String) throws -> (ok: Bool, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-\(UUID().uuidString).prom").path
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        // promtool reads the metrics on standard input.
        let run = try Subprocess.run(["bash", "-c", "promtool check metrics < \"$1\"", "promtool", file])
        return (run.status == 0, run.stdout + run.stderr)
    }

    /// Metric name → sample lines, from an exposition.
    static func samples(_ text: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            out[name, default: []].append(String(line))
        }
        return out
    }

    static func value(_ text: String, _ series: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.map { String($0.split(separator: " ").last!) }
    }

    /// The README's metric table: the names in its first column.
    static var documentedMetrics: [String] {
        Readme.tableRows("#### Prometheus metrics").compactMap { row in
            row.split(separator: "`").dropFirst().first.map(String.init)
        }
    }

    func check(_ lab: Lab, _ server: OpenSSLServer, _ name: String, _ format: String, _ extra: [String] = []) async throws -> CLIRun {
        try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", name, "--ca-file", lab.caBundle, "--format", format] + extra)
    }

    @Test("prometheus: good, revoked, must-staple and refused pass promtool, with the values of the report; every name is documented")
    func prometheusSingle() async throws {
        let lab = try await Lab.shared()
        let good = try SchemaTests.server(lab, leaf: "good", staple: "good")
        defer { good.stop() }
        let revoked = try SchemaTests.server(lab, leaf: "revoked", staple: "revoked")
        defer { revoked.stop() }
        let muststaple = try SchemaTests.server(lab, leaf: "muststaple", staple: nil)
        defer { muststaple.stop() }
        var emitted = Set<String>()

        let ok = try await check(lab, good, "good.test", "prometheus")
        #expect(ok.status == 0)
        let labels = "{target=\"127.0.0.1:\(good.port)\",servername=\"good.test\""
        #expect(Self.value(ok.stdout, "staplecheck_verdict\(labels),verdict=\"ok\"}") == "1")
        #expect(Self.value(ok.stdout, "staplecheck_verdict\(labels),verdict=\"critical\"}") == "0")
        #expect(Self.value(ok.stdout, "staplecheck_stapled\(labels)}") == "1")
        #expect(Self.value(ok.stdout, "staplecheck_staple_cert_status\(labels),status=\"good\"}") == "1")
        #expect(Self.value(ok.stdout, "staplecheck_stapling_ratio\(labels)}") == "1.000")
        let json = try await check(lab, good, "good.test", "json")
        let nextUpdate = try #require(ISO8601DateFormatter().date(from: json.value("staple.nextUpdate") as? String ?? ""))
        let exported = try #require(Self.value(ok.stdout, "staplecheck_staple_next_update_timestamp_seconds\(labels)}").flatMap(Double.init))
        #expect(abs(exported - nextUpdate.timeIntervalSince1970) < 120, "nextUpdate as Unix time")
        for family in ["staplecheck_responder_latency_seconds", "staplecheck_handshake_duration_seconds", "staplecheck_check_duration_seconds"] {
            let seconds = try #require(Self.value(ok.stdout, family + labels + "}").flatMap(Double.init), "\(family) missing")
            #expect(seconds >= 0 && seconds < 60)
        }

        let bad = try await check(lab, revoked, "revoked.test", "prometheus")
        #expect(bad.status == 2)
        #expect(Self.value(bad.stdout, "staplecheck_findings{target=\"127.0.0.1:\(revoked.port)\",servername=\"revoked.test\",code=\"staple-revoked\",severity=\"critical\"}") == "1")
        #expect(Self.value(bad.stdout, "staplecheck_staple_cert_status{target=\"127.0.0.1:\(revoked.port)\",servername=\"revoked.test\",status=\"revoked\"}") == "1")
        let must = try await check(lab, muststaple, "muststaple.test", "prometheus")
        #expect(must.status == 2)
        #expect(Self.value(must.stdout, "staplecheck_must_staple{target=\"127.0.0.1:\(muststaple.port)\",servername=\"muststaple.test\"}") == "1")
        #expect(Self.value(must.stdout, "staplecheck_stapled{target=\"127.0.0.1:\(muststaple.port)\",servername=\"muststaple.test\"}") == "0")
        #expect(Self.samples(must.stdout)["staplecheck_staple_next_update_timestamp_seconds"] == nil, "no staple, no nextUpdate series")
        let port = refusingPort()
        let refused = try await CLIRun.execute(["127.0.0.1:\(port)", "--format", "prometheus"])
        #expect(refused.status == 3)
        #expect(Self.value(refused.stdout, "staplecheck_check_error{target=\"127.0.0.1:\(port)\",servername=\"\",code=\"refused\"}") == "1")
        #expect(Self.value(refused.stdout, "staplecheck_verdict{target=\"127.0.0.1:\(port)\",servername=\"\",verdict=\"error\"}") == "1")

        for run in [ok, bad, must, refused] {
            let check = try Self.promtool(run.stdout)
            #expect(check.ok, "promtool refuses:\n\(check.output)\n\(run.stdout)")
            emitted.formUnion(Self.samples(run.stdout).keys)
        }
        let documented = Self.documentedMetrics
        #expect(!documented.isEmpty, "README has no Prometheus metrics table")
        for name in emitted { #expect(documented.contains(name), "\(name) is emitted but not documented in README's Prometheus metrics") }
        for name in documented { #expect(emitted.contains(name), "\(name) is documented but never emitted in these scenarios") }
    }

    @Test("prometheus over a batch: HELP and TYPE once per family, each family one group, labels escaped, repeats dropped; promtool passes")
    func prometheusBatch() async throws {
        let lab = try await Lab.shared()
        let good = try SchemaTests.server(lab, leaf: "good", staple: "good")
        defer { good.stop() }
        let revoked = try SchemaTests.server(lab, leaf: "revoked", staple: "revoked")
        defer { revoked.stop() }
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-prom-\(UUID().uuidString).txt").path
        try #"""
            127.0.0.1:\#(good.port) --servername good.test
            127.0.0.1:\#(revoked.port) --servername revoked.test
            127.0.0.1:\#(refusingPort())
            127.0.0.1:\#(good.port) --bogus
            127.0.0.1:\#(good.port) --servername 'we"ird\name'
            127.0.0.1:\#(good.port) --servername good.test
            """#.write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        let run = try await CLIRun.execute(["--targets", list, "--ca-file", lab.caBundle, "--format", "prometheus", "--no-live"])
        #expect(run.status == 2)
        let check = try Self.promtool(run.stdout)
        #expect(check.ok, "promtool refuses:\n\(check.output)\n\(run.stdout)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        var seen: [String] = []
        for line in lines where line.hasPrefix("# TYPE ") {
            let name = String(line.split(separator: " ")[2])
            #expect(!seen.contains(name), "TYPE \(name) twice")
            seen.append(name)
        }
        // Each family's samples directly follow its HELP and TYPE lines.
        var current = ""
        for line in lines {
            if line.hasPrefix("# TYPE ") { current = String(line.split(separator: " ")[2]) }
            if !line.hasPrefix("#") { #expect(line.hasPrefix(current + "{"), "\(line) outside its family") }
        }
        #expect(Self.samples(run.stdout)["staplecheck_verdict"]?.count == 5 * 4, "five distinct targets, four verdict series each")
        #expect(run.stdout.contains(#"servername="we\"ird\\name""#), "label value escaping")
        #expect(run.stdout.contains("target=\"127.0.0.1:\(good.port) --bogus\""), "a bad line is labelled with its text")
        #expect(run.stderr.contains("left out"), "the repeated target is reported: \(run.stderr)")
    }

    @Test("nagios: status line, perfdata in plugin syntax with --warn-within as threshold, long output, exit codes 0/1/2/3")
    func nagiosSingle() async throws {
        let lab = try await Lab.shared()
        let good = try SchemaTests.server(lab, leaf: "good", staple: "good")
        defer { good.stop() }
        let revoked = try SchemaTests.server(lab, leaf: "revoked", staple: "revoked")
        defer { revoked.stop() }
        let perfItem = #/^('[^'=]+'|[^'= ]+)=(U|-?[0-9]+(\.[0-9]+)?)(s|%|B|c)?;[^;]*;[^;]*;[^;]*;[^;]*$/#

        let ok = try await check(lab, good, "good.test", "nagios")
        #expect(ok.status == 0)
        let first = String(ok.stdout.split(separator: "\n").first ?? "")
        #expect(first.hasPrefix("STAPLING OK - 127.0.0.1:\(good.port) (good.test): staple good, next update in "), "\(first)")
        let parts = first.split(separator: "|")
        try #require(parts.count == 2, "one | in the status line: \(first)")
        let perf = parts[1].split(separator: " ").map(String.init)
        #expect(perf.map { $0.split(separator: "=")[0] } == ["next_update", "staple_age", "handshake", "responder_latency", "stapling_ratio"])
        for item in perf { #expect(item.wholeMatch(of: perfItem) != nil, "perfdata item \(item)") }
        #expect(perf[0].hasSuffix(";86400:;-300:;;"), "\(perf[0])")
        #expect(perf[4] == "stapling_ratio=1.000;;;0;1")
        #expect(ok.stdout.split(separator: "\n").count == 1, "no findings, no long output")

        let warned = try await check(lab, good, "good.test", "nagios", ["--warn-within", "10d"])
        #expect(warned.status == 1)
        #expect(warned.stdout.hasPrefix("STAPLING WARNING - "))
        #expect(warned.stdout.contains(";864000:;-300:;;"))

        let bad = try await check(lab, revoked, "revoked.test", "nagios")
        #expect(bad.status == 2)
        #expect(bad.stdout.hasPrefix("STAPLING CRITICAL - 127.0.0.1:\(revoked.port) (revoked.test): staple-revoked: "))
        #expect(bad.stdout.contains("\ncritical staple-revoked: The CA revoked"))
        #expect(bad.stdout.contains("\n  fix: Replace the certificate"))

        let refused = try await CLIRun.execute(["127.0.0.1:\(refusingPort())", "--format", "nagios"])
        #expect(refused.status == 3)
        #expect(refused.stdout.hasPrefix("STAPLING UNKNOWN - "), "\(refused.stdout)")
        #expect(refused.stdout.contains("next_update=U;"))

        // Text the user or a server controls never opens perfdata nor a new line early.
        let hostile = try await check(lab, good, "a|b\u{1b}c", "nagios", ["--no-live"])
        let line = String(hostile.stdout.split(separator: "\n").first ?? "")
        #expect(line.filter { $0 == "|" }.count == 1, "\(line)")
        #expect(line.contains(#"a\x7cb\x1bc"#), "\(line)")

        let inspect = try await CLIRun.execute(["inspect", lab.response("good"), "--format", "nagios"])
        #expect(inspect.status == 64)
        #expect(inspect.stderr.contains("for server checks"))
    }

    @Test("nagios over a batch: one status line for the worst, a line per target in list order, every target's perfdata after the long output")
    func nagiosBatch() async throws {
        let lab = try await Lab.shared()
        let good = try SchemaTests.server(lab, leaf: "good", staple: "good")
        defer { good.stop() }
        let revoked = try SchemaTests.server(lab, leaf: "revoked", staple: "revoked")
        defer { revoked.stop() }
        let port = refusingPort()
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-nagios-\(UUID().uuidString).txt").path
        try """
            127.0.0.1:\(good.port) --servername good.test
            127.0.0.1:\(revoked.port) --servername revoked.test
            127.0.0.1:\(port)
            """.write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        let run = try await CLIRun.execute(["--targets", list, "--ca-file", lab.caBundle, "--no-live", "--format", "nagios"])
        #expect(run.status == 2)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("STAPLING CRITICAL - 3 of 3 targets: 1 critical, 1 unknown, 0 warning, 1 ok; worst: 127.0.0.1:\(revoked.port) (revoked.test) staple-revoked, 127.0.0.1:\(port) refused | targets=3;;;0; ok=1;;;0;"), "\(lines[0])")
        let targets = lines.filter { $0.hasPrefix("[") }
        #expect(targets.count == 3)
        #expect(targets[0].hasPrefix("[OK] 127.0.0.1:\(good.port) "))
        #expect(targets[1].hasPrefix("[CRITICAL] 127.0.0.1:\(revoked.port) "))
        #expect(targets[2].hasPrefix("[UNKNOWN] 127.0.0.1:\(port): refused: "))
        let perfStart = try #require(lines.firstIndex { $0.hasPrefix("| ") })
        #expect(perfStart > lines.firstIndex(of: targets[2])!)
        let perf = lines[perfStart...].filter { !$0.isEmpty }
        #expect(perf.count == 3)
        #expect(perf[0].hasPrefix("| '127.0.0.1:\(good.port) (good.test) next_update'="))
    }
}
