import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `--format nagios`: the monitoring-plugins convention (Nagios, Icinga, Naemon, Checkmk).
/// One status line, `STAPLING OK - …` (`WARNING`, `CRITICAL`, `UNKNOWN`) with performance
/// data after a `|`, then long output: a line per finding. The exit code is the verdict's,
/// which is already the plugin convention (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
///
/// A monitoring system reads any `|` as the start of performance data, and a line break as
/// the end of the status line: every text from a report is escaped for the terminal
/// (`TextRenderer.escape`) and its `|` written `\x7c`.
struct NagiosRenderer: Sendable {
    /// `--warn-within` in seconds: the `next_update` warning threshold.
    var warnWithin: TimeInterval

    static let service = "STAPLING"

    /// The plugin state a verdict stands for.
    static func state(_ verdict: Verdict) -> String {
        switch verdict {
        case .ok: "OK"
        case .warning: "WARNING"
        case .critical: "CRITICAL"
        case .error: "UNKNOWN"
        }
    }

    /// A report's text made safe for plugin output: no control characters, no `|`.
    static func text(_ text: String) -> String {
        TextRenderer.escape(text).replacing("|", with: "\\x7c")
    }

    /// `127.0.0.1:8443 (good.test)`: the target, and the SNI when it is not the host.
    static func name(_ report: Report) -> String {
        let target = report.target
        let hostPort = target.host.contains(":") ? "[\(target.host)]:\(target.port)" : "\(target.host):\(target.port)"
        guard let sni = target.serverName, sni != target.host else { return text(hostPort) }
        return text(hostPort + " (" + sni + ")")
    }

    /// What the status line says after the target: the error, the worst finding (and how many
    /// more there are), or for a healthy target the staple's state.
    static func summary(_ report: Report) -> String {
        if let error = report.error { return text(error.code.rawValue + ": " + error.message) }
        let problems = report.findings.filter { $0.severity > .info }
        if let worst = TextRenderer.worstFinding(problems) {
            let more = problems.count - 1
            return text(worst.code.rawValue + ": " + worst.message) + (more > 0 ? " (and \(more) more)" : "")
        }
        guard report.stapled else { return "not stapled" }
        if let staple = report.staple, staple.certStatus == .good, let next = staple.nextUpdate {
            return "staple good, next update in \(DurationFormat.compact(next.timeIntervalSince(report.checkedAt)))"
        }
        return "stapled"
    }

    /// The whole plugin output for one target.
    func render(_ report: Report) -> String {
        var lines = ["\(Self.service) \(Self.state(report.verdict)) - \(Self.name(report)): \(Self.summary(report)) | "
                     + perfdata(report, target: nil).joined(separator: " ")]
        lines += Self.longOutput(report, indent: "")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line per finding, worst first (`critical staple-revoked: …`), with its fix on the
    /// next line.
    static func longOutput(_ report: Report, indent: String) -> [String] {
        var lines: [String] = []
        let findings = report.findings.enumerated().sorted { ($0.element.severity, -$0.offset) > ($1.element.severity, -$1.offset) }
        for finding in findings.map(\.element) {
            lines.append(indent + finding.severity.rawValue + " " + finding.code.rawValue + ": " + text(finding.message))
            if let fix = finding.fix { lines.append(indent + "  fix: " + text(fix)) }
        }
        return lines
    }

    /// Performance data, `label=value[UOM];warn;crit;min;max`, `U` when unknown so that each
    /// series keeps its place: seconds to the staple's nextUpdate (warning within
    /// `--warn-within`, critical once expired beyond the clock-skew allowance), the
    /// staple's age (since thisUpdate), the primary endpoint's handshake, the responder's
    /// latency (warning above the `responder-slow` limit), and the stapling ratio. With a
    /// target, each label is prefixed with it (quoted, for the space).
    func perfdata(_ report: Report, target: String?) -> [String] {
        let now = report.checkedAt
        let staple = report.staple
        func item(_ label: String, _ value: String?, unit: String, warn: String = "", crit: String = "", min: String = "", max: String = "") -> String {
            let name = target.map { "'" + Self.label($0) + " " + label + "'" } ?? label
            return name + "=" + (value.map { $0 + unit } ?? "U") + ";" + [warn, crit, min, max].joined(separator: ";")
        }
        return [
            item("next_update", staple?.nextUpdate.map { MetricNumber.whole($0.timeIntervalSince(now)) }, unit: "s",
                 warn: MetricNumber.whole(warnWithin) + ":", crit: MetricNumber.whole(-clockSkewLeeway) + ":"),
            item("staple_age", staple?.thisUpdate.map { MetricNumber.whole(now.timeIntervalSince($0)) }, unit: "s"),
            item("handshake", report.timing?.handshakeMs.map(MetricNumber.seconds(milliseconds:)), unit: "s", min: "0"),
            item("responder_latency", report.answeredLatencyMs.map(MetricNumber.seconds(milliseconds:)), unit: "s",
                 warn: MetricNumber.seconds(milliseconds: responderSlowLatencyMs), min: "0"),
            item("stapling_ratio", report.handshakes.ratio.map { MetricNumber.fixed($0, places: 3) }, unit: "", min: "0", max: "1"),
        ]
    }

    /// A perfdata label may hold anything but `'` and `=` (and, being on one line, no line
    /// break); the target's other characters are kept.
    static func label(_ target: String) -> String {
        String(text(target).map { $0 == "'" || $0 == "=" ? "_" : $0 })
    }
}

/// `--format nagios` with several targets: one plugin run over the batch. The status line
/// summarises it — the batch's state (its exit code's: CRITICAL if any target is critical,
/// else UNKNOWN if any could not be checked, else WARNING if any warns, else OK), the counts,
/// the worst targets — so it can only be written at the end: the results are held (as
/// text, a few hundred bytes each) until then. Long output: a line per target in list
/// order, its findings indented under it; then each target's performance data, labels
/// prefixed with the target.
struct NagiosBatchSink: BatchSink {
    var renderer: NagiosRenderer

