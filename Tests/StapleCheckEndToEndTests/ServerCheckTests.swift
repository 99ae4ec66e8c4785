import Foundation
import Testing

/// One real `openssl s_server` per scenario on 127.0.0.1, checked by the real binary.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var leaf: String
    var staple: String?
    var serverFlags: [String] = []
    var cliFlags: [String] = []
    var verdict: String
    var exitCode: Int32
    var findings: [String]
    /// Dotted JSON paths and the values expected there ("<null>" for an explicit null,
    /// "<present>" for any non-null value).
    var expect: [String: String] = [:]

    var testDescription: String { name }
}

let scenarios: [Scenario] = [
    Scenario(name: "good, issuer-signed", leaf: "good", staple: "good", verdict: "ok", exitCode: 0, findings: [],
             expect: ["stapled": "true", "staple.certStatus": "good", "staple.signer": "issuer", "staple.signatureValid": "true",
                      "staple.matchesCertificate": "true", "staple.timeValid": "true", "staple.responseStatus": "successful",
                      "staple.revocationTime": "<null>", "staple.nextUpdate": "<present>", "staple.thisUpdate": "<present>",
                      "staple.producedAt": "<present>", "certificate.mustStaple": "false", "certificate.ocspURLs": "<lab-ocsp-url>",
                      "certificate.crlURLs": "http://127.0.0.1:9/int.crl", "target.serverName": "good.test", "chain.trusted": "true"]),
    Scenario(name: "good, delegated responder", leaf: "good", staple: "good-delegated", verdict: "ok", exitCode: 0, findings: [],
             expect: ["staple.signer": "delegated", "staple.signatureValid": "true", "staple.signerSubject": "CN=staplecheck Lab OCSP Responder"]),
    Scenario(name: "good, SHA-256 CertID", leaf: "good", staple: "good-sha256", verdict: "ok", exitCode: 0, findings: [],
             expect: ["staple.certIDHashAlgorithm": "sha256", "staple.matchesCertificate": "true"]),
    Scenario(name: "good, ECDSA leaf", leaf: "ecdsa", staple: "ecdsa", verdict: "ok", exitCode: 0, findings: [],
             expect: ["certificate.keyType": "EC prime256v1", "staple.certStatus": "good"]),
    Scenario(name: "revoked", leaf: "revoked", staple: "revoked", verdict: "critical", exitCode: 2, findings: ["staple-revoked"],
             expect: ["staple.certStatus": "revoked", "staple.revocationReason": "keyCompromise", "staple.revocationTime": "<present>",
                      "staple.signatureValid": "true"]),
    Scenario(name: "unknown", leaf: "unknown", staple: "unknown", verdict: "critical", exitCode: 2, findings: ["staple-unknown"],
             expect: ["staple.certStatus": "unknown"]),
    Scenario(name: "expired", leaf: "good", staple: "expired", verdict: "critical", exitCode: 2, findings: ["staple-expired"],
             expect: ["staple.timeValid": "false", "staple.certStatus": "good"]),
    Scenario(name: "not yet valid", leaf: "good", staple: "notyet", verdict: "critical", exitCode: 2, findings: ["staple-not-yet-valid"],
             expect: ["staple.timeValid": "false"]),
    Scenario(name: "expiring within 24h", leaf: "good", staple: "expiring", verdict: "warning", exitCode: 1, findings: ["staple-expiring-soon"],
             expect: ["staple.timeValid": "true"]),
    Scenario(name: "expiring, --warn-within 30m", leaf: "good", staple: "expiring", cliFlags: ["--warn-within", "30m"],
             verdict: "ok", exitCode: 0, findings: []),
    Scenario(name: "no nextUpdate", leaf: "good", staple: "nonext", verdict: "warning", exitCode: 1, findings: ["staple-no-next-update"],
             expect: ["staple.nextUpdate": "<null>", "staple.timeValid": "true"]),
    Scenario(name: "staple for the previous certificate", leaf: "good", staple: "wrong-cert", verdict: "critical", exitCode: 2,
             findings: ["staple-wrong-certificate"], expect: ["staple.matchesCertificate": "false"]),
    Scenario(name: "signed by an unrelated key", leaf: "good", staple: "rogue", verdict: "critical", exitCode: 2,
             findings: ["staple-signer-unauthorized"],
             expect: ["staple.signatureValid": "false", "staple.signer": "untrusted", "staple.signerSubject": "CN=Rogue Responder"]),
    Scenario(name: "tryLater", leaf: "good", staple: "trylater", verdict: "critical", exitCode: 2, findings: ["staple-unsuccessful"],
             expect: ["staple.responseStatus": "tryLater", "staple.certStatus": "<null>", "stapled": "true"]),
    Scenario(name: "unauthorized", leaf: "good", staple: "unauthorized", verdict: "critical", exitCode: 2, findings: ["staple-unsuccessful"],
             expect: ["staple.responseStatus": "unauthorized"]),
    Scenario(name: "internalError", leaf: "good", staple: "internalerror", verdict: "critical", exitCode: 2, findings: ["staple-unsuccessful"],
             expect: ["staple.responseStatus": "internalError"]),
    // openssl s_server cannot parse these files, so it aborts every handshake that asks
    // for status (and only those): the check must say so instead of "connection failed".
    Scenario(name: "random-bytes staple file", leaf: "good", staple: "random", verdict: "critical", exitCode: 2,
             findings: ["status-request-rejected"], expect: ["stapled": "false", "staple": "<null>", "tls.version": "<present>"]),
    Scenario(name: "truncated staple file", leaf: "good", staple: "truncated", verdict: "critical", exitCode: 2,
             findings: ["status-request-rejected"], expect: ["stapled": "false"]),
    Scenario(name: "wrong ASN.1 type staple file", leaf: "good", staple: "wrongtype", verdict: "critical", exitCode: 2,
             findings: ["status-request-rejected"], expect: ["stapled": "false"]),
    Scenario(name: "no staple", leaf: "good", staple: nil, verdict: "warning", exitCode: 1, findings: ["staple-missing"],
             expect: ["stapled": "false", "staple": "<null>"]),
    Scenario(name: "no staple, --require-staple", leaf: "good", staple: nil, cliFlags: ["--require-staple"], verdict: "critical",
             exitCode: 2, findings: ["staple-missing"]),
    Scenario(name: "must-staple without staple", leaf: "muststaple", staple: nil, verdict: "critical", exitCode: 2,
             findings: ["must-staple-missing"], expect: ["certificate.mustStaple": "true", "stapled": "false"]),
    Scenario(name: "must-staple with a good staple", leaf: "muststaple", staple: "muststaple", verdict: "ok", exitCode: 0, findings: [],
             expect: ["certificate.mustStaple": "true", "certificate.tlsFeatures": "status_request"]),
    Scenario(name: "CRL-only certificate, no staple", leaf: "noocsp", staple: nil, verdict: "ok", exitCode: 0, findings: ["no-ocsp-url"],
             expect: ["certificate.ocspURLs": "", "stapled": "false"]),
    Scenario(name: "must-staple certificate without OCSP URL", leaf: "muststaple-noocsp", staple: nil, verdict: "critical", exitCode: 2,
             findings: ["must-staple-no-ocsp-url"]),
    Scenario(name: "TLS 1.2 only", leaf: "good", staple: "good", serverFlags: ["-tls1_2"], verdict: "ok", exitCode: 0, findings: [],
             expect: ["tls.version": "TLSv1.2", "staple.certStatus": "good"]),
    Scenario(name: "TLS 1.3 only", leaf: "good", staple: "good", serverFlags: ["-tls1_3"], verdict: "ok", exitCode: 0, findings: [],
             expect: ["tls.version": "TLSv1.3", "staple.certStatus": "good"]),
    // --at moves every validity check: the staple is then fresh, but the leaf (issued an
    // hour ago) was not yet valid.
    Scenario(name: "expired staple judged --at a time inside its window", leaf: "good", staple: "expired",
             cliFlags: ["--at", isoString(Date().addingTimeInterval(-8 * 86400))], verdict: "warning", exitCode: 1,
             findings: ["chain-untrusted"], expect: ["staple.timeValid": "true", "staple.signatureValid": "true",
                                                     "chain.verifyError": "certificate is not yet valid"]),
]

