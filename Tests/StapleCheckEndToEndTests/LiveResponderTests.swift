import Foundation
import StapleCheckCore
import Testing

/// The live OCSP query and the responder diagnostics, through the real binary: a real
/// s_server stapling a good response for a leaf issued at test time, whose AIA OCSP URL
/// points at either a real `openssl ocsp` responder or our FaultyResponder.

/// SHA-1 (1.3.14.3.2.26), SHA-256 (2.16.840.1.101.3.4.2.1) and the OCSP nonce extension
/// (1.3.6.1.5.5.7.48.1.2), DER-encoded with their tag and length: to look for in requests.
let sha1OID: [UInt8] = [0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A]
let sha256OID: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
let nonceOID: [UInt8] = [0x06, 0x09, 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02]

func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}

/// A FaultyResponder serving one fixed body generated for the leaf (any status, any Content-Type).
struct FixedResponseCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// A scripts/lab-leaf.sh response kind for the leaf, or "lab:NAME" for the lab's responses/NAME.der.
    var body: String
    var contentType: String? = "application/ocsp-response"
    var flags: [String] = []
    /// Every attempt's `result`.
    var result: String
    var exitCode: Int32
    /// The exact set of finding codes.
    var findings: [String]
    /// Severity per finding code.
    var severities: [String: String] = [:]
    /// Dotted JSON paths and expected values, as in LiveScenarioTests.
    var expect: [String: String] = [:]

    var testDescription: String { name }
}

