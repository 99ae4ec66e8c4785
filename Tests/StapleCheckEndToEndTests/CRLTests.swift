import Foundation
import Testing

/// The CRL check through the real binary: a certificate whose CRL distribution point is our
/// FaultyResponder serving a CRL made at test time (scripts/lab-leaf.sh crl).
struct CRLCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// current / stale / rogue (lab-leaf.sh), "garbage", "404" or "unreachable".
    var crl: String
    var pem = false
    var leafRevoked = false
    var exitCode: Int32
    var findings: [String]
    var severities: [String: String] = [:]
    var expect: [String: String] = [:]

    var testDescription: String { name }
}

let crlCases: [CRLCase] = [
    CRLCase(name: "current CRL (DER), certificate not listed", crl: "current", exitCode: 0, findings: ["no-ocsp-url"],
            expect: ["crl.certStatus": "good", "crl.signatureValid": "true", "crl.httpStatus": "200", "crl.thisUpdate": "<present>",
                     "crl.nextUpdate": "<present>", "crl.revocationTime": "<null>", "crl.revocationReason": "<null>", "crl.error": "<null>",
                     "verdict": "ok"]),
    CRLCase(name: "current CRL (PEM), certificate not listed", crl: "current", pem: true, exitCode: 0, findings: ["no-ocsp-url"],
            expect: ["crl.certStatus": "good", "crl.signatureValid": "true"]),
    CRLCase(name: "certificate revoked", crl: "current", leafRevoked: true, exitCode: 2, findings: ["crl-revoked", "no-ocsp-url"],
            severities: ["crl-revoked": "critical"],
            expect: ["crl.certStatus": "revoked", "crl.revocationReason": "keyCompromise", "crl.revocationTime": "<present>",
                     "crl.signatureValid": "true", "verdict": "critical"]),
    CRLCase(name: "certificate revoked, PEM CRL", crl: "current", pem: true, leafRevoked: true, exitCode: 2,
            findings: ["crl-revoked", "no-ocsp-url"], expect: ["crl.certStatus": "revoked"]),
    CRLCase(name: "stale CRL (nextUpdate 3 days ago)", crl: "stale", exitCode: 1, findings: ["crl-stale", "no-ocsp-url"],
            severities: ["crl-stale": "warning"], expect: ["crl.certStatus": "good", "crl.signatureValid": "true", "crl.nextUpdate": "<present>"]),
    CRLCase(name: "CRL with the issuer's name, signed by a rogue key", crl: "rogue", exitCode: 1, findings: ["crl-invalid", "no-ocsp-url"],
            severities: ["crl-invalid": "warning"], expect: ["crl.signatureValid": "false"]),
    CRLCase(name: "rogue-signed CRL listing the certificate: not trusted, so not revoked", crl: "rogue", leafRevoked: true, exitCode: 1,
            findings: ["crl-invalid", "no-ocsp-url"], expect: ["crl.signatureValid": "false"]),
    CRLCase(name: "not a CRL", crl: "garbage", exitCode: 1, findings: ["crl-invalid", "no-ocsp-url"], severities: ["crl-invalid": "warning"],
            expect: ["crl.certStatus": "<null>"]),
    CRLCase(name: "CRL server answers 404", crl: "404", exitCode: 1, findings: ["crl-unreachable", "no-ocsp-url"],
            severities: ["crl-unreachable": "warning"], expect: ["crl.httpStatus": "404", "crl.error": "<present>", "crl.certStatus": "<null>"]),
    CRLCase(name: "nothing listens at the CRL URL", crl: "unreachable", exitCode: 1, findings: ["crl-unreachable", "no-ocsp-url"],
            severities: ["crl-unreachable": "warning"], expect: ["crl.httpStatus": "<null>", "crl.error": "<present>", "crl.certStatus": "<null>"]),
]

