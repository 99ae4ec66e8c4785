/// One problem (or notable fact) found by a check. Built only by the factories defined
/// beside the check that emits each one (`extension Finding { static func … }`), so that
/// the message and fix for one situation are written once, and the severity always follows
/// the code's `severityRule`.
public struct Finding: Codable, Sendable, Equatable {
    public private(set) var code: FindingCode
    public private(set) var severity: Severity
    /// One sentence: what is wrong and why it matters.
    public private(set) var message: String
    /// A concrete remedy, when there is one.
    @ExplicitNull public private(set) var fix: String? = nil

    /// `escalated`: the check found itself in the situation the code's rule names.
    init(_ code: FindingCode, escalated: Bool = false, message: String, fix: String?) {
        assert(!escalated || code.severityRule.escalation != nil, "\(code) has no escalation")
        self.code = code
        self.severity = code.severityRule.severity(escalated: escalated)
        self.message = message
        self.fix = fix
    }
}