let fixedResponseCases: [FixedResponseCase] = [
    FixedResponseCase(name: "good answer from the delegated responder", body: "delegated", result: "ok", exitCode: 0, findings: [],
                      expect: ["live.certStatus": "good", "live.httpStatus": "200", "live.contentType": "application/ocsp-response",
                               "live.nonceEchoed": "<null>", "live.thisUpdate": "<present>", "live.nextUpdate": "<present>",
                               "live.latencyMs": "<present>", "staple.certStatus": "good", "verdict": "ok"]),
    FixedResponseCase(name: "wrong Content-Type, body fine", body: "delegated", contentType: "text/plain", result: "ok", exitCode: 1,
                      findings: ["responder-content-type"], severities: ["responder-content-type": "warning"],
                      expect: ["live.certStatus": "good", "live.contentType": "text/plain"]),
    FixedResponseCase(name: "no Content-Type at all, body fine", body: "delegated", contentType: nil, result: "ok", exitCode: 1,
                      findings: ["responder-content-type"], expect: ["live.certStatus": "good"]),
    FixedResponseCase(name: "garbage body", body: "lab:random", result: "malformed", exitCode: 1, findings: ["responder-malformed"],
                      severities: ["responder-malformed": "warning"], expect: ["live.certStatus": "<null>"]),
    FixedResponseCase(name: "empty body", body: "lab:empty", result: "malformed", exitCode: 1, findings: ["responder-malformed"]),
    FixedResponseCase(name: "a certificate instead of a response", body: "lab:wrongtype", result: "malformed", exitCode: 1,
                      findings: ["responder-malformed"]),
    FixedResponseCase(name: "tryLater", body: "lab:trylater", result: "unsuccessful", exitCode: 1, findings: ["responder-unsuccessful"],
                      severities: ["responder-unsuccessful": "warning"], expect: ["live.certStatus": "<null>"]),
    FixedResponseCase(name: "unauthorized", body: "lab:unauthorized", result: "unsuccessful", exitCode: 1,
                      findings: ["responder-unsuccessful"]),
    // Critical: Firefox asks the CA when it has no valid staple, gets unknown and refuses.
    FixedResponseCase(name: "status unknown", body: "unknown", result: "ok", exitCode: 2, findings: ["responder-unknown"],
                      severities: ["responder-unknown": "critical"], expect: ["live.certStatus": "unknown"]),
    FixedResponseCase(name: "signed by an unrelated key", body: "rogue", result: "invalid", exitCode: 1, findings: ["responder-invalid"],
                      severities: ["responder-invalid": "warning"]),
    FixedResponseCase(name: "short validity window (1 hour)", body: "short", result: "ok", exitCode: 1, findings: ["responder-short-validity"],
                      severities: ["responder-short-validity": "warning"], expect: ["live.certStatus": "good"]),
    FixedResponseCase(name: "no overlap: thisUpdate 7 days ago, nextUpdate in 30 minutes", body: "no-overlap", result: "ok", exitCode: 1,
                      findings: ["responder-no-overlap"], severities: ["responder-no-overlap": "warning"]),
    FixedResponseCase(name: "declares ecdsa-with-SHA256, signed over SHA-1", body: "sigalg-mismatch", result: "invalid", exitCode: 1,
                      findings: ["responder-invalid", "responder-signature-algorithm-mismatch"],
                      severities: ["responder-signature-algorithm-mismatch": "warning"]),
    FixedResponseCase(name: "extra certificates (-rother int + rogue)", body: "extra-certs", result: "ok", exitCode: 0,
                      findings: ["responder-extra-certificates"], severities: ["responder-extra-certificates": "info"],
                      expect: ["verdict": "ok"]),
    FixedResponseCase(name: "issuer-signed, yet embeds the issuer", body: "issuer", result: "ok", exitCode: 0,
                      findings: ["responder-extra-certificates"], severities: ["responder-extra-certificates": "info"]),
    FixedResponseCase(name: "issuer-signed, no certificates", body: "issuer-nocerts", result: "ok", exitCode: 0, findings: []),
    FixedResponseCase(name: "delegated signer expires in 2 days", body: "signer-expiring", result: "ok", exitCode: 1,
                      findings: ["responder-signer-expiring"], severities: ["responder-signer-expiring": "warning"]),
    FixedResponseCase(name: "delegated signer without id-pkix-ocsp-nocheck", body: "signer-no-nocheck", result: "ok", exitCode: 1,
                      findings: ["responder-signer-no-nocheck"], severities: ["responder-signer-no-nocheck": "warning"]),
    FixedResponseCase(name: "signed by a certificate of the issuer without OCSPSigning", body: "signer-no-ocsp-signing", result: "invalid",
                      exitCode: 1, findings: ["responder-invalid", "responder-signer-no-ocsp-signing"],
                      severities: ["responder-signer-no-ocsp-signing": "warning", "responder-invalid": "warning"]),
    FixedResponseCase(name: "--nonce, the responder serves a fixed response", body: "delegated", flags: ["--nonce"], result: "ok",
                      exitCode: 0, findings: ["responder-nonce-ignored"], severities: ["responder-nonce-ignored": "info"],
                      expect: ["live.nonceEchoed": "false", "live.certStatus": "good"]),
]

/// Checks what every report with a live section must hold, whatever the case.
func expectWellFormedAttempts(_ run: CLIRun, sourceLocation: SourceLocation = #_sourceLocation) {
    let known = AttemptResult.allCases.map(\.rawValue)
    #expect(!run.attempts.isEmpty, "\(run.stdout)\(run.stderr)", sourceLocation: sourceLocation)
    for attempt in run.attempts {
        #expect(["POST", "GET"].contains(attempt["method"] as? String ?? ""), "\(attempt)", sourceLocation: sourceLocation)
        #expect(known.contains(attempt["result"] as? String ?? ""), "\(attempt)", sourceLocation: sourceLocation)
        #expect((attempt["url"] as? String)?.hasPrefix("http://127.0.0.1:") == true, "\(attempt)", sourceLocation: sourceLocation)
        for key in ["httpStatus", "contentType", "bytes", "latencyMs", "error", "certStatus"] {
            #expect(attempt[key] != nil, "attempt lacks \(key): \(attempt)", sourceLocation: sourceLocation)
        }
        if attempt["result"] as? String == "ok" {
            #expect(attempt["error"] is NSNull, "\(attempt)", sourceLocation: sourceLocation)
        } else {
            #expect(!((attempt["error"] as? String) ?? "").isEmpty, "\(attempt)", sourceLocation: sourceLocation)
        }
    }
    for finding in (run.json?["findings"] as? [[String: Any]]) ?? [] {
        #expect(["info", "warning", "critical"].contains(finding["severity"] as? String ?? ""), sourceLocation: sourceLocation)
        #expect(!((finding["message"] as? String) ?? "").isEmpty, sourceLocation: sourceLocation)
    }
}

