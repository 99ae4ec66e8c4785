import StapleCheckCore

/// `staplecheck explain`: one code, the code list, the client table. Static text from the
/// catalogue, nothing from a server, so nothing here needs escaping.
extension TextRenderer {
    public func render(_ explanation: Explanation) -> String {
        var page = Page()
        page.line(paint(explanation.code.rawValue, .bold) + " — " + explanation.severity)
        page.line("  " + explanation.title)
        page.line()
        page.line(paint("What it means", .bold))
        page.line("  " + explanation.meaning)
        page.line()
        page.line(paint("Why clients care", .bold))
        page.line("  " + explanation.whyClientsCare)
        if let situation = explanation.situation {
            page.line("  In the client table (\(situation.rawValue): \(situation.summary)):")
            for cell in explanation.clients {
                var outcome = cell.outcome.rawValue
                if let answers = cell.answers {
                    outcome += " (CA good: \(answers.good.rawValue), revoked: \(answers.revoked.rawValue), unknown: \(answers.unknown.rawValue), unreachable: \(answers.unreachable.rawValue))"
                }
                page.line("    " + pad(cell.name, 30) + outcome + (cell.error.map { " — " + $0 } ?? ""))
            }
        }
        page.line()
        page.line(paint("Likely causes", .bold))
        for cause in explanation.likelyCauses { page.line("  - " + cause) }
        page.line()
        page.line(paint("Fixes per server", .bold))
        for fix in explanation.serverFixes { page.line("  " + pad(fix.server.name, 18) + fix.fix) }
        page.line()
        page.line("Sources of the client table: docs/CLIENTS.md (`staplecheck explain --clients`).")
        return page.text
    }

    func renderCodeList() -> String {
        var page = Page()
        for entry in Explanation.list {
            page.line(pad(entry.code.rawValue, 40) + pad(entry.severity, 58) + entry.title)
        }
        return page.text
    }

    func renderClientTable() -> String {
        var page = Page()
        for behaviour in ClientBehaviour.table {
            page.line(paint(behaviour.name, .bold) + " — " + behaviour.versions + (behaviour.mainstream ? "" : " (opt-in or diagnostic)"))
            page.line("  " + behaviour.summary)
            for situation in StapleSituation.allCases {
                guard let cell = behaviour.cell(situation) else {
                    page.line("    " + pad(situation.rawValue, 24) + "not-documented")
                    continue
                }
                var line = "    " + pad(situation.rawValue, 24) + cell.outcome.rawValue
                if let answers = cell.answers {
                    line += " (CA good: \(answers.good.rawValue), revoked: \(answers.revoked.rawValue), unknown: \(answers.unknown.rawValue), unreachable: \(answers.unreachable.rawValue))"
                }
                if let error = cell.error { line += " — " + error }
                line += cell.lab ? " [lab]" : ""
                page.line(line)
            }
            page.line()
        }
        return page.text
    }

    func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }
}
