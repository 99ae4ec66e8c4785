import Foundation
import Testing

/// `staplecheck inspect` through the real binary: every file kind and encoding, the odd
/// responses real CAs produce, and broken input.
@Suite("inspect")
struct InspectTests {
    /// Writes `bytes` to a fresh file in the lab and returns its path.
    func write(_ lab: Lab, _ name: String, _ bytes: [UInt8]) throws -> String {
        let path = lab.dir + "/inspect-\(UUID().uuidString)-\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func inspect(_ arguments: [String]) throws -> CLIRun {
        try CLIRun.run(["inspect"] + arguments + ["--format", "json"])
    }

    @Test("Each file kind is recognised in PEM and DER")
    func kinds() async throws {
        let lab = try await Lab.shared()
        let good = try lab.responseBytes("good")
        let base64 = Array(Data(good).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]).utf8)
        let pem = Array("-----BEGIN OCSP RESPONSE-----\n".utf8) + base64 + Array("\n-----END OCSP RESPONSE-----\n".utf8)
        let cases: [(path: String, kind: String, encoding: String)] = [
            (lab.path("good.pem"), "certificate", "pem"),
            (lab.path("good.der"), "certificate", "der"),
            (lab.path("good.chain.pem"), "certificate-chain", "pem"),
            (lab.path("csr-muststaple.pem"), "csr", "pem"),
            (lab.path("csr-muststaple.der"), "csr", "der"),
            (lab.path("csr-plain.pem"), "csr", "pem"),
            (lab.response("good"), "ocsp-response", "der"),
            (try write(lab, "staple.pem", pem), "ocsp-response", "pem"),
            (try write(lab, "staple.b64", base64), "ocsp-response", "base64"),
        ]
        for c in cases {
            let run = try inspect([c.path])
            #expect(run.value("kind") as? String == c.kind, "\(c.path): \(run.stdout)\(run.stderr)")
            #expect(run.value("encoding") as? String == c.encoding, "\(c.path)")
            #expect(run.value("file") as? String == c.path)
            #expect(run.status != 3, "\(c.path): \(run.stderr)")
        }
        let chain = try inspect([lab.path("good.chain.pem"), "--ca-file", lab.caBundle])
        #expect((chain.value("certificates") as? [Any])?.count == 2)
        #expect(chain.value("chain.trusted") as? Bool == true)
        #expect(chain.status == 0)
    }

    @Test("Must-staple is read from certificates and CSRs")
    func mustStaple() async throws {
        let lab = try await Lab.shared()
        for (file, expected) in [("muststaple.pem", true), ("good.pem", false)] {
            let run = try inspect([lab.path(file)])
            #expect(run.value("certificate.mustStaple") as? Bool == expected, "\(file)")
        }
        for (file, expected) in [("csr-muststaple.pem", true), ("csr-muststaple.der", true), ("csr-plain.der", false)] {
            let run = try inspect([lab.path(file)])
            #expect(run.value("csr.mustStaple") as? Bool == expected, "\(file)")
            #expect(render(run.value("csr.tlsFeatures")) == (expected ? "status_request" : ""))
            #expect(run.value("csr.signatureValid") as? Bool == true)
            #expect(run.value("csr.subjectAltNames") as? [String] == [file.hasPrefix("csr-must") ? "csr-muststaple.test" : "csr-plain.test"])
        }
        let text = try CLIRun.run(["inspect", lab.path("csr-muststaple.pem")])
        #expect(text.stdout.contains("must-staple  requested (TLS Feature: status_request)"), "\(text.stdout)")
        let noOCSP = try inspect([lab.path("muststaple-noocsp.pem")])
        #expect(noOCSP.findingCodes == ["must-staple-no-ocsp-url"])
        #expect(noOCSP.status == 2)
        let crlOnly = try inspect([lab.path("noocsp.pem")])
        #expect(crlOnly.findingCodes == ["no-ocsp-url"])
        #expect(crlOnly.status == 0)
    }

    struct ResponseCase: Sendable, CustomTestStringConvertible {
        var file: String
        var cert: String = "good"
        var status: Int32
        var findings: [String]
        var expect: [String: String] = [:]
        var testDescription: String { file }
    }

    static let responses: [ResponseCase] = [
        .init(file: "responses/good", status: 0, findings: [],
              expect: ["staple.certStatus": "good", "staple.signer": "issuer", "staple.signatureValid": "true", "staple.matchesCertificate": "true",
                       "ocsp.version": "0", "ocsp.responseType": "basic", "certificate.serialNumber": "<present>"]),
        .init(file: "responses/good-delegated", status: 0, findings: [], expect: ["staple.signer": "delegated"]),
        .init(file: "responses/revoked", cert: "revoked", status: 2, findings: ["staple-revoked"],
              expect: ["staple.revocationReason": "keyCompromise", "ocsp.responses.0.revocationReason": "keyCompromise"]),
        .init(file: "responses/unknown", cert: "unknown", status: 2, findings: ["staple-unknown"]),
        .init(file: "responses/expired", status: 2, findings: ["staple-expired"]),
        .init(file: "responses/notyet", status: 2, findings: ["staple-not-yet-valid"]),
        .init(file: "responses/wrong-cert", status: 2, findings: ["staple-wrong-certificate"]),
        .init(file: "responses/rogue", status: 2, findings: ["staple-signer-unauthorized"]),
        .init(file: "responses/trylater", status: 2, findings: ["staple-unsuccessful"], expect: ["ocsp.responseStatus": "tryLater"]),
        .init(file: "odd/revoked-nonext", cert: "revoked", status: 2, findings: ["staple-revoked", "staple-no-next-update"],
              expect: ["staple.nextUpdate": "<null>", "staple.certStatus": "revoked"]),
        .init(file: "odd/by-key", status: 0, findings: [], expect: ["ocsp.responderID": "<byKey>"]),
        .init(file: "odd/many-certs", status: 0, findings: [], expect: ["staple.embeddedCertificateCount": "3", "staple.signer": "delegated"]),
        .init(file: "odd/no-certs", status: 0, findings: [], expect: ["staple.embeddedCertificateCount": "0", "staple.signer": "issuer"]),
        .init(file: "odd/nonce", status: 0, findings: [], expect: ["ocsp.extensions.0.oid": "1.3.6.1.5.5.7.48.1.2"]),
        .init(file: "odd/unknown-ext", status: 0, findings: [],
              expect: ["ocsp.extensions.0.oid": "1.3.6.1.4.1.99999.1", "ocsp.extensions.0.critical": "false",
                       "ocsp.responses.0.extensions.0.oid": "1.3.6.1.4.1.99999.2"]),
        .init(file: "odd/unknown-critical-ext", status: 2, findings: ["staple-unknown-critical-extension"],
              expect: ["ocsp.extensions.0.critical": "true"]),
        .init(file: "odd/sct-ext", status: 0, findings: [], expect: ["ocsp.responses.0.extensions.0.oid": "1.3.6.1.4.1.11129.2.4.5"]),
        .init(file: "odd/unknown-hash", status: 2, findings: ["staple-wrong-certificate", "staple-signer-unauthorized"],
              expect: ["ocsp.responses.0.hashAlgorithm": "1.3.6.1.4.1.99999.3"]),
        .init(file: "odd/sha384-certid", status: 0, findings: [], expect: ["staple.certIDHashAlgorithm": "sha384"]),
        .init(file: "odd/bad-version", status: 2, findings: ["staple-unsupported-version"], expect: ["ocsp.version": "5"]),
        .init(file: "odd/unknown-status", status: 2, findings: ["staple-unsuccessful"], expect: ["ocsp.responseStatus": "unknown(7)"]),
        .init(file: "odd/unknown-status-4", status: 2, findings: ["staple-unsuccessful"], expect: ["ocsp.responseStatus": "unknown(4)"]),
        .init(file: "odd/successful-nobody", status: 2, findings: ["staple-malformed"], expect: ["ocsp.responseType": "<missing>"]),
        .init(file: "odd/unknown-type", status: 2, findings: ["staple-unsupported-type"], expect: ["ocsp.responseType": "1.3.6.1.4.1.99999.4"]),
        .init(file: "odd/two-singles", status: 2, findings: ["staple-revoked"],
              expect: ["staple.singleResponseCount": "2", "ocsp.responses.0.certStatus": "good", "ocsp.responses.1.certStatus": "revoked"]),
        .init(file: "odd/bad-signature", status: 2, findings: ["staple-signature-invalid"], expect: ["staple.signatureValid": "false"]),
    ]

    @Test("Responses judged against --cert and --issuer", arguments: responses)
    func response(_ c: ResponseCase) async throws {
        let lab = try await Lab.shared()
        let run = try inspect([lab.path(c.file + ".der"), "--cert", lab.path("\(c.cert).pem"), "--issuer", lab.path("int.pem"), "--no-live",
                               "--ca-file", lab.caBundle])
        #expect(run.status == c.status, "\(run.stdout)\(run.stderr)")
        #expect(run.findingCodes.sorted() == c.findings.sorted(), "\(run.stdout)")
        #expect(run.value("kind") as? String == "ocsp-response")
        for (path, expected) in c.expect {
            let actual = indexed(run, path)
            switch expected {
            case "<present>": #expect(actual != nil && !(actual is NSNull), "\(path)")
            case "<byKey>": #expect((actual as? String)?.hasPrefix("byKey: ") == true, "\(path): \(String(describing: actual))")
            default: #expect(render(actual) == expected, "\(path)")
            }
        }
        // Text rendering never fails on any of them.
        let text = try CLIRun.run(["inspect", lab.path(c.file + ".der"), "--cert", lab.path("\(c.cert).pem"), "--issuer", lab.path("int.pem"), "--no-live",
                                   "--ca-file", lab.caBundle])
        #expect(text.status == c.status)
        for code in c.findings { #expect(text.stdout.contains(code)) }
    }

    /// Dotted paths that may index arrays ("ocsp.responses.0.certStatus").
    func indexed(_ run: CLIRun, _ path: String) -> Any? {
        var current: Any? = run.json
        for key in path.split(separator: ".") {
            if let index = Int(key), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[String(key)]
            }
        }
        return current
    }

    @Test("Without --cert or --issuer a response is decoded and what was not checked is said")
    func withoutContext() async throws {
        let lab = try await Lab.shared()
        let run = try inspect([lab.response("good"), "--ca-file", lab.caBundle])
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.findingCodes == ["staple-unverified"])
        #expect(render(run.value("staple.notChecked")) == "certificate")
        #expect(run.value("staple.signer") as? String == "issuer")
        let bare = try inspect([lab.path("odd/no-certs.der")])
        #expect(bare.status == 0)
        #expect(render(bare.value("staple.notChecked")) == "certificate,signature")
        let text = try CLIRun.run(["inspect", lab.path("odd/no-certs.der")])
        #expect(text.stdout.contains("not checked"))
    }

    @Test("Broken input: a one-line error naming the file, exit 3", arguments: ["truncated", "random", "empty", "directory", "missing", "large", "key", "crl"])
    func brokenInput(_ name: String) async throws {
        let lab = try await Lab.shared()
        let path: String
        switch name {
        case "truncated", "random", "empty": path = lab.response(name)
        case "directory": path = lab.dir
        case "missing": path = lab.dir + "/no-such-file.der"
        case "large": path = try write(lab, "large.der", [UInt8](repeating: 0x30, count: 2 << 20))
        case "key": path = lab.path("good.key")
        default: path = lab.path("int.crl")
        }
        let text = try CLIRun.run(["inspect", path])
        #expect(text.status == 3, "\(text.stdout)\(text.stderr)")
        let lines = text.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("staplecheck: \(path): "), "\(text.stderr)")
        let json = try inspect([path])
        #expect(json.status == 3)
        #expect(json.value("verdict") as? String == "error")
        #expect((json.value("error.message") as? String)?.contains(path) == true)
    }

    @Test("Several files: one JSON object each, exit code of the worst")
    func severalFiles() async throws {
        let lab = try await Lab.shared()
        let run = try CLIRun.run(["inspect", lab.response("good"), lab.response("revoked"), lab.path("csr-plain.pem"), "--format", "json"])
        #expect(run.status == 2)
        let objects = try splitJSONStream(run.stdout)
        #expect(objects.count == 3)
        #expect(objects.map { $0["kind"] as? String } == ["ocsp-response", "ocsp-response", "csr"])
        let withMissing = try CLIRun.run(["inspect", lab.response("good"), lab.dir + "/nope", "--format", "json"])
        #expect(withMissing.status == 3)
        #expect(try splitJSONStream(withMissing.stdout).count == 2)
    }

    @Test("Bad context files are named")
    func badContext() async throws {
        let lab = try await Lab.shared()
        let wrongIssuer = try CLIRun.run(["inspect", lab.response("good"), "--cert", lab.path("good.pem"), "--issuer", lab.path("rogue.pem")])
        #expect(wrongIssuer.status == 3)
        #expect(wrongIssuer.stderr.contains("did not issue"))
        let csrAsCert = try CLIRun.run(["inspect", lab.response("good"), "--cert", lab.path("csr-plain.pem")])
        #expect(csrAsCert.status == 3)
        #expect(csrAsCert.stderr.contains("--cert must be a certificate"))
    }

    /// Splits concatenated pretty-printed JSON objects (as jq reads them).
    func splitJSONStream(_ text: String) throws -> [[String: Any]] {
        var objects: [[String: Any]] = []
        var depth = 0, start: String.Index?, inString = false, escaped = false
        for index in text.indices {
            let c = text[index]
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{": if depth == 0 { start = index }; depth += 1
            case "}":
                depth -= 1
                if depth == 0, let s = start {
                    let object = try JSONSerialization.jsonObject(with: Data(text[s...index].utf8))
                    if let dict = object as? [String: Any] { objects.append(dict) }
                }
            default: break
            }
        }
        return objects
    }
}