    var holds: Bool { true }

    /// The target's index, its long output and its perfdata, separated by U+001F (which
    /// escaped text never holds), for `closing` to sort and place.
    func render(_ result: BatchResult) -> String {
        let report = result.report
        let name = report.error?.code == .input ? NagiosRenderer.text(result.input.location) : NagiosRenderer.name(report)
        var lines = ["[\(NagiosRenderer.state(report.verdict))] \(name): \(NagiosRenderer.summary(report))"]
        lines += NagiosRenderer.longOutput(report, indent: "    ")
        let perf = renderer.perfdata(report, target: name).joined(separator: " ")
        return "\(result.index)\u{1F}" + lines.joined(separator: "\n") + "\u{1F}" + perf
    }

    func closing(_ tally: BatchTally, _ outcome: BatchRunner.Outcome, held: [String]) -> (stdout: String, stderr: String) {
        let parts = held.map { $0.split(separator: "\u{1F}", maxSplits: 2, omittingEmptySubsequences: false).map(String.init) }
            .sorted { Int($0[0]) ?? 0 < Int($1[0]) ?? 0 }
        let state: String
        let total = outcome.total ?? tally.done
        var summary = TextRenderer.doneOf(tally.done, outcome.total) + ": " + [
            "\(tally.count(.critical)) critical", "\(tally.count(.error)) unknown", "\(tally.count(.warning)) warning", "\(tally.count(.ok)) ok",
        ].joined(separator: ", ")
        if let signal = outcome.signal {
            state = "UNKNOWN"
            summary = "interrupted by \(TextRenderer.signalName(signal)), " + summary
        } else {
            state = NagiosRenderer.state([Verdict.ok, .warning, .critical, .error][Int(tally.exitCode)])
        }
        if !tally.worst.isEmpty {
            summary += "; worst: " + tally.worst.map { result in
                let report = result.report
                let name = report.error?.code == .input ? NagiosRenderer.text(result.input.location) : NagiosRenderer.name(report)
                let what = report.error.map(\.code.rawValue) ?? TextRenderer.worstFinding(report.findings).map(\.code.rawValue) ?? ""
                return name + (what.isEmpty ? "" : " " + what)
            }.joined(separator: ", ")
        }
        let counts = [("targets", total), ("ok", tally.count(.ok)), ("warning", tally.count(.warning)), ("critical", tally.count(.critical)),
                      ("unknown", tally.count(.error))].map { "\($0.0)=\($0.1);;;0;" }.joined(separator: " ")
        var lines = ["\(NagiosRenderer.service) \(state) - \(summary) | \(counts)"]
        lines += parts.map { $0[1] }
        // After the long output, a `|` opens the rest of the performance data: each target's.
        let perf = parts.map { $0[2] }
        if let first = perf.first {
            lines.append("| " + first)
            lines += perf.dropFirst()
        }
        return (lines.joined(separator: "\n") + "\n", "")
    }
}
