import Foundation
@testable import StapleCheckCore
import Testing

/// The analysis is a pure function of the captured bytes, the trust anchors and "now":
/// these tests replay the lab's DER committed in Fixtures/lab at pinned instants, with no
/// sockets and no processes.
@Suite("Analysis of captured DER at pinned times")
struct AnalysisTests {
    let now = FixtureLab.now

    func report(leaf: String = "good", response: String?, at now: Date = FixtureLab.now, chain: [String]? = nil,
                requireStaple: Bool = false) throws -> Report {
        var capture = try FixtureLab.capture(leaf: leaf, response: response)
        if let chain { capture.chainDER = try chain.map { try FixtureLab.bytes("\($0).der") } }
        return Analysis.report(for: capture, target: TargetInfo(host: "good.test", port: 443, serverName: "good.test"),
                               options: AnalysisOptions(now: now, trust: .file(FixtureLab.caBundle), requireStaple: requireStaple))
    }

    func window(_ response: String) throws -> (Date, Date?) {
        let r = try report(response: response)
        return (try #require(r.staple?.thisUpdate), r.staple?.nextUpdate)
    }

    @Test("A good staple is good inside its window, expired after it, not yet valid before it")
    func windowEdges() throws {
        let (thisUpdate, next) = try window("good")
        let nextUpdate = try #require(next)

        let inside = try report(response: "good", at: thisUpdate.addingTimeInterval(3600))
        #expect(inside.verdict == .ok)
        #expect(inside.staple?.timeValid == true)

        let justAfter = try report(response: "good", at: nextUpdate.addingTimeInterval(clockSkewLeeway - 1))
        #expect(!justAfter.findings.map(\.code).contains(.stapleExpired), "within the leeway")

        let after = try report(response: "good", at: nextUpdate.addingTimeInterval(clockSkewLeeway + 1))
        #expect(after.findings.map(\.code) == [.stapleExpired])
        #expect(after.staple?.timeValid == false)

        let before = try report(response: "good", at: thisUpdate.addingTimeInterval(-(clockSkewLeeway + 60)))
        #expect(before.findings.map(\.code) == [.stapleNotYetValid])

        let soon = try report(response: "good", at: nextUpdate.addingTimeInterval(-3600))
        #expect(soon.findings.map(\.code) == [.stapleExpiringSoon])
        #expect(soon.verdict == .warning)
    }

    @Test("The expired response, replayed inside its window, is otherwise valid (the leaf, issued later, is not yet)")
    func expiredReplayed() throws {
        let (thisUpdate, _) = try window("expired")
        let r = try report(response: "expired", at: thisUpdate.addingTimeInterval(3600))
        #expect(r.findings.map(\.code) == [.chainUntrusted], "\(r.findings)")
        #expect(r.chain?.verifyError == "certificate is not yet valid")
        #expect(r.staple?.signatureValid == true)
        #expect(r.staple?.timeValid == true)
    }

    @Test("Status, signer and CertID for each lab response")
    func perResponse() throws {
        let cases: [(leaf: String, response: String, codes: [FindingCode], status: CertStatus?, signer: SignerKind, matches: Bool)] = [
            ("good", "good", [], .good, .issuer, true),
            ("good", "good-delegated", [], .good, .delegated, true),
            ("good", "good-sha256", [], .good, .issuer, true),
            ("ecdsa", "ecdsa", [], .good, .issuer, true),
            ("revoked", "revoked", [.stapleRevoked], .revoked, .issuer, true),
            ("unknown", "unknown", [.stapleUnknown], .unknown, .issuer, true),
            ("good", "wrong-cert", [.stapleWrongCertificate], .good, .issuer, false),
            ("good", "rogue", [.stapleSignerUnauthorized], .good, .untrusted, true),
            ("good", "nonext", [.stapleNoNextUpdate], .good, .issuer, true),
            // A response for another leaf of the same issuer.
            ("ecdsa", "good", [.stapleWrongCertificate], .good, .issuer, false),
        ]
        for c in cases {
            let r = try report(leaf: c.leaf, response: c.response)
            #expect(r.findings.map(\.code) == c.codes, "\(c.response): \(r.findings)")
            #expect(r.staple?.certStatus == c.status, "\(c.response)")
            #expect(r.staple?.signer == c.signer, "\(c.response)")
            #expect(r.staple?.matchesCertificate == c.matches, "\(c.response)")
        }
        let revoked = try report(leaf: "revoked", response: "revoked")
        #expect(revoked.staple?.revocationReason == .keyCompromise)
        #expect(revoked.staple?.revocationTime != nil)
        let wrong = try report(response: "wrong-cert")
        #expect(wrong.findings.first?.message.contains("previous certificate") == true)
        #expect(wrong.staple?.serialNumber == (try report(leaf: "old", response: "wrong-cert")).certificate?.serialNumber)
    }

    @Test("Unsuccessful responses are named by their status, with no body to judge")
    func unsuccessful() throws {
        let expected: [String: OCSPResponseStatus] = [
            "trylater": .tryLater, "unauthorized": .unauthorized, "internalerror": .internalError,
            "malformedrequest": .malformedRequest, "sigrequired": .sigRequired,
        ]
        for (file, status) in expected {
            let r = try report(response: file)
            #expect(r.staple?.responseStatus == status)
            #expect(r.staple?.certStatus == nil)
            #expect(r.findings.map(\.code) == [.stapleUnsuccessful])
            #expect(r.findings.first?.message.contains(status.description) == true)
            #expect(r.verdict == .critical)
        }
    }

    @Test("Bytes that are not an OCSPResponse are named for what they are")
    func malformed() throws {
        let good = try FixtureLab.responseBytes("good")
        let pem = Array("-----BEGIN OCSP RESPONSE-----\nMIIB\n-----END OCSP RESPONSE-----\n".utf8)
        let base64 = Array(Data(good).base64EncodedString().utf8)
        let cases: [(name: String, bytes: [UInt8], says: String)] = [
            ("random", try FixtureLab.responseBytes("random"), "is not a DER-encoded OCSPResponse"),
            ("truncated", try FixtureLab.responseBytes("truncated"), "is not a DER-encoded OCSPResponse"),
            ("wrongtype", try FixtureLab.responseBytes("wrongtype"), "is an X.509 certificate"),
            ("empty", [], "empty staple"),
            ("pem", pem, "PEM text"),
            ("base64", base64, "base64"),
            ("trailing", good + [0, 0, 0], "trailing data"),
            ("one byte", [0x30], "is not a DER-encoded OCSPResponse"),
        ]
        for c in cases {
            var capture = try FixtureLab.capture(leaf: "good", response: nil)
            capture.stapleDER = c.bytes
            let r = Analysis.report(for: capture, target: TargetInfo(host: "good.test", port: 443),
                                    options: AnalysisOptions(now: now, trust: .file(FixtureLab.caBundle)))
            #expect(r.verdict == .critical, "\(c.name)")
            #expect(r.stapled)
            #expect(r.findings.map(\.code).contains(.stapleMalformed), "\(c.name): \(r.findings)")
            #expect(r.findings.contains { $0.message.contains(c.says) }, "\(c.name): \(r.findings.map(\.message))")
            #expect(r.staple?.size == c.bytes.count)
        }
    }

    @Test("Missing staple: severity depends on the certificate and --require-staple")
    func missingStaple() throws {
        #expect(try report(response: nil).findings.map(\.code) == [.stapleMissing])
        #expect(try report(response: nil).verdict == .warning)
        #expect(try report(response: nil, requireStaple: true).verdict == .critical)
        #expect(try report(leaf: "muststaple", response: nil).findings.map(\.code) == [.mustStapleMissing])
        let crlOnly = try report(leaf: "noocsp", response: nil)
        #expect(crlOnly.findings.map(\.code) == [.noOCSPURL])
        #expect(crlOnly.findings.first?.severity == .info)
        #expect(crlOnly.verdict == .ok)
        #expect(try report(leaf: "muststaple-noocsp", response: nil).findings.map(\.code) == [.mustStapleNoOCSPURL])
    }

    @Test("Without the intermediate the issuer is unavailable and that is said")
    func issuerUnavailable() throws {
        let r = try report(response: "good", chain: ["good"])
        let codes = r.findings.map(\.code)
        #expect(codes.contains(.issuerUnavailable))
        #expect(codes.contains(.chainUntrusted))
        #expect(r.chain?.trusted == false)
        #expect(r.staple?.matchesCertificate == true, "serial still matches")
    }

    @Test("Certificate facts: serial hex, SANs, URLs, must-staple")
    func certificateFacts() throws {
        let r = try report(leaf: "muststaple", response: "muststaple")
        let cert = try #require(r.certificate)
        #expect(cert.mustStaple)
        #expect(cert.tlsFeatures == ["status_request"])
        #expect(cert.subjectAltNames == ["muststaple.test"])
        #expect(cert.ocspURLs == [FixtureLab.ocspURL])
        #expect(cert.crlURLs == ["http://127.0.0.1:9/int.crl"])
        #expect(cert.serialNumber.allSatisfy { $0.isHexDigit && !$0.isLowercase })
        #expect(cert.subject == "CN=muststaple.test")
        #expect(r.chain?.issuer == "CN=staplecheck Lab Intermediate")
    }

    @Test("The JSON model round-trips, and contract nulls are explicit")
    func jsonRoundTrip() throws {
        for response in ["good", "revoked", "trylater", "random"] as [String?] + [nil] {
            let r = try report(response: response)
            let data = try Report.jsonEncoder().encode(r)
            let back = try Report.jsonDecoder().decode(Report.self, from: data)
            #expect(back == r)
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(object?.keys.contains("staple") == true)
            if let staple = object?["staple"] as? [String: Any] {
                for key in ["revocationTime", "revocationReason", "nextUpdate", "certStatus"] { #expect(staple.keys.contains(key)) }
            }
        }
    }
}

@Suite("Targets")
struct TargetTests {
    @Test func parsing() throws {
        let cases: [(String, String, Int)] = [
            ("example.com", "example.com", 443), ("example.com:8443", "example.com", 8443),
            ("192.0.2.1:444", "192.0.2.1", 444), ("[2001:db8::1]:8443", "2001:db8::1", 8443),
            ("[::1]", "::1", 443), ("::1", "::1", 443), ("https://example.com/path", "example.com", 443),
        ]
        for (text, host, port) in cases {
            let t = try Target(parsing: text)
            #expect(t.host == host && t.port == port, "\(text)")
        }
        #expect(try Target(parsing: "192.0.2.1").isIPLiteral)
        #expect(try !Target(parsing: "example.com").isIPLiteral)
        #expect(try Target(parsing: "[2001:db8::1]:1").description == "[2001:db8::1]:1")
    }
}
