#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// How bad a finding is. Ordered: info < warning < critical.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case info, warning, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The overall answer of one check; `error` when no check was possible.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case ok, warning, critical, error

    /// The documented process exit code: 0 ok, 1 warning, 2 critical, 3 could not check.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        case .error: 3
        }
    }

    /// The worst severity among the findings decides; info findings never change the verdict.
    public init(findings: [Finding]) {
        switch findings.map(\.severity).max() {
        case .critical: self = .critical
        case .warning: self = .warning
        case .info, nil: self = .ok
        }
    }
}

/// What was checked.
public struct TargetInfo: Codable, Sendable, Equatable {
    /// The host as the user gave it (name or IP literal, without brackets).
    public var host: String
    public var port: Int
    /// The address actually connected to ("192.0.2.1:443", "[2001:db8::1]:443"); nil when
    /// no connection was made.
    public var address: String?
    /// The SNI sent; nil when none was sent.
    public var serverName: String?

    public init(host: String, port: Int, address: String? = nil, serverName: String? = nil) {
        self.host = host
        self.port = port
        self.address = address
        self.serverName = serverName
    }
}

public struct TLSInfo: Codable, Sendable, Equatable {
    /// "TLSv1.3", "TLSv1.2".
    public var version: String
    public var cipher: String
}

/// Facts about a certificate (the served leaf, or a file given to `inspect`).
public struct CertificateInfo: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    /// Upper-case hex without separators.
    public var serialNumber: String
    public var notBefore: Date?
    public var notAfter: Date?
    public var subjectAltNames: [String]
    public var ocspURLs: [String]
    public var crlURLs: [String]
    /// The TLS Feature extension (RFC 7633) lists status_request (5).
    public var mustStaple: Bool
    /// Every TLS feature listed, by name where known ("status_request", "status_request_v2").
    public var tlsFeatures: [String]
    public var keyType: String
    public var signatureAlgorithm: String
    public var sha256Fingerprint: String
    /// notAfter − notBefore, in days.
    public var lifetimeDays: Double? = nil
    /// Lifetime of 10 days or less: revocation information is optional for it.
    public var shortLived: Bool = false
}

/// Whether the served chain verifies against the trust store.
public struct ChainInfo: Codable, Sendable, Equatable {
    /// Certificates the server sent, leaf first.
    public var servedCount: Int
    public var trusted: Bool
    /// OpenSSL's reason when not trusted.
    public var verifyError: String?
    /// Subject of the leaf's issuer, when it could be found (served or in the trust store).
    public var issuer: String?
}

/// The stapled OCSP response as analysed. Present in a report only when a staple was sent.
public struct StapleInfo: Sendable, Equatable {
    /// Bytes received.
    public var size: Int
    /// False when the bytes are not a DER OCSPResponse at all.
    public var parsed: Bool
    /// successful, malformedRequest, internalError, tryLater, sigRequired, unauthorized.
    public var responseStatus: OCSPResponseStatus?
    /// "basic" (id-pkix-ocsp-basic) or "unsupported".
    public var responseType: String?
    public var producedAt: Date?
    /// "byName: CN=…" or "byKey: <sha1 hex>".
    public var responderID: String?
    public var certStatus: CertStatus?
    public var revocationTime: Date?
    public var revocationReason: String?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    /// The serial the matching (or first) SingleResponse is about, upper-case hex.
    public var serialNumber: String?
    /// Hash algorithm of that SingleResponse's CertID ("sha1", "sha256").
    public var certIDHashAlgorithm: String?
    public var singleResponseCount: Int
    /// The signature verifies AND the signer is authorised (issuer or delegated responder)
    /// AND chains to the trust store: OpenSSL's OCSP_basic_verify passed.
    public var signatureValid: Bool
    public var signer: SignerKind
    public var signerSubject: String?
    public var signatureAlgorithm: String?
    /// Certificates embedded in the response.
    public var embeddedCertificateCount: Int
    /// Why verification failed, in OpenSSL's words.
    public var verifyError: String?
    /// A SingleResponse's CertID matches the leaf on hash algorithm, issuer name hash,
    /// issuer key hash and serial.
    public var matchesCertificate: Bool
    /// thisUpdate ≤ now ≤ nextUpdate, within the clock-skew leeway.
    public var timeValid: Bool
    /// What could not be checked for want of input (`inspect` without --cert or --issuer):
    /// "certificate", "signature". Empty in a live check.
    public var notChecked: [String] = []
    /// The signer certificate's notAfter, and whether it carries id-kp-OCSPSigning and
    /// id-pkix-ocsp-nocheck; nil when no signer was found.
    public var signerNotAfter: Date? = nil
    public var signerOCSPSigning: Bool? = nil
    public var signerOCSPNoCheck: Bool? = nil
    /// When the signature does not verify with the declared algorithm but does with another
    /// digest: that digest ("sha1"). A responder quirk seen in the wild.
    public var actualSignatureDigest: String? = nil
}

