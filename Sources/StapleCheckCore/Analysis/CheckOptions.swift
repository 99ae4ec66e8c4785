#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Everything one `staplecheck HOST` needs besides the target.
public struct CheckOptions: Sendable {
    /// SNI to send; nil means the host name, or none for an IP literal.
    public var serverName: String?
    /// Bounds the whole check: resolution, connection, handshake and the CA's answers.
    public var timeout: Double
    public var analysis: AnalysisOptions
    public var revocation: RevocationOptions
    /// Which addresses, how many handshakes each.
    public var plan: ProbePlan
    /// STARTTLS before every handshake (`--starttls`): by default the protocol the port
    /// implies (25 SMTP, 143 IMAP, …), none on any other port.
    public var starttls: StartTLSChoice

    public init(serverName: String? = nil, timeout: Double = 10, analysis: AnalysisOptions, revocation: RevocationOptions = .offline,
                plan: ProbePlan = ProbePlan(), starttls: StartTLSChoice = .impliedByPort) {
        self.serverName = serverName
        self.timeout = timeout
        self.analysis = analysis
        self.revocation = revocation
        self.plan = plan
        self.starttls = starttls
    }
}
