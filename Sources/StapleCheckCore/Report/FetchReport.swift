#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The result of one `fetch`.
public struct FetchReport: EnvelopedReport, Sendable {
    public var envelope: ReportEnvelope
    public var body: Body

    /// ok when the file now holds a valid response (written, skipped, kept); critical when
    /// the responder's answer was refused; error when nothing could be fetched or read.
    public var verdict: Verdict {
        if body.error != nil { return .error }
        return body.action == .notWritten ? .critical : .ok
    }

    /// What was fetched, and what became of the file.
    public struct Body: Encodable, Sendable {
        public var action: FetchAction = .notWritten
        public var output: String
        /// One sentence: why this action.
        public var reason: String = ""
        @ExplicitNull public var certificate: CertificateInfo? = nil
        /// The file as it was before, judged like a staple; nil when there was none.
        @ExplicitNull public var existing: StapleInfo? = nil
        /// The response written, kept or refused, judged like a staple.
        @ExplicitNull public var staple: StapleInfo? = nil
        @ExplicitNull public var live: LiveInfo? = nil
        public var findings: [Finding] = []
        /// Why nothing could be fetched or read; no key otherwise.
        public var error: CheckError? = nil
    }

    init(checkedAt: Date, output: String) {
        envelope = ReportEnvelope(checkedAt: checkedAt)
        body = Body(output: output)
    }
}
