#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The result of one check: plain data, rendered as text or JSON by the front end.
public struct Report: Sendable, Equatable {
    public var schemaVersion: Int = StapleCheck.schemaVersion
    public var tool: ToolInfo = .current
    /// The instant the analysis judged against (now, or `--at`).
    public var checkedAt: Date
    /// The worst finding's severity; `error` when no check could be made.
    public var verdict: Verdict { error == nil ? Verdict(findings: findings) : .error }
    public var target: TargetInfo
    public var tls: TLSInfo?
    public var certificate: CertificateInfo?
    public var chain: ChainInfo?
    public var staple: StapleInfo?
    /// The certificate's OCSP responder asked directly; nil with --no-live.
    public var live: LiveInfo? = nil
    /// The certificate's CRL; nil unless consulted.
    public var crl: CRLInfo? = nil
    public var findings: [Finding]
    public var error: CheckError?

    public var stapled: Bool { staple != nil }

    public init(checkedAt: Date, target: TargetInfo, tls: TLSInfo? = nil, certificate: CertificateInfo? = nil,
                chain: ChainInfo? = nil, staple: StapleInfo? = nil, findings: [Finding] = [], error: CheckError? = nil) {
        self.checkedAt = checkedAt
        self.target = target
        self.tls = tls
        self.certificate = certificate
        self.chain = chain
        self.staple = staple
        self.findings = findings
        self.error = error
    }

    /// A report for a check that could not be made.
    public static func failed(_ error: CheckError, target: TargetInfo, at date: Date) -> Report {
        var target = target
        if target.address == nil { target.address = error.address }
        return Report(checkedAt: date, target: target, error: error)
    }
}

// MARK: - JSON shape
//
// Contract fields that may be absent are written as explicit nulls (`staple: null`,
// `staple.revocationTime: null`), so that jq filters see the key either way.

extension Report: Codable {
    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, checkedAt, verdict, stapled, target, tls, certificate, chain, staple, live, crl, findings, error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(stapled, forKey: .stapled)
        try c.encode(target, forKey: .target)
        try c.encode(tls, forKey: .tls)
        try c.encode(certificate, forKey: .certificate)
        try c.encode(chain, forKey: .chain)
        try c.encode(staple, forKey: .staple)
        try c.encode(live, forKey: .live)
        try c.encode(crl, forKey: .crl)
        try c.encode(findings, forKey: .findings)
        try c.encodeIfPresent(error, forKey: .error)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try c.decode(Int.self, forKey: .schemaVersion)
        tool = try c.decode(ToolInfo.self, forKey: .tool)
        checkedAt = try c.decode(Date.self, forKey: .checkedAt)
        target = try c.decode(TargetInfo.self, forKey: .target)
        tls = try c.decodeIfPresent(TLSInfo.self, forKey: .tls)
        certificate = try c.decodeIfPresent(CertificateInfo.self, forKey: .certificate)
        chain = try c.decodeIfPresent(ChainInfo.self, forKey: .chain)
        staple = try c.decodeIfPresent(StapleInfo.self, forKey: .staple)
        live = try c.decodeIfPresent(LiveInfo.self, forKey: .live)
        crl = try c.decodeIfPresent(CRLInfo.self, forKey: .crl)
        findings = try c.decode([Finding].self, forKey: .findings)
        error = try c.decodeIfPresent(CheckError.self, forKey: .error)
    }
}