/// Who signed the response, as far as verification could establish.
public enum SignerKind: String, Codable, Sendable {
    /// The CA that issued the certificate.
    case issuer
    /// A responder certificate issued by that CA for OCSP signing (id-kp-OCSPSigning).
    case delegated
    /// Anything else, or a signer that could not be verified.
    case untrusted
}

public enum CertStatus: String, Codable, Sendable {
    case good, revoked, unknown
}

/// OCSPResponseStatus (RFC 6960 §4.2.1); an open list, so unknown values survive as "unknown(N)".
public struct OCSPResponseStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let successful = Self(rawValue: 0)
    public static let malformedRequest = Self(rawValue: 1)
    public static let internalError = Self(rawValue: 2)
    public static let tryLater = Self(rawValue: 3)
    public static let sigRequired = Self(rawValue: 5)
    public static let unauthorized = Self(rawValue: 6)

    public var description: String {
        switch self {
        case .successful: "successful"
        case .malformedRequest: "malformedRequest"
        case .internalError: "internalError"
        case .tryLater: "tryLater"
        case .sigRequired: "sigRequired"
        case .unauthorized: "unauthorized"
        default: "unknown(\(rawValue))"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let known: [Self] = [.successful, .malformedRequest, .internalError, .tryLater, .sigRequired, .unauthorized]
        if let match = known.first(where: { $0.description == text }) {
            self = match
        } else if text.hasPrefix("unknown("), let n = Int(text.dropFirst(8).dropLast()) {
            self.init(rawValue: n)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown response status \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Why no check could be made.
public struct CheckError: Error, Codable, Sendable, Equatable {
    /// Stable machine code: dns, refused, unreachable, timeout, not-tls, handshake, closed,
    /// protocol-version, io, input.
    public var code: String
    public var message: String
    /// The address the failure happened at, when a connection was attempted.
    public var address: String?

    public init(code: String, message: String, address: String? = nil) {
        self.code = code
        self.message = message
        self.address = address
    }

    public static func == (a: CheckError, b: CheckError) -> Bool { a.code == b.code }
}

public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String

    public static let current = ToolInfo(name: "staplecheck", version: StapleCheck.version)
}

public enum StapleCheck {
    public static let version = "0.1.0"
    /// Bumped only when a field is removed or changes meaning; new fields do not bump it.
    public static let schemaVersion = 1
}

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

extension StapleInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case size, parsed, responseStatus, responseType, producedAt, responderID, certStatus, revocationTime,
             revocationReason, thisUpdate, nextUpdate, serialNumber, certIDHashAlgorithm, singleResponseCount,
             signatureValid, signer, signerSubject, signatureAlgorithm, embeddedCertificateCount, verifyError,
             matchesCertificate, timeValid, notChecked, signerNotAfter, signerOCSPSigning, signerOCSPNoCheck,
             actualSignatureDigest
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(size, forKey: .size)
        try c.encode(parsed, forKey: .parsed)
        try c.encode(responseStatus, forKey: .responseStatus)
        try c.encode(responseType, forKey: .responseType)
        try c.encode(producedAt, forKey: .producedAt)
        try c.encode(responderID, forKey: .responderID)
        try c.encode(certStatus, forKey: .certStatus)
        try c.encode(revocationTime, forKey: .revocationTime)
        try c.encode(revocationReason, forKey: .revocationReason)
        try c.encode(thisUpdate, forKey: .thisUpdate)
        try c.encode(nextUpdate, forKey: .nextUpdate)
        try c.encode(serialNumber, forKey: .serialNumber)
        try c.encode(certIDHashAlgorithm, forKey: .certIDHashAlgorithm)
        try c.encode(singleResponseCount, forKey: .singleResponseCount)
        try c.encode(signatureValid, forKey: .signatureValid)
        try c.encode(signer, forKey: .signer)
        try c.encode(signerSubject, forKey: .signerSubject)
        try c.encode(signatureAlgorithm, forKey: .signatureAlgorithm)
        try c.encode(embeddedCertificateCount, forKey: .embeddedCertificateCount)
        try c.encode(verifyError, forKey: .verifyError)
        try c.encode(matchesCertificate, forKey: .matchesCertificate)
        try c.encode(timeValid, forKey: .timeValid)
        try c.encode(notChecked, forKey: .notChecked)
        try c.encode(signerNotAfter, forKey: .signerNotAfter)
        try c.encode(signerOCSPSigning, forKey: .signerOCSPSigning)
        try c.encode(signerOCSPNoCheck, forKey: .signerOCSPNoCheck)
        try c.encode(actualSignatureDigest, forKey: .actualSignatureDigest)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        size = try c.decode(Int.self, forKey: .size)
        parsed = try c.decode(Bool.self, forKey: .parsed)
        responseStatus = try c.decodeIfPresent(OCSPResponseStatus.self, forKey: .responseStatus)
        responseType = try c.decodeIfPresent(String.self, forKey: .responseType)
        producedAt = try c.decodeIfPresent(Date.self, forKey: .producedAt)
        responderID = try c.decodeIfPresent(String.self, forKey: .responderID)
        certStatus = try c.decodeIfPresent(CertStatus.self, forKey: .certStatus)
        revocationTime = try c.decodeIfPresent(Date.self, forKey: .revocationTime)
        revocationReason = try c.decodeIfPresent(String.self, forKey: .revocationReason)
        thisUpdate = try c.decodeIfPresent(Date.self, forKey: .thisUpdate)
        nextUpdate = try c.decodeIfPresent(Date.self, forKey: .nextUpdate)
        serialNumber = try c.decodeIfPresent(String.self, forKey: .serialNumber)
        certIDHashAlgorithm = try c.decodeIfPresent(String.self, forKey: .certIDHashAlgorithm)
        singleResponseCount = try c.decode(Int.self, forKey: .singleResponseCount)
        signatureValid = try c.decode(Bool.self, forKey: .signatureValid)
        signer = try c.decode(SignerKind.self, forKey: .signer)
        signerSubject = try c.decodeIfPresent(String.self, forKey: .signerSubject)
        signatureAlgorithm = try c.decodeIfPresent(String.self, forKey: .signatureAlgorithm)
        embeddedCertificateCount = try c.decode(Int.self, forKey: .embeddedCertificateCount)
        verifyError = try c.decodeIfPresent(String.self, forKey: .verifyError)
        matchesCertificate = try c.decode(Bool.self, forKey: .matchesCertificate)
        timeValid = try c.decode(Bool.self, forKey: .timeValid)
        notChecked = try c.decodeIfPresent([String].self, forKey: .notChecked) ?? []
        signerNotAfter = try c.decodeIfPresent(Date.self, forKey: .signerNotAfter)
        signerOCSPSigning = try c.decodeIfPresent(Bool.self, forKey: .signerOCSPSigning)
        signerOCSPNoCheck = try c.decodeIfPresent(Bool.self, forKey: .signerOCSPNoCheck)
        actualSignatureDigest = try c.decodeIfPresent(String.self, forKey: .actualSignatureDigest)
    }
}

extension TargetInfo {
    enum CodingKeys: String, CodingKey { case host, port, address, serverName }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(host, forKey: .host)
        try c.encode(port, forKey: .port)
        try c.encode(address, forKey: .address)
        try c.encode(serverName, forKey: .serverName)
    }
}

extension Report {
    /// The one JSON encoder configuration every front end uses: ISO 8601 UTC dates,
    /// sorted keys, no escaped slashes.
    public static func jsonEncoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(date))
        }
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static func jsonDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// ISO 8601 UTC timestamps ("2026-11-23T19:10:05Z") without Foundation's formatter
/// machinery, whose first use costs more than a whole check.
public enum ISO8601 {
    public static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))Z"
    }
}
