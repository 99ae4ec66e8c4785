/// The situations in which a finding's severity departs from its kind's base severity.
public enum Escalation: String, CaseIterable, Sendable {
    /// The user asked for stapling to be mandatory (`--require-staple`).
    case requireStaple
    /// The certificate is must-staple and no valid staple was served: every failure to get
    /// one is part of an outage for Firefox users.
    case mustStapleOutage
    /// The whole served chain is untrusted, so an unauthorised-looking signer says no more
    /// than the chain already does.
    case chainUntrusted
    /// A signer was found but could not be verified for want of the issuer.
    case signerUnverifiable

    /// The severity a finding takes in this situation.
    public var severity: Severity {
        switch self {
        case .requireStaple, .mustStapleOutage: .critical
        case .chainUntrusted, .signerUnverifiable: .warning
        }
    }

    /// When it applies, in the words of the README's findings table.
    public var situation: String {
        switch self {
        case .requireStaple: "with --require-staple"
        case .mustStapleOutage: "for must-staple without a valid staple"
        case .chainUntrusted: "when the whole chain is untrusted"
        case .signerUnverifiable: "when a signer was found but could not be verified"
        }
    }
}
