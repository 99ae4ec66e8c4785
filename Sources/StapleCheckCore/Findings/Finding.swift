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
    /// Where, for a finding that belongs to one endpoint of a deployment: its address,
    /// its certificate's key type, and the TLS version when it holds on that version only.
    @ExplicitNull public private(set) var address: String? = nil
    @ExplicitNull public private(set) var keyType: KeyType? = nil
    @ExplicitNull public private(set) var tlsVersion: TLSVersion? = nil
    /// The server setup that most likely caused it (from the pattern over the whole report,
    /// set after every check has run); nil when no pattern points at one.
    @ExplicitNull public private(set) var likelyCause: LikelyCause? = nil

    /// `escalated`: the check found itself in the situation the code's rule names.
    init(_ code: FindingCode, escalated: Bool = false, message: String, fix: String?) {
        assert(!escalated || code.severityRule.escalation != nil, "\(code) has no escalation")
        self.code = code
        self.severity = code.severityRule.severity(escalated: escalated)
        self.message = message
        self.fix = fix
    }

    /// The same finding, placed at one endpoint (nil arguments keep what is set).
    func located(address: String?, keyType: KeyType?, tlsVersion: TLSVersion? = nil) -> Finding {
        var copy = self
        copy.address = address ?? self.address
        copy.keyType = keyType ?? self.keyType
        copy.tlsVersion = tlsVersion ?? self.tlsVersion
        return copy
    }

    /// The same finding with the cause the report's pattern points at.
    func with(likelyCause: LikelyCause?) -> Finding {
        var copy = self
        copy.likelyCause = likelyCause
        return copy
    }

    /// The same finding without its TLS version: it holds on every version checked.
    var onEveryVersion: Finding {
        var copy = self
        copy.tlsVersion = nil
        return copy
    }
}

extension Array where Element == Finding {
    /// These findings and those of `more` that say something new: the same code with the
    /// same message is one fact (a delegated responder certificate that signs both the
    /// staple and the CA's current answer is judged once).
    func adding(_ more: [Finding]) -> [Finding] {
        var result = self
        for finding in more where !result.contains(where: { $0.code == finding.code && $0.message == finding.message }) {
            result.append(finding)
        }
        return result
    }
}
