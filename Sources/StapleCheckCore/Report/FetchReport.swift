#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The result of one `fetch`.
public struct FetchReport: Encodable, Sendable {
    public var schemaVersion: Int = StapleCheck.schemaVersion
    public var tool: ToolInfo = .current
    public var checkedAt: Date
    public var action: FetchAction
    public var output: String
    /// One sentence: why this action.
    public var reason: String
    public var certificate: CertificateInfo?
    /// The file as it was before, judged like a staple; nil when there was none.
    public var existing: StapleInfo?
    /// The response written, kept or refused, judged like a staple.
    public var staple: StapleInfo?
    public var live: LiveInfo?
    public var findings: [Finding]
    public var error: CheckError?

    /// ok when the file now holds a valid response (written, skipped, kept); critical when
    /// the responder's answer was refused; error when nothing could be fetched or read.
    public var verdict: Verdict {
        if error != nil { return .error }
        return action == .notWritten ? .critical : .ok
    }

    init(checkedAt: Date, output: String) {
        self.checkedAt = checkedAt
        self.output = output
        action = .notWritten
        reason = ""
        findings = []
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, checkedAt, verdict, action, output, reason, certificate, existing, staple, live, findings, error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(action, forKey: .action)
        try c.encode(output, forKey: .output)
        try c.encode(reason, forKey: .reason)
        try c.encode(certificate, forKey: .certificate)
        try c.encode(existing, forKey: .existing)
        try c.encode(staple, forKey: .staple)
        try c.encode(live, forKey: .live)
        try c.encode(findings, forKey: .findings)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
