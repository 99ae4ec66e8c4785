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

/// Options every subcommand that prints a report shares.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, ndjson, nagios, prometheus

        /// The monitoring formats describe server checks only.
        var isMonitoring: Bool { self == .nagios || self == .prometheus }
    }

    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(help: "Output format: text, json, ndjson (one compact JSON object per line per target or file), nagios (a monitoring plugin's status line, perfdata and exit code) or prometheus (text exposition for node_exporter's textfile collector); nagios and prometheus for server checks only.")
    var format: Format = .text

    @Option(help: "Colour in text output: auto (only on a terminal, and not when NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    var useColor: Bool {
        switch color {
        case .always: true
        case .never: false
        case .auto: isatty(STDOUT_FILENO) == 1 && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
        }
    }

    /// Prints the report and ends the process with its verdict's exit code (`warnWithin`:
    /// the Nagios `next_update` threshold).
    func emit(_ report: Report, warnWithin: TimeInterval) -> Never {
        switch format {
        case .nagios: print(NagiosRenderer(warnWithin: warnWithin).render(report), terminator: "")
        case .prometheus: print(PrometheusRenderer.exposition([PrometheusRenderer().samples(report)]).text, terminator: "")
        case .text, .json, .ndjson: write(report, error: report.error) { TextRenderer(color: useColor).render(report) }
        }
        finish(report.verdict.exitCode)
    }

    /// For the commands other than the server check.
    func validateNotMonitoring() throws {
        if format.isMonitoring { throw ValidationError("--format \(format.rawValue) is for server checks (staplecheck check) only") }
    }

    /// Prints what `fetch` did and exits 0 (file valid), 2 (answer refused) or 3 (nothing fetched).
    func emit(_ report: FetchReport) -> Never {
        write(report, error: report.error) { TextRenderer(color: useColor).render(report) }
        finish(report.verdict.exitCode)
    }

    /// Prints one report per file as `produce` hands it over (JSON: one object each, which
    /// jq reads as a stream), keeping none, so that memory does not grow with the number of
    /// files; then exits with the worst verdict's code (3 if any file could not be inspected).
    func emitEach(_ produce: ((InspectReport) -> Void) -> Void) -> Never {
        let renderer = TextRenderer(color: useColor)
        var worst: Int32 = 0
        produce { report in
            // Still one line: why the bytes are broken goes on after the error.
            write(report, error: report.error, detail: report.parseError.map { "; " + TextRenderer.parseErrorText($0) }) {
                renderer.render(report)
            }
            worst = max(worst, report.verdict.exitCode)
        }
        finish(worst)
    }

    private func write<R: Encodable>(_ report: R, error: CheckError?, detail: String? = nil, text: () -> String) {
        switch format {
        // (nagios and prometheus reach here for no report: `validateNotMonitoring` refuses them.)
        case .json, .ndjson, .nagios, .prometheus:
            let data = (try? Report.json(report, pretty: format == .json)) ?? Data("{\"verdict\":\"error\"}".utf8)
            print(String(decoding: data, as: UTF8.self))
        case .text:
            if let error {
                fflush(nil)
                FileOutput.standardError.write("staplecheck: \(TextRenderer.escape(error.message))\(detail ?? "")\n")
            } else {
                print(text(), terminator: "")
            }
        }
    }

    /// The sink a batch of server checks writes to in this format.
    func batchSink(warnWithin: TimeInterval) -> any BatchSink {
        switch format {
        case .text: TextBatchSink(renderer: TextRenderer(color: useColor))
        case .json: JSONArrayBatchSink()
        case .ndjson: NDJSONBatchSink()
        case .nagios: NagiosBatchSink(renderer: NagiosRenderer(warnWithin: warnWithin))
        case .prometheus: PrometheusBatchSink()
        }
    }

    /// Straight to exit(3): ArgumentParser's exit(withError:) reflects over the error type
    /// first, which costs more than the whole analysis.
    private func finish(_ code: Int32) -> Never {
        fflush(nil)
        Glibc.exit(code)
    }
}
