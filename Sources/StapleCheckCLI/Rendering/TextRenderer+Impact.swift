import StapleCheckCore

/// The "Who is affected" section (the report's `clientImpact`) and the closing hint to
/// `staplecheck explain`. Everything here comes from the client table, not from a server.
extension TextRenderer {
    func impactSection(_ impacts: [ClientImpact], into page: inout Page) {
        guard let first = impacts.first else { return }
        let answer = first.responderAnswer == .notAsked ? "the CA's responder not asked"
            : "the CA's responder: \(first.responderAnswer.rawValue)"
        page.line(paint("Who is affected", .bold) + " (\(first.situation.summary); \(answer))")
        for impact in impacts {
            var line = "  " + pad(impact.name, 30) + pad(outcomeText(impact.outcome), 16)
            if impact.asksResponder && impact.outcome != .asksCA { line += "after asking the CA" + (impact.error == nil ? "" : "; ") }
            if let error = impact.error { line += error }
            page.line(line.trimmingSuffixSpaces + (impact.mainstream ? "" : "  (opt-in)"))
        }
        let changed = impacts.filter { $0.mainstream && $0.whenResponderUnreachable != $0.outcome && $0.asksResponder }
        if !changed.isEmpty {
            page.line("  If the CA's responder is unreachable: "
                      + changed.map { "\($0.name) \($0.whenResponderUnreachable.rawValue)" }.joined(separator: ", "))
        }
        page.line()
    }

    private func outcomeText(_ outcome: ClientOutcome) -> String {
        switch outcome {
        case .refuses: paint("refuses", .red)
        case .connects: "connects"
        default: outcome.rawValue
        }
    }

    /// The last line of every report with findings.
    func explainHint(_ findings: [Finding], into page: inout Page) {
        guard let first = findings.first else { return }
        page.line()
        page.line(paint("More: staplecheck explain \(first.code.rawValue)", .dim))
    }
}

extension String {
    var trimmingSuffixSpaces: String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
