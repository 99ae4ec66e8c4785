import Foundation
@testable import StapleCheckCore

/// Reports with every field of every model type set, and with as little set as the model
/// allows, at fixed instants: what the JSON golden tests encode. Not what a real check
/// produces (a full report has both findings and a failed CRL attempt), only every field.
enum ReportSamples {
    static let t0 = Date(timeIntervalSince1970: 1_796_123_008)
    static func t(_ hours: Double) -> Date { t0.addingTimeInterval(hours * 3600) }

    static let target = TargetInfo(host: "example.test", port: 8443, address: "127.0.0.1:8443", serverName: "example.test")
    static let tls = TLSInfo(version: .tls13, cipher: "TLS_AES_128_GCM_SHA256")
    /// A version this model does not name: kept as the string OpenSSL gave.
    static let oddTLS = TLSInfo(version: TLSVersion(rawValue: "TLSv1.1"), cipher: "ECDHE-RSA-AES128-SHA")

    static let certificate = CertificateInfo(
        subject: "CN=example.test", issuer: "CN=Lab Intermediate", serialNumber: "0A1B2C3D4E5F60718293", notBefore: t(-1),
        notAfter: t(479), subjectAltNames: ["example.test", "www.example.test"], ocspURLs: ["http://127.0.0.1:8080/"],
        crlURLs: ["http://127.0.0.1:9/int.crl"], mustStaple: true, tlsFeatures: ["status_request", "17"], keyType: "EC P-256",
        signatureAlgorithm: "ecdsa-with-SHA256", sha256Fingerprint: "AB01", lifetimeDays: 20, shortLived: false)
    static let sparseCertificate = CertificateInfo(
        subject: "", issuer: "", serialNumber: "00", notBefore: nil, notAfter: nil, subjectAltNames: [], ocspURLs: [], crlURLs: [],
        mustStaple: false, tlsFeatures: [], keyType: "unknown", signatureAlgorithm: "unknown", sha256Fingerprint: "")

    static let chain = ChainInfo(servedCount: 2, trusted: false, verifyError: "unable to get local issuer certificate",
                                 issuer: "CN=Lab Intermediate")
    static let sparseChain = ChainInfo(servedCount: 1, trusted: true, verifyError: nil, issuer: nil)

    static let staple = StapleInfo(
        size: 1234, parsed: true, responseStatus: .successful, responseType: .basic, producedAt: t(0), responderID: "byName: CN=Lab OCSP",
        certStatus: .revoked, revocationTime: t(-2), revocationReason: .keyCompromise, thisUpdate: t(0), nextUpdate: t(168),
        serialNumber: "0A1B2C3D4E5F60718293", certIDHashAlgorithm: "sha1", singleResponseCount: 1, signatureValid: true,
        signer: .delegated, signerSubject: "CN=Lab OCSP", signatureAlgorithm: "sha256WithRSAEncryption", embeddedCertificateCount: 1,
        verifyError: "certificate expired", matchesCertificate: true, timeValid: true, notChecked: [.certificate, .signature],
        signerNotAfter: t(720), signerOCSPSigning: true, signerOCSPNoCheck: false, actualSignatureDigest: "sha1")
    static let sparseStaple = StapleInfo(size: 3, parsed: false)
    /// A status outside the RFC's list and a reason outside CRLReason's.
    static let oddStaple: StapleInfo = {
        var s = StapleInfo(size: 40, parsed: true)
        s.responseStatus = OCSPResponseStatus(rawValue: 4)
        s.responseType = .unsupported(oid: "1.2.3.4")
        s.certStatus = .revoked
        s.revocationReason = RevocationReason(rawValue: 7)
        return s
    }()

    static let attempt = LiveAttempt(url: "http://127.0.0.1:8080/", method: .post, httpStatus: 200, contentType: "application/ocsp-response",
                                     bytes: 1500, latencyMs: 12, result: .ok, error: "slow", certStatus: .good, thisUpdate: t(0),
                                     nextUpdate: t(168))
    static let sparseAttempt = LiveAttempt(url: "http://127.0.0.1:9/", method: .get, httpStatus: nil, contentType: nil, bytes: 0,
                                           latencyMs: 1, result: .unreachable, error: nil, certStatus: nil, thisUpdate: nil, nextUpdate: nil)

