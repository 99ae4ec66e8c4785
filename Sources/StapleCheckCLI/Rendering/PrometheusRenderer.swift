import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format prometheus`: the text exposition format (version 0.0.4), for node_exporter's
/// textfile collector. Every series is labelled with the target (`target="host:port"`, and
/// `servername`, empty when no SNI was sent); the metric names below are a contract,
/// documented in the README.
///
/// The format wants each metric family as one group under its HELP and TYPE lines, so a
/// report is first rendered to sample lines (`samples`, pure, on any thread) and the lines
/// of all reports are grouped by family at the end (`exposition`).
struct PrometheusRenderer: Sendable {
    struct Family: Sendable {
        var name: String
        var help: String
    }

    /// Every family, in output order; all are gauges (each run replaces the file).
    static let families: [Family] = [
        Family(name: "staplecheck_verdict", help: "The check's verdict: 1 for the one that holds (ok, warning, critical, error), 0 for the others."),
        Family(name: "staplecheck_stapled", help: "1 when the server sent a staple."),
        Family(name: "staplecheck_staple_next_update_timestamp_seconds", help: "The staple's nextUpdate, Unix time."),
        Family(name: "staplecheck_staple_this_update_timestamp_seconds", help: "The staple's thisUpdate, Unix time."),
        Family(name: "staplecheck_staple_produced_at_timestamp_seconds", help: "The staple's producedAt, Unix time."),
        Family(name: "staplecheck_staple_cert_status", help: "The staple's certificate status: 1 for the one it says (good, revoked, unknown), 0 for the others."),
        Family(name: "staplecheck_must_staple", help: "1 when the certificate is must-staple (TLS Feature status_request)."),
        Family(name: "staplecheck_stapling_ratio", help: "Stapled handshakes over handshakes, over every endpoint."),
        Family(name: "staplecheck_responder_latency_seconds", help: "How long the certificate's OCSP responder took to give the answer used."),
        Family(name: "staplecheck_handshake_duration_seconds", help: "The primary endpoint's first handshake, TCP connect to the end of TLS."),
        Family(name: "staplecheck_check_duration_seconds", help: "The whole check."),
        Family(name: "staplecheck_checked_at_timestamp_seconds", help: "The instant the check judged against, Unix time."),
        Family(name: "staplecheck_findings", help: "Findings of one code on the target, labelled with their worst severity."),
        Family(name: "staplecheck_check_error", help: "1 when the target could not be checked, labelled with the error code."),
    ]

    /// One report's sample lines (`name{labels} value`), family by family. A batch line that
    /// is no target (`error.code` `input`) is labelled with the line as written.
    func samples(_ report: Report, input: BatchInput? = nil) -> String {
        let target = report.error?.code == .input ? input?.text ?? report.target.host : Self.targetLabel(report.target)
        let base = [("target", target), ("servername", report.target.serverName ?? "")]
        var out = ""
        func sample(_ name: String, _ extra: [(String, String)] = [], _ value: String?) {
            guard let value else { return }
            let labels = (base + extra).map { $0.0 + "=\"" + Self.escapeLabel($0.1) + "\"" }.joined(separator: ",")
            out += name + "{" + labels + "} " + value + "\n"
        }
        func time(_ date: Date?) -> String? { date.map { MetricNumber.whole($0.timeIntervalSince1970) } }
        func flag(_ value: Bool?) -> String? { value.map { $0 ? "1" : "0" } }

        for verdict in Verdict.allCases {
            sample("staplecheck_verdict", [("verdict", verdict.rawValue)], flag(report.verdict == verdict))
        }
        if report.error == nil {
            sample("staplecheck_stapled", [], flag(report.stapled))
        }
        let staple = report.staple
        sample("staplecheck_staple_next_update_timestamp_seconds", [], time(staple?.nextUpdate))
        sample("staplecheck_staple_this_update_timestamp_seconds", [], time(staple?.thisUpdate))
        sample("staplecheck_staple_produced_at_timestamp_seconds", [], time(staple?.producedAt))
        if let status = staple?.certStatus {
            for each in [CertStatus.good, .revoked, .unknown] {
                sample("staplecheck_staple_cert_status", [("status", each.rawValue)], flag(status == each))
            }
        }
        sample("staplecheck_must_staple", [], flag(report.certificate?.mustStaple))
        sample("staplecheck_stapling_ratio", [], report.handshakes.ratio.map { MetricNumber.fixed($0, places: 3) })
        sample("staplecheck_responder_latency_seconds", [], report.answeredLatencyMs.map(MetricNumber.seconds(milliseconds:)))
        sample("staplecheck_handshake_duration_seconds", [], report.timing?.handshakeMs.map(MetricNumber.seconds(milliseconds:)))
        sample("staplecheck_check_duration_seconds", [], report.timing.map { MetricNumber.seconds(milliseconds: $0.durationMs) })
        sample("staplecheck_checked_at_timestamp_seconds", [], time(report.checkedAt))
        var codes: [FindingCode] = []
        var byCode: [FindingCode: (count: Int, worst: Severity)] = [:]
        for finding in report.findings {
            if byCode[finding.code] == nil { codes.append(finding.code) }
            let seen = byCode[finding.code] ?? (0, finding.severity)
            byCode[finding.code] = (seen.count + 1, max(seen.worst, finding.severity))
        }
        for code in codes {
            let entry = byCode[code]!
            sample("staplecheck_findings", [("code", code.rawValue), ("severity", entry.worst.rawValue)], String(entry.count))
        }
        if let error = report.error {
            sample("staplecheck_check_error", [("code", error.code.rawValue)], "1")
        }
        return out
    }

    /// The families of all these reports' sample lines, each under its HELP and TYPE lines
    /// once; a series met twice (two list lines naming the same target and SNI) is kept
    /// once, the first, and counted in `duplicates`.
    static func exposition(_ rendered: [String]) -> (text: String, duplicates: Int) {
        var lines: [String: [Substring]] = [:]
        var seen = Set<Substring>()
        var duplicates = 0
        for text in rendered {
            for line in text.split(separator: "\n") {
                guard let space = line.lastIndex(of: " "), let brace = line.firstIndex(of: "{") else { continue }
                guard seen.insert(line[..<space]).inserted else { duplicates += 1; continue }
                lines[String(line[..<brace]), default: []].append(line)
            }
        }
        var out = ""
        for family in families {
            guard let samples = lines[family.name] else { continue }
            out += "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"
            for sample in samples { out += sample + "\n" }
        }
        return (out, duplicates)
    }

    /// `127.0.0.1:8443`, `[::1]:443`: the target as written on a command line.
    static func targetLabel(_ target: TargetInfo) -> String {
        target.host.contains(":") ? "[\(target.host)]:\(target.port)" : "\(target.host):\(target.port)"
    }

    /// A label value as the exposition format wants it: `\`, `"` and the line feed escaped.
    static func escapeLabel(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

/// `--format prometheus` with several targets: the sample lines of each result are held
/// (as text) until the batch ends, then written family by family — the textfile collector
/// reads a whole file anyway, which the user writes to a temporary name and renames.
struct PrometheusBatchSink: BatchSink {
    var renderer = PrometheusRenderer()

    var holds: Bool { true }

    func render(_ result: BatchResult) -> String { renderer.samples(result.report, input: result.input) }

    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String) {
        let (text, duplicates) = PrometheusRenderer.exposition(held)
        var stderr = TextRenderer.interruption(outcome, done: tally.done)
        if duplicates > 0 {
            stderr += "staplecheck: \(duplicates) series of targets listed twice (same host, port and SNI) left out, the first kept\n"
        }
        return (text, stderr)
    }
}
