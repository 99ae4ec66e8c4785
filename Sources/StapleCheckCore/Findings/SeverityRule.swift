/// How severe one kind of finding is: a base severity and at most one situation that raises
/// or lowers it. Typed, so that the README, `explain` and the checks read the same rule.
public struct SeverityRule: Sendable, Equatable {
    public var base: Severity
    public var escalation: Escalation?

    init(_ base: Severity, escalation: Escalation? = nil) {
        self.base = base
        self.escalation = escalation
    }

    /// The severity of a finding raised in the escalation's situation, or not.
    public func severity(escalated: Bool) -> Severity {
        guard escalated, let escalation else { return base }
        return escalation.severity
    }

    /// As the README's findings table writes it: "warning (critical with --require-staple)".
    public var description: String {
        base.rawValue + (escalation.map { " (\($0.severity.rawValue) \($0.situation))" } ?? "")
    }
}