func isoString(_ date: Date) -> String {
    date.formatted(.iso8601)
}

func render(_ value: Any?) -> String {
    switch value {
    case nil: return "<missing>"
    case is NSNull: return "<null>"
    case let n as NSNumber:
        // JSONSerialization gives NSNumber for both booleans and numbers; objCType tells them apart.
        if String(cString: n.objCType) == "c" { return n.boolValue ? "true" : "false" }
        return n.stringValue
    case let b as Bool: return b ? "true" : "false"
    case let s as String: return s
    case let a as [Any]: return a.map { render($0) }.joined(separator: ",")
    default: return "\(value!)"
    }
}

@Suite("Server checks against openssl s_server on 127.0.0.1")
struct ServerCheckTests {
    @Test(arguments: scenarios)
    func scenario(_ s: Scenario) async throws {
        let lab = try await Lab.shared()
        var args = ["-cert", lab.path("\(s.leaf).pem"), "-key", lab.path("\(s.leaf).key"), "-cert_chain", lab.path("int.pem")]
        if let staple = s.staple { args += ["-status_file", lab.response(staple)] }
        let server = try OpenSSLServer(args + s.serverFlags, lab: lab)
        defer { server.stop() }

        // --no-live: these scenarios judge the staple; the lab's OCSP URL leads nowhere.
        let common = ["127.0.0.1:\(server.port)", "--servername", "\(s.leaf).test", "--ca-file", lab.caBundle, "--no-live"] + s.cliFlags
        let json = try CLIRun.run(common + ["--format", "json"])
        #expect(json.status == s.exitCode, "\(json.stdout)\(json.stderr)")
        #expect(json.value("verdict") as? String == s.verdict)
        #expect(json.findingCodes.sorted() == s.findings.sorted(), "\(json.stdout)")
        #expect(json.value("schemaVersion") as? Int == 1)
        #expect(json.value("target.port") as? Int == server.port)
        #expect(json.value("target.address") as? String == "127.0.0.1:\(server.port)")
        for (path, expected) in s.expect {
            let actual = json.value(path)
            if expected == "<lab-ocsp-url>" {
                #expect(render(actual) == lab.ocspURL, "\(path)")
            } else if expected == "<present>" {
                #expect(actual != nil && !(actual is NSNull), "\(path) should be present")
            } else {
                #expect(render(actual) == expected, "\(path)")
            }
        }
        for finding in (json.value("findings") as? [[String: Any]]) ?? [] {
            #expect(["info", "warning", "critical"].contains(finding["severity"] as? String ?? ""))
            #expect(!((finding["message"] as? String) ?? "").isEmpty)
        }

        // The text rendering agrees: same exit code, every finding code shown.
        let text = try CLIRun.run(common)
        #expect(text.status == s.exitCode)
        #expect(text.stdout.contains("Verdict: \(s.verdict.uppercased())"), "\(text.stdout)")
        for code in s.findings { #expect(text.stdout.contains(code)) }
        #expect(!text.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test("Without --ca-file the private lab CA is untrusted, and the report says why")
    func systemTrustStore() async throws {
        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("good")], lab: lab)
        defer { server.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(server.port)", "--servername", "good.test", "--no-live", "--format", "json"],
                                 environment: ["SSL_CERT_FILE": "/nonexistent", "SSL_CERT_DIR": "/nonexistent"])
        #expect(run.status == 1)
        #expect(run.findingCodes.sorted() == ["chain-untrusted", "staple-signer-unauthorized"])
        #expect(run.value("chain.trusted") as? Bool == false)
        #expect(run.value("staple.signer") as? String == "untrusted")
    }

