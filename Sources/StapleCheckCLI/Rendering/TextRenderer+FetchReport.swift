import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `staplecheck fetch`: what was done to the staple file, and why.
extension TextRenderer {
    public func render(_ report: FetchReport) -> String {
        var page = Page()
        page.line(paint("staplecheck fetch " + Self.escape(report.output), .bold))
        page.line()
        let label: String
        switch report.action {
        case .written: label = paint("WRITTEN", .green)
        case .skipped: label = paint("SKIPPED", .green)
        case .kept: label = paint("KEPT", .green)
        case .notWritten: label = paint("NOT WRITTEN", .red)
        }
        page.line(label + " — " + Self.escape(report.reason))
        page.line()
        if let staple = report.staple {
            stapleSection(staple, title: report.action == .notWritten ? "Refused response" : "Response", checkedAt: report.checkedAt, into: &page)
        }
        if let live = report.live { liveSection(live, checkedAt: report.checkedAt, into: &page) }
        findingsSection(report.findings, into: &page)
        explainHint(report.findings, into: &page)
        return page.text
    }
}
