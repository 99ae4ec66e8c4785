#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The result of inspecting one file offline. Shares its names with the server check's
/// report (`certificate.*`, `staple.*`, `findings[]`), so one jq filter serves both.
public struct InspectReport: Sendable, Equatable {
    public var schemaVersion: Int = StapleCheck.schemaVersion
    public var tool: ToolInfo = .current
    public var checkedAt: Date
    /// The worst finding's severity; `error` when the file could not be inspected.
    public var verdict: Verdict { error == nil ? Verdict(findings: findings) : .error }
    public var file: String
    public var kind: InputKind?
    public var encoding: InputEncoding?
    /// The (first) certificate of a certificate or chain file, or the `--cert` a response
    /// was checked against.
    public var certificate: CertificateInfo?
    /// Every certificate of a chain file, leaf first.
    public var certificates: [CertificateInfo]
    public var chain: ChainInfo?
    public var csr: CSRInfo?
    /// An OCSP response file judged as a staple would be.
    public var staple: StapleInfo?
    /// Every field of an OCSP response file.
    public var ocsp: OCSPResponseDetail?
    /// With --cert: the certificate's OCSP responder asked directly (nil with --no-live).
    public var live: LiveInfo?
    /// With --cert: its CRL, when consulted.
    public var crl: CRLInfo?
    public var findings: [Finding]
    public var error: CheckError?

    init(file: String, checkedAt: Date) {
        self.file = file
        self.checkedAt = checkedAt
        certificates = []
        findings = []
    }

    static func failed(_ error: CheckError, file: String, at date: Date) -> InspectReport {
        var report = InspectReport(file: file, checkedAt: date)
        report.error = error
        return report
    }
}

extension InspectReport: Encodable {
    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, checkedAt, verdict, file, kind, encoding, certificate, certificates, chain, csr, staple, ocsp, live, crl,
             findings, error
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(tool, forKey: .tool)
        try c.encode(checkedAt, forKey: .checkedAt)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(file, forKey: .file)
        try c.encode(kind, forKey: .kind)
        try c.encode(encoding, forKey: .encoding)
        try c.encode(certificate, forKey: .certificate)
        try c.encode(certificates, forKey: .certificates)
        try c.encode(chain, forKey: .chain)
        try c.encode(csr, forKey: .csr)
        try c.encode(staple, forKey: .staple)
        try c.encode(ocsp, forKey: .ocsp)
        try c.encode(live, forKey: .live)
        try c.encode(crl, forKey: .crl)
        try c.encode(findings, forKey: .findings)
        try c.encodeIfPresent(error, forKey: .error)
    }
}
