import StapleCheckCore

/// The "Who is affected" section (the report's `clientImpact`) and the closing hint to
/// `staplecheck explain`. Everything here comes from the client table, not from a server.
extension TextRenderer {
    /// Refusals one line each, with the error; every other outcome one line listing its
    /// clients; opt-in checks and diagnostics on one line of their own.
    func impactSection(_ impacts: [ClientImpact], into page: inout Page) {
        guard let first = impacts.first else { return }
        let answer = first.responderAnswer == .notAsked ? "the CA's responder not asked"
            : "the CA's responder: \(first.responderAnswer.rawValue)"
        page.line(paint("Who is affected", .bold) + " (\(first.situation.summary); \(answer))")
        let asked = { (impact: ClientImpact) in impact.asksResponder && impact.outcome != .asksCA ? " (after asking the CA)" : "" }
        let mainstream = impacts.filter(\.mainstream)
        for impact in mainstream where impact.outcome == .refuses {
            page.line("  " + pad(impact.name, 30) + paint("refuses", .red) + asked(impact) + (impact.error.map { ": " + $0 } ?? ""))
        }
        for outcome in ClientOutcome.allCases where outcome != .refuses {
            let names = mainstream.filter { $0.outcome == outcome }.map { $0.name + asked($0) }
            if !names.isEmpty { page.line("  " + pad(outcome.rawValue, 30) + names.joined(separator: ", ")) }
        }
        let optIn = impacts.filter { !$0.mainstream }.map { "\($0.name) \($0.outcome.rawValue)" }
        if !optIn.isEmpty { page.line("  " + pad("opt-in checks", 30) + optIn.joined(separator: ", ")) }
        let changed = mainstream.filter { $0.whenResponderUnreachable != $0.outcome && $0.asksResponder }
        if !changed.isEmpty {
            page.line("  If the CA's responder is unreachable: "
                      + changed.map { "\($0.name) \($0.whenResponderUnreachable.rawValue)" }.joined(separator: ", "))
        }
        page.line()
    }

    /// The last line of every report with findings.
    func explainHint(_ findings: [Finding], into page: inout Page) {
        guard let first = findings.first else { return }
        page.line()
        page.line(paint("More: staplecheck explain \(first.code.rawValue)", .dim))
    }
}
