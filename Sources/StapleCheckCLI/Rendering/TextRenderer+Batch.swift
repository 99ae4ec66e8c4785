import StapleCheckCore

/// Many targets in one run: a line per target as it completes, then a summary.
extension TextRenderer {
    /// `CRITICAL  stapled      127.0.0.1:8443  staple-revoked: The CA revoked …` — verdict,
    /// whether it stapled, target, and the worst finding (the first of the most severe), or
    /// for a target that could not be checked the error and the line it came from. The
    /// fixed-width columns come first, so that the lines of a batch align.
    public func batchLine(_ result: BatchResult) -> String {
        let report = result.report
        let host = report.target.host
        let target = Self.escape(host.contains(":") ? "[\(host)]:\(report.target.port)" : "\(host):\(report.target.port)")
        func column(_ text: String) -> String { text + String(repeating: " ", count: max(0, 11 - text.count)) }
        var fields = [verdictLabel(report.verdict)]
        if let error = report.error {
            // An entry that is no target at all is named by where it is; the message says why.
            fields += [column("-"), error.code == .input ? Self.escape(result.input.location) : target]
            fields.append(error.code.rawValue + ": " + Self.escape(error.message))
            if error.code != .input { fields.append("(" + Self.escape(result.input.location) + ")") }
        } else {
            fields += [column(report.stapled ? "stapled" : "not stapled"), target]
            if let finding = Self.worstFinding(report.findings) {
                fields.append(finding.code.rawValue + ": " + Self.escape(finding.message))
            }
        }
        return fields.joined(separator: "  ") + "\n"
    }

    /// Counts per verdict, the worst targets, and how an interrupted batch ended.
    public func batchSummary(_ tally: BatchTally, _ outcome: BatchRunner.Outcome) -> String {
        var page = Page()
        page.line()
        let counts = Verdict.allCases.map { "\(tally.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        page.line(paint(Self.doneOf(tally.done, outcome.total) + " checked: ", .bold) + counts)
        if !tally.worst.isEmpty {
            page.line("Worst:")
            for result in tally.worst {
                let report = result.report
                let what = report.error.map { $0.code.rawValue } ?? Self.worstFinding(report.findings).map(\.code.rawValue) ?? ""
                page.line("  " + verdictLabel(report.verdict) + "  " + Self.escape(result.input.location) + "  "
                          + Self.escape(result.input.text) + (what.isEmpty ? "" : "  " + what))
            }
        }
        if let signal = outcome.signal {
            page.line(paint("Interrupted by \(Self.signalName(signal))", .bold)
                      + ": \(outcome.abandoned) check\(outcome.abandoned == 1 ? "" : "s") abandoned, " + Self.notStarted(outcome))
        }
        return page.text
    }

    /// The one-line note on standard error for the JSON formats, which have no summary.
    static func interruption(_ outcome: BatchRunner.Outcome, done: Int) -> String {
        guard let signal = outcome.signal else { return "" }
        return "staplecheck: interrupted by \(signalName(signal)): \(doneOf(done, outcome.total, plural: true)) checked, "
            + "\(outcome.abandoned) abandoned, \(notStarted(outcome))\n"
    }

    /// "3 of 5 targets", or "3 targets" when the list's length is not known (a pipe not read
    /// to its end). `plural` keeps "targets" for a total of one.
    static func doneOf(_ done: Int, _ total: Int?, plural: Bool = false) -> String {
        guard let total else { return "\(done) target\(done == 1 && !plural ? "" : "s")" }
        return "\(done) of \(total) target\(total == 1 && !plural ? "" : "s")"
    }

    /// "2 not started", or "the rest of the list not read".
    static func notStarted(_ outcome: BatchRunner.Outcome) -> String {
        outcome.notStarted.map { "\($0) not started" } ?? "the rest of the list not read"
    }

    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case 2: "SIGINT"
        case 13: "SIGPIPE"
        case 15: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    /// Padded to the longest label, so the targets line up.
    func verdictLabel(_ verdict: Verdict) -> String {
        let text = verdict.rawValue.uppercased()
        let padded = text + String(repeating: " ", count: 8 - text.count)
        switch verdict {
        case .ok: return paint(padded, .green)
        case .warning: return paint(padded, .yellow)
        case .critical, .error: return paint(padded, .red)
        }
    }

    static func worstFinding(_ findings: [Finding]) -> Finding? {
        guard let worst = findings.map(\.severity).max() else { return nil }
        return findings.first { $0.severity == worst }
    }
}
