import Foundation
@testable import StapleCheckCore
import Testing

/// The staple-vs-responder comparison and the responder diagnostics are pure functions of
/// the answers; these pin their rules on hand-made answers at a fixed instant. The same
/// rules run end to end against real responders in LiveResponderTests.
@Suite("Judging the CA's answers")
struct RevocationJudgeTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let hour: TimeInterval = 3600

    func certificate(mustStaple: Bool = false) -> CertificateInfo {
        CertificateInfo(subject: "CN=a.test", issuer: "CN=Issuer", serialNumber: "01", notBefore: nil, notAfter: nil,
                        subjectAltNames: [], ocspURLs: ["http://ocsp.test/"], crlURLs: [], mustStaple: mustStaple,
                        tlsFeatures: [], keyType: "EC", signatureAlgorithm: "x", sha256Fingerprint: "00")
    }

    func response(_ status: CertStatus, this: TimeInterval = -3600, next: TimeInterval = 6 * 86400,
                  signer: SignerKind = .issuer, embedded: Int = 0) -> StapleInfo {
        var info = StapleInfo(size: 500, parsed: true, singleResponseCount: 1, signatureValid: true, signer: signer,
                              embeddedCertificateCount: embedded, matchesCertificate: true, timeValid: true)
        info.responseStatus = .successful
        info.responseType = .basic
        info.certStatus = status
        info.thisUpdate = now.addingTimeInterval(this)
        info.nextUpdate = now.addingTimeInterval(next)
        return info
    }

    func attempt(_ result: AttemptResult, method: HTTPRequest.Method = .post, status: Int? = 200,
                 type: String? = "application/ocsp-response", latency: Int = 20) -> LiveAttempt {
        LiveAttempt(url: "http://ocsp.test/", method: method, httpStatus: result.hasNoUsableResponse ? nil : status,
                    contentType: result.hasNoUsableResponse ? nil : type, bytes: 500, latencyMs: latency, result: result,
                    error: result == .ok ? nil : "HTTP \(status ?? 0)")
    }

    func live(_ attempts: [LiveAttempt], answer: StapleInfo?) -> LiveInfo {
        var info = LiveInfo(hashAlgorithm: .sha1)
        info.attempts = attempts
        info.failedAttempts = attempts.filter { $0.result != .ok }.count
        let chosen = attempts.first { $0.result == .ok } ?? attempts.last
        info.url = chosen?.url
        info.method = chosen?.method
        info.result = chosen?.result
        info.latencyMs = chosen?.latencyMs
        info.httpStatus = chosen?.httpStatus
        if let answer, chosen?.result == .ok {
            info.response = answer
            info.certStatus = answer.certStatus
            info.thisUpdate = answer.thisUpdate
            info.nextUpdate = answer.nextUpdate
        }
        return info
    }

    /// The findings as code → severity. A code reported twice is an issue of its own (a
    /// dictionary would silently keep one of them).
    func codes(certificate: CertificateInfo? = nil, staple: StapleInfo?, live: LiveInfo? = nil, crl: CRLInfo? = nil,
               options: RevocationOptions = RevocationOptions(), responderProfile: [Finding] = [],
               sourceLocation: SourceLocation = #_sourceLocation) -> [String: Severity] {
        let findings = RevocationJudge.findings(.init(certificate: certificate ?? self.certificate(), staple: staple, live: live,
                                                      crl: crl, now: now, options: options, responderProfile: responderProfile))
        var result: [String: Severity] = [:]
        for finding in findings {
            if let earlier = result.updateValue(finding.severity, forKey: finding.code.rawValue) {
                Issue.record("\(finding.code.rawValue) reported twice (\(earlier), then \(finding.severity))", sourceLocation: sourceLocation)
            }
        }
        return result
    }

    @Test("Responder says revoked: an outdated good staple is critical, and so is no staple")
    func revoked() {
        let answer = live([attempt(.ok), attempt(.ok, method: .get)], answer: response(.revoked))
        #expect(codes(staple: response(.good), live: answer) == ["staple-stale-good": .critical])
        #expect(codes(staple: nil, live: answer) == ["responder-revoked": .critical])
        #expect(codes(staple: response(.revoked), live: answer).isEmpty)
    }

    @Test("A staple far older than the responder's answer is not being refreshed")
    func notRefreshed() {
        let answer = live([attempt(.ok)], answer: response(.good, this: -hour))
        let old = response(.good, this: -3 * 86400)
        #expect(codes(staple: old, live: answer) == ["staple-not-refreshed": .warning])
        #expect(codes(staple: old, live: answer, options: RevocationOptions(staleAfter: 4 * 86400)).isEmpty)
    }

    @Test("Failures: warnings, critical for a must-staple certificate with no valid staple")
    func failures() {
        let down = live([attempt(.httpError, status: 404), attempt(.httpError, method: .get, status: 404)], answer: nil)
        #expect(codes(staple: response(.good), live: down) == ["responder-http-error": .warning])
        #expect(codes(certificate: certificate(mustStaple: true), staple: nil, live: down) == ["responder-http-error": .critical])
        #expect(codes(certificate: certificate(mustStaple: true), staple: response(.good), live: down) == ["responder-http-error": .warning])
        let mixed = live([attempt(.timeout), attempt(.unsuccessful)], answer: nil)
        #expect(codes(staple: nil, live: mixed) == ["responder-unreachable": .warning, "responder-unsuccessful": .warning])
    }

    @Test("Some requests failing is flakiness; one method always failing is a broken method")
    func flakyOrBroken() {
        let flaky = live([attempt(.ok), attempt(.httpError, status: 404), attempt(.ok), attempt(.ok)], answer: response(.good))
        #expect(codes(staple: nil, live: flaky) == ["responder-flaky": .warning])
        let getBroken = live([attempt(.ok), attempt(.httpError, method: .get, status: 400)], answer: response(.good))
        #expect(codes(staple: nil, live: getBroken) == ["responder-http-error": .warning])
    }

    @Test("Responder quirks: short window, no overlap, slowness, content type, extra certificates, delegated signer")
    func quirks() {
        #expect(codes(staple: nil, live: live([attempt(.ok)], answer: response(.good, this: -600, next: 3000)))
                == ["responder-short-validity": .warning])
        #expect(codes(staple: nil, live: live([attempt(.ok)], answer: response(.good, this: -6 * 86400, next: 6 * hour)))
                == ["responder-no-overlap": .warning])
        #expect(codes(staple: nil, live: live([attempt(.ok, latency: 2500)], answer: response(.good))) == ["responder-slow": .warning])
        #expect(codes(staple: nil, live: live([attempt(.ok, type: "text/html")], answer: response(.good)))
                == ["responder-content-type": .warning])
        #expect(codes(staple: nil, live: live([attempt(.ok)], answer: response(.good, embedded: 1))) == ["responder-extra-certificates": .info])
        var delegated = response(.good, signer: .delegated, embedded: 1)
        delegated.signerSubject = "CN=Responder"
        delegated.signerNotAfter = now.addingTimeInterval(2 * 86400)
        delegated.signerOCSPNoCheck = false
        // The responder profile (nocheck among it) is the analyzer's, judged once for staples,
        // answers and files alike: the judge passes the answer's on and adds none of its own.
        #expect(codes(staple: nil, live: live([attempt(.ok)], answer: delegated)) == ["responder-signer-expiring": .warning])
        #expect(codes(staple: nil, live: live([attempt(.ok)], answer: delegated), responderProfile: [.responderSignerNoNoCheck("CN=Responder")])
                == ["responder-signer-expiring": .warning, "responder-signer-no-nocheck": .warning])
    }

    @Test("CRL: revoked, stale, unreachable, invalid")
    func crl() {
        func crl(_ result: AttemptResult, status: CertStatus? = .good, next: TimeInterval = 86400) -> CRLInfo {
            CRLInfo(url: "http://crl.test/int.crl", httpStatus: 200, bytes: 100, latencyMs: 5, result: result, certStatus: status,
                    thisUpdate: now.addingTimeInterval(-86400), nextUpdate: now.addingTimeInterval(next), signatureValid: result == .ok)
        }
        #expect(codes(staple: nil, crl: crl(.ok)).isEmpty)
        #expect(codes(staple: nil, crl: crl(.ok, status: .revoked)) == ["crl-revoked": .critical])
        #expect(codes(staple: nil, crl: crl(.ok, next: -2 * hour)) == ["crl-stale": .warning])
        #expect(codes(staple: nil, crl: crl(.unreachable, status: nil)) == ["crl-unreachable": .warning])
        #expect(codes(staple: nil, crl: crl(.httpError, status: nil)) == ["crl-unreachable": .warning])
        #expect(codes(staple: nil, crl: crl(.invalid, status: nil)) == ["crl-invalid": .warning])
    }
}