@Suite("CRL check")
struct CRLTests {
    @Test(arguments: crlCases)
    func crlOnlyCertificate(_ c: CRLCase) async throws {
        let bench = try await Bench("crl")
        let responder = try FaultyResponder()
        defer { responder.stop() }
        let url = c.crl == "unreachable" ? "http://127.0.0.1:\(refusingPort())/int.crl" : responder.baseURL + "/int.crl"
        let leaf = try bench.leaf("crlonly", ocsp: nil, crl: url, listing: c.leafRevoked ? .revoked : .valid)
        switch c.crl {
        case "garbage": responder.behaviour = .serve(.file(bench.lab.response("random")), contentType: "application/pkix-crl")
        case "404": responder.behaviour = .init(failEvery: 1)
        case "unreachable": break
        default:
            let crl = try bench.crl(c.crl)
            responder.behaviour = .serve(.file(c.pem ? crl.pem : crl.der), contentType: "application/pkix-crl")
        }
        let server = try bench.server(leaf, staple: nil)
        defer { server.stop() }
        let run = try await bench.check(server, leaf)
        #expect(run.status == c.exitCode, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == c.findings.sorted(), "\(run.stdout)")
        for (code, severity) in c.severities { #expect(run.severity(code) == severity, "\(code)") }
        #expect(run.value("crl.url") as? String == url)
        expectValues(run, c.expect)
        if c.crl != "unreachable" {
            #expect(responder.requestCount >= 1)
            #expect(responder.requests.allSatisfy { $0.method == "GET" && $0.path == "/int.crl" })
        }
        for finding in (run.json?["findings"] as? [[String: Any]]) ?? [] {
            #expect(!((finding["message"] as? String) ?? "").isEmpty)
        }
    }

    @Test("--no-live: no CRL fetch for a CRL-only certificate either")
    func noLive() async throws {
        let bench = try await Bench("crl-no-live")
        let responder = try FaultyResponder()
        defer { responder.stop() }
        let leaf = try bench.leaf("crlonly", ocsp: nil, crl: responder.baseURL + "/int.crl")
        responder.behaviour = .serve(.file(try bench.crl("current").der))
        let server = try bench.server(leaf, staple: nil)
        defer { server.stop() }
        let run = try await bench.check(server, leaf, ["--no-live"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.isNull("crl"), "\(run.stdout)")
        #expect(run.isNull("live"))
        #expect(responder.requestCount == 0)
    }

    @Test("--crl on a certificate with an OCSP URL: both the responder and the CRL are asked; without --crl only the responder")
    func crlFlagOnOCSPCertificate() async throws {
        let bench = try await Bench("crl-flag")
        let crlServer = try FaultyResponder()
        defer { crlServer.stop() }
        let ocsp = try bench.responder()
        defer { ocsp.stop() }
        let leaf = try bench.leaf("both", ocsp: ocsp.url, crl: crlServer.baseURL + "/int.crl")
        try ocsp.reload()
        crlServer.behaviour = .serve(.file(try bench.crl("current").der), contentType: "application/pkix-crl")
        let server = try bench.server(leaf, staple: try bench.response(leaf))
        defer { server.stop() }

        let plain = try await bench.check(server, leaf)
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.isNull("crl"), "\(plain.stdout)")
        #expect(plain.value("live.certStatus") as? String == "good")
        #expect(crlServer.requestCount == 0)

        let both = try await bench.check(server, leaf, ["--crl"])
        #expect(both.status == 0, "\(both.stdout)\(both.stderr)")
        #expect(both.findingCodes == [], "\(both.stdout)")
        #expect(both.value("crl.certStatus") as? String == "good")
        #expect(both.value("crl.signatureValid") as? Bool == true)
        #expect(both.value("live.certStatus") as? String == "good")
        #expect(crlServer.requestCount >= 1)

        // --crl works with --no-live too: the CRL is fetched, the responder is not asked.
        let asked = ocsp.requestLines.count
        let crlOnly = try await bench.check(server, leaf, ["--crl", "--no-live"])
        #expect(crlOnly.status == 0, "\(crlOnly.stdout)\(crlOnly.stderr)")
        #expect(crlOnly.isNull("live"))
        #expect(crlOnly.value("crl.certStatus") as? String == "good")
        #expect(ocsp.requestLines.count == asked)
    }

    @Test("--crl: the CRL says revoked while the responder and the staple still say good — crl-revoked")
    func crlRevokedOCSPGood() async throws {
        let bench = try await Bench("crl-disagree")
        let ocspServer = try FaultyResponder()
        defer { ocspServer.stop() }
        let crlServer = try FaultyResponder()
        defer { crlServer.stop() }
        let leaf = try bench.leaf("both", ocsp: ocspServer.baseURL + "/ocsp", crl: crlServer.baseURL + "/int.crl")
        let good = try bench.response(leaf)  // made before the revocation
        try bench.revoke(leaf)
        ocspServer.behaviour = .serve(.file(good))
        crlServer.behaviour = .serve(.file(try bench.crl("current").der), contentType: "application/pkix-crl")
        let server = try bench.server(leaf, staple: good)
        defer { server.stop() }
        let run = try await bench.check(server, leaf, ["--crl"])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["crl-revoked"], "\(run.stdout)")
        #expect(run.value("live.certStatus") as? String == "good")
        #expect(run.value("crl.certStatus") as? String == "revoked")
    }
}