    static let live: LiveInfo = {
        var l = LiveInfo(hashAlgorithm: .sha256)
        l.url = "http://127.0.0.1:8080/"
        l.method = .get
        l.httpStatus = 200
        l.contentType = "application/ocsp-response"
        l.latencyMs = 12
        l.result = .ok
        l.certStatus = .revoked
        l.producedAt = t(0)
        l.thisUpdate = t(0)
        l.nextUpdate = t(168)
        l.revocationTime = t(-2)
        l.revocationReason = .cACompromise
        l.nonceEchoed = false
        l.response = staple
        l.attempts = [attempt, sparseAttempt]
        l.failedAttempts = 1
        l.error = "no answer from http://127.0.0.1:9/"
        return l
    }()
    static let sparseLive = LiveInfo(hashAlgorithm: .sha1)

    static let crl = CRLInfo(url: "http://127.0.0.1:9/int.crl", httpStatus: 200, bytes: 700, latencyMs: 3, result: .ok, certStatus: .revoked,
                             revocationTime: t(-3), revocationReason: .superseded, thisUpdate: t(-24), nextUpdate: t(144),
                             signatureValid: true, issuer: "CN=Lab Intermediate", revokedCount: 2, error: "stale")
    static let sparseCRL = CRLInfo(url: "http://127.0.0.1:9/int.crl", httpStatus: nil, bytes: 0, latencyMs: 0, result: .timeout,
                                   certStatus: nil, revocationTime: nil, revocationReason: nil, thisUpdate: nil, nextUpdate: nil,
                                   signatureValid: false, issuer: nil, revokedCount: nil, error: nil)

    static let findings = [
        Finding(.stapleRevoked, message: "The CA revoked this certificate.", fix: "Replace the certificate."),
        Finding(.stapleUnverified, escalated: true, message: "Nobody could check the signature.", fix: nil),
    ]

    static let csr = CSRInfo(subject: "CN=example.test", subjectAltNames: ["example.test"], mustStaple: true, tlsFeatures: ["status_request"],
                             keyType: "RSA 2048", signatureValid: true)

    static let ocsp = OCSPResponseDetail(
        responseStatus: .successful, responseType: .basic, version: 0, responderID: "byKey: 0011", producedAt: t(0),
        responses: [
            SingleResponseDetail(hashAlgorithm: "sha1", issuerNameHash: "AA", issuerKeyHash: "BB", serialNumber: "0A", certStatus: .revoked,
                                 revocationTime: t(-2), revocationReason: .keyCompromise, thisUpdate: t(0), nextUpdate: t(168),
                                 extensions: [ExtensionDetail(oid: "1.3.6.1.5.5.7.48.1.2", name: "OCSP Nonce", critical: false, value: "0401")]),
            SingleResponseDetail(hashAlgorithm: "sha256", issuerNameHash: "CC", issuerKeyHash: "DD", serialNumber: "0B", certStatus: .good,
                                 revocationTime: nil, revocationReason: nil, thisUpdate: nil, nextUpdate: nil, extensions: []),
        ],
        extensions: [ExtensionDetail(oid: "1.2.3.4", name: nil, critical: true, value: "05")],
        signatureAlgorithm: "sha256WithRSAEncryption",
        certificates: [
            EmbeddedCertificate(subject: "CN=Lab OCSP", issuer: "CN=Lab Intermediate", serialNumber: "01", notBefore: t(-480),
                                notAfter: t(720), ocspSigning: true, ocspNoCheck: true),
            EmbeddedCertificate(subject: "CN=x", issuer: "CN=y", serialNumber: "02", notBefore: nil, notAfter: nil, ocspSigning: false,
                                ocspNoCheck: false),
        ])
    static let sparseOCSP = OCSPResponseDetail(responseStatus: .tryLater, responseType: nil, version: nil, responderID: nil, producedAt: nil,
                                               responses: [], extensions: [], signatureAlgorithm: nil, certificates: [])
    static let unsupportedOCSP = OCSPResponseDetail(responseStatus: OCSPResponseStatus(rawValue: 9), responseType: .unsupported(oid: nil),
                                                    version: 5, responderID: nil, producedAt: nil, responses: [], extensions: [],
                                                    signatureAlgorithm: nil, certificates: [])

    // MARK: - The three reports