    @Test("IPv6 loopback with [::1]:PORT")
    func ipv6() async throws {
        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-6", "-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("good")], lab: lab, accept: "[::1]:0")
        defer { server.stop() }
        let run = try CLIRun.run(["[::1]:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("target.host") as? String == "::1")
        #expect(run.value("target.address") as? String == "[::1]:\(server.port)")
    }

    @Test("An IP literal sends no SNI unless --servername is given")
    func noSNIForIPLiteral() async throws {
        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("good")], lab: lab)
        defer { server.stop() }
        let run = try CLIRun.run(["127.0.0.1:\(server.port)", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 0)
        #expect(run.value("target.serverName") is NSNull)
    }

    @Test("localhost resolves without DNS and is sent as SNI")
    func localhostName() async throws {
        let lab = try await Lab.shared()
        let server = try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                                        "-status_file", lab.response("good")], lab: lab)
        defer { server.stop() }
        let run = try CLIRun.run(["localhost:\(server.port)", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("target.serverName") as? String == "localhost")
        #expect(run.value("target.address") as? String == "127.0.0.1:\(server.port)")
    }
}

@Suite("Garbage staples over the wire, from gnutls-serv")
struct GarbageOverTheWireTests {
    @Test(arguments: [("random", "is not a DER-encoded OCSPResponse"), ("truncated", "is not a DER-encoded OCSPResponse"),
                      ("wrongtype", "is an X.509 certificate")])
    func garbage(_ file: String, _ says: String) async throws {
        let lab = try await Lab.shared()
        let server = try GnuTLSServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), staple: lab.response(file), lab: lab)
        defer { server.stop() }
        let args = ["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
        let json = try CLIRun.run(args + ["--format", "json"])
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.findingCodes == ["staple-malformed"])
        #expect(json.value("stapled") as? Bool == true)
        #expect(json.value("staple.parsed") as? Bool == false)
        #expect(json.value("staple.size") as? Int == (try lab.responseBytes(file)).count)
        let text = try CLIRun.run(args)
        #expect(text.status == 2)
        #expect(text.stdout.contains(says))
    }

    @Test("A good staple from gnutls-serv is good too")
    func good() async throws {
        let lab = try await Lab.shared()
        let server = try GnuTLSServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), staple: lab.response("good"), lab: lab)
        defer { server.stop() }
        let json = try CLIRun.run(["127.0.0.1:\(server.port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(json.status == 0, "\(json.stdout)")
        #expect(json.value("staple.certStatus") as? String == "good")
    }
}
