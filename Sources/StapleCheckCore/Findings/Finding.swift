/// One problem (or notable fact) found by a check. Built only by the factories defined
/// beside the check that emits each one (`extension Finding { static func … }`), so that
/// the message and fix for one situation are written once, and the severity always follows
/// the code's `severityRule`.
public struct Finding: Codable, Sendable, Equatable {
    public let code: FindingCode
    public let severity: Severity
    /// One sentence: what is wrong and why it matters.
    public let message: String
    /// A concrete remedy, when there is one.
    public let fix: String?

    /// `escalated`: the check found itself in the situation the code's rule names.
    init(_ code: FindingCode, escalated: Bool = false, message: String, fix: String?) {
        assert(!escalated || code.severityRule.escalation != nil, "\(code) has no escalation")
        self.code = code
        self.severity = code.severityRule.severity(escalated: escalated)
        self.message = message
        self.fix = fix
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(fix, forKey: .fix)
    }
}