    static var reports: [(name: String, report: Report)] {
        var full = Report(checkedAt: t0, target: target, tls: tls, certificate: certificate, chain: chain, staple: staple, findings: findings)
        full.live = live
        full.crl = crl
        full.timing = CheckTiming(durationMs: 142, handshakeMs: 4)
        // One endpoint judged, one not reachable: every field of the endpoint contract.
        full.findings = findings.map { $0.located(address: "192.0.2.1:443", keyType: .rsa, tlsVersion: .tls12) }
        full.findings[0] = full.findings[0].with(likelyCause: LikelyCause(cause: "Typical of the CA revoking it.", fix: "Replace it."))
        // Two clients: one resolved from the CA's answer, one not documented.
        full.clientImpact = [
            ClientBehaviour.of(.firefox).impact(.expired, answer: .revoked, mustStaple: false),
            ClientBehaviour.of(.safari).impact(.expired, answer: .revoked, mustStaple: false),
        ]
        full.endpoints = [
            EndpointReport(address: "192.0.2.1:443", keyType: .rsa, tlsVersions: [.tls13, .tls12], certificate: certificate, staple: staple,
                           handshakes: HandshakeTally(sequence: [false, true, true], distinctStaples: 1), findings: full.findings),
            .failed("[2001:db8::1]:443", .noLocalRoute("cannot connect to [2001:db8::1]:443: Network is unreachable"), findings: []),
        ]
        var nested = Report(checkedAt: t0, target: TargetInfo(host: "192.0.2.1", port: 443), tls: oddTLS, certificate: sparseCertificate,
                            chain: sparseChain, staple: oddStaple)
        nested.live = sparseLive
        nested.crl = sparseCRL
        return [
            ("report-full", full),
            ("report-nested-sparse", nested),
            ("report-sparse", Report(checkedAt: t0, target: TargetInfo(host: "example.test", port: 443))),
            ("report-failed", .failed(.handshake("TLS handshake failed", address: "127.0.0.1:443"),
                                      target: TargetInfo(host: "example.test", port: 443), at: t0)),
            ("report-failed-unresolved", .failed(.dns("example.invalid does not resolve"),
                                                 target: TargetInfo(host: "example.invalid", port: 443, serverName: "example.invalid"), at: t0)),
        ]
    }

    static var inspectReports: [(name: String, report: InspectReport)] {
        var full = InspectReport(file: "good.ocsp", checkedAt: t0)
        full.kind = .ocspResponse
        full.encoding = .der
        full.certificate = certificate
        full.certificates = [certificate, sparseCertificate]
        full.chain = chain
        full.csr = csr
        full.staple = staple
        full.ocsp = ocsp
        full.live = live
        full.crl = crl
        full.findings = findings
        full.clientImpact = [ClientBehaviour.of(.gnutls).impact(.tryLater, answer: .notAsked, mustStaple: true)]
        var nested = InspectReport(file: "odd.ocsp", checkedAt: t0)
        nested.kind = .certificateChain
        nested.encoding = .base64
        nested.staple = sparseStaple
        nested.ocsp = sparseOCSP
        nested.live = sparseLive
        nested.crl = sparseCRL
        var unsupported = InspectReport(file: "wrongtype.ocsp", checkedAt: t0)
        unsupported.kind = .ocspResponse
        unsupported.encoding = .pem
        unsupported.ocsp = unsupportedOCSP
        unsupported.staple = oddStaple
        return [
            ("inspect-full", full),
            ("inspect-nested-sparse", nested),
            ("inspect-unsupported", unsupported),
            ("inspect-sparse", InspectReport(file: "empty", checkedAt: t0)),
            ("inspect-failed", .failed(.input("cannot read empty"), file: "empty", at: t0)),
        ]
    }

    static var fetchReports: [(name: String, report: FetchReport)] {
        var full = FetchReport(checkedAt: t0, output: "/etc/ssl/example.ocsp")
        full.action = .kept
        full.reason = "the file's response is newer"
        full.certificate = certificate
        full.existing = staple
        full.staple = sparseStaple
        full.live = live
        full.findings = findings
        var refused = FetchReport(checkedAt: t0, output: "out.ocsp")
        refused.reason = "the responder's answer is revoked"
        refused.staple = oddStaple
        refused.live = sparseLive
        var failed = FetchReport(checkedAt: t0, output: "out.ocsp")
        failed.error = .fetch("no answer from http://127.0.0.1:9/")
        return [
            ("fetch-full", full),
            ("fetch-refused", refused),
            ("fetch-sparse", FetchReport(checkedAt: t0, output: "")),
            ("fetch-failed", failed),
        ]
    }
}