func expectValues(_ run: CLIRun, _ expect: [String: String], sourceLocation: SourceLocation = #_sourceLocation) {
    for (path, expected) in expect {
        let actual = run.value(path)
        if expected == "<present>" {
            #expect(actual != nil && !(actual is NSNull), "\(path) should be present: \(run.stdout)", sourceLocation: sourceLocation)
        } else {
            #expect(render(actual) == expected, "\(path): \(run.stdout)", sourceLocation: sourceLocation)
        }
    }
}

/// The RFC 5019 GET form of `request` under `base`'s path: base64, then URL-escaped.
func expectGETForm(_ get: FaultyResponder.Request, of post: FaultyResponder.Request, basePath: String,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let path = FaultyResponder.originalPath(get.path)
    #expect(path.hasPrefix(basePath + "/"), "\(path)", sourceLocation: sourceLocation)
    let suffix = String(path.dropFirst(basePath.count + 1))
    #expect(!suffix.contains("/") && !suffix.contains("+"), "base64 '/' and '+' must be escaped: \(suffix)", sourceLocation: sourceLocation)
    #expect(suffix.removingPercentEncoding == Data(post.body).base64EncodedString(), "\(suffix)", sourceLocation: sourceLocation)
    #expect(get.body.isEmpty, sourceLocation: sourceLocation)
}

@Suite("Live OCSP query and responder diagnostics")
struct LiveResponderTests {
    /// A leaf pointing at a FaultyResponder (path /ocsp), a good staple for it on s_server.
    struct FaultRig {
        let bench: Bench
        let responder: FaultyResponder
        let leaf: Bench.Leaf
        let staple: String
        let server: OpenSSLServer

        init(_ label: String, mustStaple: Bool = false, staple: Bool = true) async throws {
            bench = try await Bench(label)
            responder = try FaultyResponder()
            leaf = try bench.leaf("leaf", ocsp: responder.baseURL + "/ocsp", mustStaple: mustStaple)
            let made = try bench.response(leaf, "delegated", named: "staple")
            self.staple = made
            server = try bench.server(leaf, staple: staple ? made : nil)
        }

        var url: String { responder.baseURL + "/ocsp" }

        func body(_ spec: String) throws -> FaultyResponder.Body {
            spec.hasPrefix("lab:") ? .file(bench.lab.response(String(spec.dropFirst(4)))) : .file(try bench.response(leaf, spec))
        }

        func check(_ extra: [String] = []) async throws -> CLIRun { try await bench.check(server, leaf, extra) }

        func stop() {
            server.stop()
            responder.stop()
        }
    }

    /// A leaf pointing at a real `openssl ocsp` responder (no path: it answers GET only at
    /// "/"), a staple made now for it, on s_server.
    struct OpenSSLRig {
        let bench: Bench
        let responder: OCSPResponderProcess
        let leaf: Bench.Leaf
        let staple: String?
        let server: OpenSSLServer

