#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The result of one check: plain data, rendered as text or JSON by the front end.
public struct Report: EnvelopedReport, Sendable, Equatable {
    public var envelope: ReportEnvelope
    public var body: Body

    /// The worst finding's severity; `error` when no check could be made.
    public var verdict: Verdict { body.error == nil ? Verdict(findings: body.findings) : .error }
    /// The server sent a staple: the primary endpoint's first one is `staple`, or it sent
    /// one too large to be read (a TLS 1.2 CertificateStatus over OpenSSL's 16 KiB), which
    /// `staple-too-large` reports and `staple` cannot hold.
    public var stapled: Bool { body.staple != nil || (body.endpoints.first?.stapled ?? false) }
    /// Every handshake of the check, over all endpoints.
    public var handshakes: HandshakeSummary { HandshakeSummary(body.endpoints.map(\.handshakes)) }

    /// What the check found.
    public struct Body: Codable, Sendable, Equatable {
        public var target: TargetInfo
        @ExplicitNull public var tls: TLSInfo? = nil
        @ExplicitNull public var certificate: CertificateInfo? = nil
        @ExplicitNull public var chain: ChainInfo? = nil
        @ExplicitNull public var staple: StapleInfo? = nil
        /// The certificate's OCSP responder asked directly; nil with --no-live.
        @ExplicitNull public var live: LiveInfo? = nil
        /// The certificate's CRL; nil unless consulted.
        @ExplicitNull public var crl: CRLInfo? = nil
        /// Every finding: the endpoints' (each naming its endpoint) and the deployment's.
        public var findings: [Finding] = []
        /// What each client of the client table does with the primary endpoint's staple and
        /// the CA's answer; empty when the table does not cover the situation (an untrusted
        /// chain, a staple too large to read, a handshake that fails on the status request).
        public var clientImpact: [ClientImpact] = []
        /// Why no check could be made; no key when one was.
        public var error: CheckError? = nil
        /// One per (address, certificate), the primary endpoint first.
        public var endpoints: [EndpointReport] = []
        /// How long the check took; nil when none was made (a malformed batch line).
        @ExplicitNull public var timing: CheckTiming? = nil
    }

    public init(checkedAt: Date, target: TargetInfo, tls: TLSInfo? = nil, certificate: CertificateInfo? = nil,
                chain: ChainInfo? = nil, staple: StapleInfo? = nil, findings: [Finding] = [], error: CheckError? = nil) {
        envelope = ReportEnvelope(checkedAt: checkedAt)
        body = Body(target: target, tls: tls, certificate: certificate, chain: chain, staple: staple, findings: findings, error: error)
    }

    /// A report for a check that could not be made.
    public static func failed(_ error: CheckError, target: TargetInfo, at date: Date) -> Report {
        var target = target
        if target.address == nil { target.address = error.address }
        return Report(checkedAt: date, target: target, error: error)
    }
}

extension Report: Codable {
    private enum DerivedKeys: String, CodingKey {
        case stapled, handshakes
    }

    public func encode(to encoder: any Encoder) throws {
        try encodeReport(to: encoder)
        var container = encoder.container(keyedBy: DerivedKeys.self)
        try container.encode(stapled, forKey: .stapled)
        try container.encode(handshakes, forKey: .handshakes)
    }

    /// The derived fields (`verdict`, `stapled`) are read from the body, not from the JSON.
    public init(from decoder: any Decoder) throws {
        envelope = try ReportEnvelope(from: decoder)
        body = try Body(from: decoder)
    }
}
