import ArgumentParser
import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck explain CODE | --list | --clients`: the catalogue and the client table.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a finding code: what it means, who is hurt, likely causes, fixes per server.",
        discussion: """
            --list lists every code with its severity; --clients prints the client table \
            (docs/CLIENTS.md). An unknown code is a usage error (exit 64).
            """)

    @Argument(help: ArgumentHelp("A finding code, e.g. staple-expired.", valueName: "code"))
    var code: String?

    @Flag(help: "List every finding code with its severity.")
    var list = false

    @Flag(help: "Print the client table: every client's outcome in every stapling situation, with sources.")
    var clients = false

    @Option(help: "Output format: text or json.")
    var format: OutputOptions.Format = .text

    /// The client table as `--clients --format json` prints it.
    struct ClientTable: Encodable {
        struct Row: Encodable {
            var situation: StapleSituation
            var summary: String
        }
        var situations = StapleSituation.allCases.map { Row(situation: $0, summary: $0.summary) }
        var clients = ClientBehaviour.table
    }

    struct ListEntry: Encodable {
        var code: FindingCode
        var severity: String
        var title: String
    }

    func validate() throws {
        if format.isMonitoring { throw ValidationError("--format \(format.rawValue) is for server checks (staplecheck check) only") }
    }

    func run() {
        let renderer = TextRenderer(color: false)
        switch (code, list, clients) {
        case (nil, true, false):
            let entries = Explanation.list.map { ListEntry(code: $0.code, severity: $0.severity, title: $0.title) }
            write(entries) { renderer.renderCodeList() }
        case (nil, false, true):
            write(ClientTable()) { renderer.renderClientTable() }
        case (let code?, false, false):
            guard let found = FindingCode(rawValue: code) else {
                fail("unknown finding code \(TextRenderer.escape(code)) (staplecheck explain --list shows them all)")
            }
            let explanation = Explanation(found)
            write(explanation) { renderer.render(explanation) }
        default:
            fail("explain takes one finding code, --list or --clients")
        }
        fflush(nil)
        Glibc.exit(0)
    }

    private func write<T: Encodable>(_ value: T, text: () -> String) {
        switch format {
        // (nagios and prometheus never get here: `validate` refuses them.)
        case .json, .ndjson, .nagios, .prometheus:
            // ndjson: the same object on one line.
            let data = (try? Report.json(value, pretty: format == .json)) ?? Data("null".utf8)
            print(String(decoding: data, as: UTF8.self))
        case .text:
            print(text(), terminator: "")
        }
    }

    /// One line on stderr and exit 64, like every other usage error.
    private func fail(_ message: String) -> Never {
        fflush(nil)
        FileOutput.standardError.write("staplecheck: \(message)\n")
        Glibc.exit(64)
    }
}
