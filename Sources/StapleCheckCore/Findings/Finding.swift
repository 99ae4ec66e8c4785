/// One problem (or notable fact) found by a check.
public struct Finding: Codable, Sendable, Equatable {
    public var code: FindingCode
    public var severity: Severity
    /// One sentence: what is wrong and why it matters.
    public var message: String
    /// A concrete remedy, when there is one.
    public var fix: String?

    public init(code: FindingCode, severity: Severity, message: String, fix: String? = nil) {
        self.code = code
        self.severity = severity
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