        /// `stapleKind`: a lab-leaf.sh response kind for the staple, nil for no staple.
        /// `revokeAfterStaple`: the leaf is revoked once the staple is made.
        init(_ label: String, stapleKind: String? = "delegated", revokeAfterStaple: Bool = false, mustStaple: Bool = false,
             fakeTime: String? = nil) async throws {
            let bench = try await Bench(label)
            let responder = try bench.responder(fakeTime: fakeTime)
            let leaf = try bench.leaf("leaf", ocsp: responder.url, mustStaple: mustStaple)
            let staple = try stapleKind.map { try bench.response(leaf, $0, named: "staple") }
            if revokeAfterStaple { try bench.revoke(leaf) }
            try responder.reload()
            server = try bench.server(leaf, staple: staple)
            (self.bench, self.responder, self.leaf, self.staple) = (bench, responder, leaf, staple)
        }

        func check(_ extra: [String] = []) async throws -> CLIRun { try await bench.check(server, leaf, extra) }

        func stop() {
            server.stop()
            responder.stop()
        }
    }

    @Test(arguments: fixedResponseCases)
    func fixedResponse(_ c: FixedResponseCase) async throws {
        let rig = try await FaultRig("fixed")
        defer { rig.stop() }
        rig.responder.behaviour = .serve(try rig.body(c.body), contentType: c.contentType)
        let run = try await rig.check(c.flags)
        #expect(run.status == c.exitCode, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == c.findings.sorted(), "\(run.stdout)")
        for (code, severity) in c.severities { #expect(run.severity(code) == severity, "\(code)") }
        expectWellFormedAttempts(run)
        #expect(run.attempts.map { $0["result"] as? String } == Array(repeating: c.result, count: run.attempts.count), "\(run.attempts)")
        #expect(run.attempts.count == rig.responder.requestCount, "one HTTP exchange per attempt")
        #expect(run.value("live.url") as? String == rig.url)
        #expect(run.isNull("crl"), "no CRL check for a certificate with an OCSP URL unless --crl")
        expectValues(run, c.expect)
    }

    @Test("POST and the RFC 5019 GET form (base64, URL-escaped) both reach the responder; SHA-1 CertID by default")
    func postAndGET() async throws {
        let rig = try await FaultRig("post-get")
        defer { rig.stop() }
        let answer = try rig.bench.response(rig.leaf, "delegated")
        rig.responder.behaviour = .serve(.file(answer))
        let run = try await rig.check()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        expectWellFormedAttempts(run)
        let seen = rig.responder.requests
        let post = try #require(seen.first { $0.method == "POST" })
        let get = try #require(seen.first { $0.method == "GET" })
        #expect(post.path == "/ocsp")
        #expect(post.headers["content-type"] == "application/ocsp-request")
        #expect(contains(post.body, sha1OID))
        #expect(!contains(post.body, nonceOID))
        expectGETForm(get, of: post, basePath: "/ocsp")
        #expect(Set(run.attempts.compactMap { $0["method"] as? String }) == ["POST", "GET"])
        for attempt in run.attempts {
            #expect(attempt["httpStatus"] as? Int == 200)
            #expect(attempt["contentType"] as? String == "application/ocsp-response")
            #expect(attempt["bytes"] as? Int == (try rig.bench.bytes(answer)).count)
            #expect(attempt["certStatus"] as? String == "good")
            #expect(attempt["url"] as? String == rig.url)
        }
        #expect(["POST", "GET"].contains(run.value("live.method") as? String ?? ""))
    }

    @Test("--hash sha256 sends a SHA-256 CertID, --nonce a nonce")
    func hashAndNonceInRequest() async throws {
        let rig = try await FaultRig("sha256")
        defer { rig.stop() }
        rig.responder.behaviour = .serve(try rig.body("delegated"))
        let run = try await rig.check(["--hash", "sha256", "--nonce"])
        let post = try #require(rig.responder.requests.first { $0.method == "POST" }, "\(run.stdout)\(run.stderr)")
        #expect(contains(post.body, sha256OID))
        #expect(!contains(post.body, sha1OID))
        #expect(contains(post.body, nonceOID))
        #expect(run.value("live.nonceEchoed") as? Bool == false)
    }

    @Test("A real responder (openssl ocsp) and a good staple: ok, POST and GET both answered")
    func realResponderGood() async throws {
        let rig = try await OpenSSLRig("real-good")
        defer { rig.stop() }
        let run = try await rig.check()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)\(rig.responder.log)")
        #expect(run.findingCodes == [], "\(run.stdout)")
        #expect(run.value("verdict") as? String == "ok")
        #expect(run.value("live.certStatus") as? String == "good")
        #expect(run.value("live.url") as? String == rig.responder.url)
        #expect(run.value("live.httpStatus") as? Int == 200)
        #expect(run.isNull("live.nonceEchoed"))
        expectWellFormedAttempts(run)
        #expect(Set(run.attempts.compactMap { $0["method"] as? String }) == ["POST", "GET"], "\(run.attempts)")
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "ok" && $0["certStatus"] as? String == "good" })
        // The text report mentions the live answer too.
        let text = try await CLIRun.execute(["127.0.0.1:\(rig.server.port)", "--servername", rig.leaf.serverName, "--ca-file", rig.bench.lab.caBundle])
        #expect(text.status == 0)
        #expect(text.stdout.contains(rig.responder.url), "\(text.stdout)")
    }

    @Test("--nonce against openssl ocsp, which echoes it")
    func nonceEchoed() async throws {
        let rig = try await OpenSSLRig("nonce")
        defer { rig.stop() }
        let run = try await rig.check(["--nonce"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("live.nonceEchoed") as? Bool == true)
        #expect(run.findingCodes == [])
    }

    @Test("--hash sha256 against openssl ocsp: answered for the SHA-256 CertID")
    func sha256Real() async throws {
        let rig = try await OpenSSLRig("sha256-real")
        defer { rig.stop() }
        let run = try await rig.check(["--hash", "sha256"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("live.certStatus") as? String == "good")
        // The GET request line carries the request itself: its CertID is hashed with SHA-256.
        let gets = rig.responder.requestLines.compactMap { line -> [UInt8]? in
            guard let range = line.range(of: "GET /") else { return nil }
            let encoded = line[range.upperBound...].split(separator: " ").first.map(String.init) ?? ""
            return encoded.removingPercentEncoding.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
        }
        #expect(!gets.isEmpty, "\(rig.responder.log)")
        #expect(gets.allSatisfy { contains($0, sha256OID) })
    }

    @Test("Staple says good, the responder now says revoked: staple-stale-good, critical")
    func stapleStaleGood() async throws {
        let rig = try await OpenSSLRig("stale-good", revokeAfterStaple: true)
        defer { rig.stop() }
        let run = try await rig.check()
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["staple-stale-good"], "\(run.stdout)")
        #expect(run.severity("staple-stale-good") == "critical")
        #expect(run.value("staple.certStatus") as? String == "good")
        #expect(run.value("live.certStatus") as? String == "revoked")
        #expect(run.value("verdict") as? String == "critical")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["certStatus"] as? String == "revoked" })
    }

    @Test("No staple, the responder says revoked: responder-revoked, critical")
    func responderRevoked() async throws {
        let rig = try await OpenSSLRig("revoked-nostaple", stapleKind: nil, revokeAfterStaple: true)
        defer { rig.stop() }
        let run = try await rig.check()
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == ["responder-revoked", "staple-missing"], "\(run.stdout)")
        #expect(run.severity("responder-revoked") == "critical")
        #expect(run.value("live.certStatus") as? String == "revoked")
    }

    @Test("Staple 3 h older than the responder's answer: only --stale-after 1h calls it not refreshed (default 24h)")
    func stapleNotRefreshed() async throws {
        let rig = try await OpenSSLRig("not-refreshed", stapleKind: "aged:-3h")
        defer { rig.stop() }
        let relaxed = try await rig.check()
        #expect(relaxed.status == 0, "\(relaxed.stdout)\(relaxed.stderr)")
        #expect(relaxed.findingCodes == [], "\(relaxed.stdout)")
        let strict = try await rig.check(["--stale-after", "1h"])
        #expect(strict.status == 1, "\(strict.stdout)\(strict.stderr)")
        #expect(strict.findingCodes == ["staple-not-refreshed"], "\(strict.stdout)")
        #expect(strict.severity("staple-not-refreshed") == "warning")
    }

    @Test("A staple 2 days old with the default --stale-after (24h): not refreshed")
    func stapleNotRefreshedDefault() async throws {
        let rig = try await OpenSSLRig("not-refreshed-2d", stapleKind: "aged:-2d")
        defer { rig.stop() }
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["staple-not-refreshed"], "\(run.stdout)")
    }

    @Test("404 on every 3rd request with --responder-probes 6: responder-flaky, and the attempts show each failure")
    func flaky() async throws {
        let rig = try await FaultRig("flaky")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], failEvery: 3)
        let run = try await rig.check(["--responder-probes", "6"])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-flaky"], "\(run.stdout)")
        #expect(run.severity("responder-flaky") == "warning")
        expectWellFormedAttempts(run)
        let seen = rig.responder.requests
        let failed = seen.filter { $0.status == 404 }.count
        #expect(seen.count >= 6, "6 probes at least")
        #expect(failed >= 2)
        #expect(run.attempts.count == seen.count)
        #expect(run.attempts.filter { $0["result"] as? String == "http-error" }.count == failed)
        #expect(run.attempts.filter { $0["httpStatus"] as? Int == 404 }.count == failed)
        #expect(run.attempts.filter { $0["result"] as? String == "ok" }.count == seen.count - failed)
        #expect(run.value("live.certStatus") as? String == "good")
        let text = try await CLIRun.execute(["127.0.0.1:\(rig.server.port)", "--servername", rig.leaf.serverName, "--ca-file",
                                             rig.bench.lab.caBundle, "--responder-probes", "6"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("responder-flaky"), "\(text.stdout)")
    }

    @Test("A responder that fails at first (tryLater), then answers: responder-flaky, the good answer chosen")
    func tryLaterThenGood() async throws {
        let rig = try await FaultRig("seq")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("lab:trylater"), try rig.body("delegated")])
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-flaky"], "\(run.stdout)")
        #expect(run.value("live.certStatus") as? String == "good")
        #expect(run.attempts.first?["result"] as? String == "unsuccessful")
    }

    @Test("404 on every request: responder-http-error")
    func allFail() async throws {
        let rig = try await FaultRig("all-404")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], failEvery: 1)
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-http-error"], "\(run.stdout)")
        #expect(run.severity("responder-http-error") == "warning")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "http-error" && $0["httpStatus"] as? Int == 404 })
        #expect(run.isNull("live.certStatus"))
    }

    @Test("Nothing listens at the OCSP URL: responder-unreachable (warning), httpStatus null")
    func unreachable() async throws {
        let bench = try await Bench("unreachable")
        let leaf = try bench.leaf("leaf", ocsp: "http://127.0.0.1:\(refusingPort())/ocsp")
        let server = try bench.server(leaf, staple: try bench.response(leaf))
        defer { server.stop() }
        let run = try await bench.check(server, leaf)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-unreachable"], "\(run.stdout)")
        #expect(run.severity("responder-unreachable") == "warning")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "unreachable" && $0["httpStatus"] is NSNull })
    }

    @Test("Must-staple, no staple, responder down: the responder finding is critical")
    func mustStapleResponderDown() async throws {
        let bench = try await Bench("must-staple-down")
        let leaf = try bench.leaf("leaf", ocsp: "http://127.0.0.1:\(refusingPort())/ocsp", mustStaple: true)
        let server = try bench.server(leaf, staple: nil)
        defer { server.stop() }
        let run = try await bench.check(server, leaf)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == ["must-staple-missing", "responder-unreachable"], "\(run.stdout)")
        #expect(run.severity("responder-unreachable") == "critical")
    }

    @Test("Must-staple with a valid staple, responder down: the responder finding stays a warning")
    func mustStapleWithStapleResponderDown() async throws {
        let bench = try await Bench("must-staple-stapled")
        let leaf = try bench.leaf("leaf", ocsp: "http://127.0.0.1:\(refusingPort())/ocsp", mustStaple: true)
        let server = try bench.server(leaf, staple: try bench.response(leaf))
        defer { server.stop() }
        let run = try await bench.check(server, leaf)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-unreachable"], "\(run.stdout)")
        #expect(run.severity("responder-unreachable") == "warning")
    }

    @Test("Must-staple, no staple, responder answers tryLater: responder-unsuccessful is critical")
    func mustStapleTryLater() async throws {
        let rig = try await FaultRig("must-staple-trylater", mustStaple: true, staple: false)
        defer { rig.stop() }
        rig.responder.behaviour = .serve(try rig.body("lab:trylater"))
        let run = try await rig.check()
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == ["must-staple-missing", "responder-unsuccessful"], "\(run.stdout)")
        #expect(run.severity("responder-unsuccessful") == "critical")
    }

    @Test("Each answer takes 2.5 s: responder-slow")
    func slow() async throws {
        let rig = try await FaultRig("slow")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], delay: 2.5)
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-slow"], "\(run.stdout)")
        #expect(run.severity("responder-slow") == "warning")
        #expect((run.value("live.latencyMs") as? Int ?? 0) >= 2500)
        #expect(run.value("live.certStatus") as? String == "good")
    }

    @Test("An answer slower than --timeout: attempt result timeout, and the check ends at its --timeout, not the responder's 30 s")
    func timeout() async throws {
        let rig = try await FaultRig("timeout")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], delay: 30)
        let limit = 4.0
        let (run, elapsed) = try await CLIRun.timed(["127.0.0.1:\(rig.server.port)", "--servername", rig.leaf.serverName, "--ca-file",
                                                     rig.bench.lab.caBundle, "--format", "json", "--timeout", String(limit)])
        // The responder would answer after 30 s; a check bounded by its 4 s deadline ends long
        // before. The margin covers process start-up and exit under sanitizers on a loaded
        // machine: this tells "bounded" from "waited", it measures no speed.
        #expect(elapsed < limit * 2, "took \(elapsed) s")
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-unreachable"], "\(run.stdout)")
        #expect(run.value("staple.certStatus") as? String == "good", "the staple is still judged")
        #expect(run.attempts.contains { $0["result"] as? String == "timeout" }, "\(run.attempts)")
        #expect(run.attempts.allSatisfy { ["timeout", "unreachable"].contains($0["result"] as? String ?? "") && $0["httpStatus"] is NSNull })
    }

    @Test("Two redirects (307 to itself) are followed")
    func twoRedirects() async throws {
        let rig = try await FaultRig("redirect-2")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], redirects: 2)
        let run = try await rig.check()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == [], "\(run.stdout)")
        #expect(run.value("live.certStatus") as? String == "good")
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "ok" })
        let paths = rig.responder.requests.map(\.path)
        #expect(paths.contains("/ocsp"))
        #expect(paths.contains("/hop/1/ocsp"))
        #expect(paths.contains("/hop/2/ocsp"))
        #expect(paths.count == 3 * run.attempts.count, "\(paths)")
        let posts = rig.responder.requests.filter { $0.method == "POST" }
        #expect(posts.allSatisfy { $0.body == posts[0].body && !$0.body.isEmpty }, "307 keeps the POST body")
    }

    @Test("Four redirects: more than 3, the attempt fails with result redirects")
    func fourRedirects() async throws {
        let rig = try await FaultRig("redirect-4")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [try rig.body("delegated")], redirects: 4)
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-http-error"], "\(run.stdout)")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "redirects" }, "\(run.attempts)")
        // The original request and 3 redirects per attempt; the 4th redirect is not followed.
        #expect(rig.responder.requestCount == 4 * run.attempts.count)
        #expect(!rig.responder.requests.contains { $0.path.hasPrefix("/hop/4/") })
    }

    @Test("A redirect to file:///etc/passwd is refused (http and https only)")
    func redirectToFile() async throws {
        let rig = try await FaultRig("redirect-file")
        defer { rig.stop() }
        rig.responder.behaviour = .init(redirectTo: "file:///etc/passwd")
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-http-error"], "\(run.stdout)")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "refused-scheme" }, "\(run.attempts)")
        #expect(!run.stdout.contains("root:"), "nothing of /etc/passwd")
        #expect(rig.responder.requestCount == run.attempts.count)
    }

    @Test("A redirect to another http server is followed")
    func redirectElsewhere() async throws {
        let rig = try await FaultRig("redirect-away")
        defer { rig.stop() }
        let other = try FaultyResponder(.serve(try rig.body("delegated")))
        defer { other.stop() }
        rig.responder.behaviour = .init(redirectTo: other.baseURL + "/elsewhere")
        let run = try await rig.check()
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("live.certStatus") as? String == "good")
        #expect(other.requests.allSatisfy { $0.path == "/elsewhere" })
        #expect(other.requestCount == run.attempts.count)
    }

    @Test("A body over 64 KiB, with or without Content-Length: too-large", arguments: [false, true])
    func tooLarge(_ omitContentLength: Bool) async throws {
        let rig = try await FaultRig("too-large")
        defer { rig.stop() }
        rig.responder.behaviour = .init(bodies: [.zeros(100 * 1024)], omitContentLength: omitContentLength)
        let run = try await rig.check()
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["responder-http-error"], "\(run.stdout)")
        expectWellFormedAttempts(run)
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "too-large" }, "\(run.attempts)")
        for attempt in run.attempts {
            // A missing or null count fails: the cap must be visible in what is reported.
            let bytes = try #require(attempt["bytes"] as? Int, "attempt without a byte count: \(attempt)")
            #expect(bytes <= 64 * 1024, "more than the 64 KiB cap reported read: \(attempt)")
        }
    }

    @Test("--no-live: live is null and no request reaches the responder")
    func noLive() async throws {
        let rig = try await FaultRig("no-live")
        defer { rig.stop() }
        rig.responder.behaviour = .serve(try rig.body("delegated"))
        let run = try await rig.check(["--no-live"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.isNull("live"), "\(run.stdout)")
        #expect(run.isNull("crl"))
        #expect(run.findingCodes == [])
        #expect(rig.responder.requestCount == 0)
    }

    @Test("inspect STAPLE --cert --issuer --ca-file queries the responder too (unless --no-live)")
    func inspectQueriesLive() async throws {
        let rig = try await FaultRig("inspect")
        defer { rig.stop() }
        try rig.bench.revoke(rig.leaf)  // the staple (made before) says good; the responder now says revoked
        rig.responder.behaviour = .serve(try rig.body("delegated"))
        let lab = rig.bench.lab
        let common = ["inspect", rig.staple, "--cert", rig.leaf.pem, "--issuer", lab.path("int.pem"), "--ca-file", lab.caBundle,
                      "--format", "json"]
        let run = try await CLIRun.execute(common)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes == ["staple-stale-good"], "\(run.stdout)")
        #expect(run.value("staple.certStatus") as? String == "good")
        #expect(run.value("live.certStatus") as? String == "revoked")
        let asked = rig.responder.requestCount
        #expect(asked >= 1)
        let offline = try await CLIRun.execute(common + ["--no-live"])
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.isNull("live"))
        #expect(rig.responder.requestCount == asked)
    }
}
