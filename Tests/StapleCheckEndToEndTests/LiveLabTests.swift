import Foundation
import Testing

/// The live-query test infrastructure checks itself, independently of staplecheck: the
/// fault responder over plain HTTP, `openssl ocsp` as responder, the per-test leaves,
/// responses and CRLs from scripts/lab-leaf.sh, nginx stapling a file, and strace holding a
/// process at its rename.
@Suite("Live-query test infrastructure")
struct LiveLabTests {
    /// `openssl …` with its combined output.
    func openssl(_ arguments: [String]) throws -> String {
        let r = try Subprocess.run(["openssl"] + arguments)
        return r.stdout + r.stderr
    }

    @Test("FaultyResponder: fixed body, status, Content-Type, and the requests as they came")
    func faultyBasics() async throws {
        let lab = try await Lab.shared()
        let good = try lab.responseBytes("good")
        let responder = try FaultyResponder(.serve(.file(lab.response("good"))))
        defer { responder.stop() }
        let request = try lab.bytes("requests/good.der")
        let post = try LoopbackHTTP.request(port: responder.port, method: "POST", path: "/ocsp", body: request,
                                            headers: ["Content-Type": "application/ocsp-request"])
        #expect(post.status == 200)
        #expect(post.body == good)
        #expect(post.headers["content-type"] == "application/ocsp-response")
        #expect(post.headers["content-length"] == String(good.count))
        let escaped = Data(request).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let get = try LoopbackHTTP.request(port: responder.port, path: "/ocsp/" + escaped)
        #expect(get.body == good)
        let seen = responder.requests
        #expect(seen.map(\.method) == ["POST", "GET"])
        #expect(seen[0].path == "/ocsp")
        #expect(seen[0].body == request)
        #expect(seen[0].headers["content-type"] == "application/ocsp-request")
        #expect(seen[1].path == "/ocsp/" + escaped)
        #expect(seen[1].body.isEmpty)

        responder.behaviour = .serve(.bytes(Array("nope".utf8)), status: 500, contentType: "text/html")
        let error = try LoopbackHTTP.request(port: responder.port, path: "/")
        #expect(error.status == 500)
        #expect(error.headers["content-type"] == "text/html")
        #expect(responder.requestCount == 3)
    }

    @Test("FaultyResponder: 404 on every Nth request, a sequence of bodies, oversized and length-less bodies")
    func faultyFailures() async throws {
        let responder = try FaultyResponder(.init(bodies: [.bytes([1]), .bytes([2])], failEvery: 3))
        defer { responder.stop() }
        var statuses: [Int] = []
        var bodies: [[UInt8]] = []
        for _ in 0..<6 {
            let r = try LoopbackHTTP.request(port: responder.port, method: "POST", path: "/", body: [0x30, 0x00])
            statuses.append(r.status)
            if r.status == 200 { bodies.append(r.body) }
        }
        #expect(statuses == [200, 200, 404, 200, 200, 404])
        #expect(bodies == [[1], [2], [2], [2]])
        #expect(responder.requests.map(\.status) == statuses)

        responder.behaviour = .init(bodies: [.zeros(100 * 1024)])
        let big = try LoopbackHTTP.request(port: responder.port, path: "/")
        #expect(big.body.count == 100 * 1024)
        #expect(big.headers["content-length"] == "102400")
        responder.behaviour = .init(bodies: [.zeros(70 * 1024)], omitContentLength: true)
        let unframed = try LoopbackHTTP.request(port: responder.port, path: "/")
        #expect(unframed.body.count == 70 * 1024)
        #expect(unframed.headers["content-length"] == nil)
    }

    @Test("FaultyResponder: redirects to itself with a hop counter, or anywhere")
    func faultyRedirects() async throws {
        let responder = try FaultyResponder(.init(bodies: [.bytes([7])], redirects: 2))
        defer { responder.stop() }
        var path = "/ocsp/abc%2B"
        var hops = 0
        while true {
            let r = try LoopbackHTTP.request(port: responder.port, method: "POST", path: path, body: [1, 2, 3])
            if r.status != 307 {
                #expect(r.status == 200)
                #expect(r.body == [7])
                break
            }
            let location = try #require(r.headers["location"])
            #expect(location.hasPrefix(responder.baseURL + "/hop/"))
            path = String(location.dropFirst(responder.baseURL.count))
            hops += 1
        }
        #expect(hops == 2)
        #expect(responder.requests.map(\.path) == ["/ocsp/abc%2B", "/hop/1/ocsp/abc%2B", "/hop/2/ocsp/abc%2B"])
        #expect(responder.requests.allSatisfy { $0.body == [1, 2, 3] && FaultyResponder.originalPath($0.path) == "/ocsp/abc%2B" })

        responder.behaviour = .init(redirectTo: "file:///etc/passwd")
        let away = try LoopbackHTTP.request(port: responder.port, path: "/")
        #expect(away.status == 307)
        #expect(away.headers["location"] == "file:///etc/passwd")
    }

    @Test("FaultyResponder: a delayed answer is still being delayed when stop() ends it")
    func faultyDelayAndStop() async throws {
        let responder = try FaultyResponder(.init(bodies: [.bytes([1])], delay: 30))
        let port = responder.port
        #expect(throws: (any Error).self) { try LoopbackHTTP.request(port: port, path: "/", timeout: 1) }
        // stop() must return although a connection thread sits in its 30 s delay.
        responder.stop()
        #expect(throws: (any Error).self) { try LoopbackHTTP.request(port: port, path: "/", timeout: 1) }
    }

    @Test("lab-leaf.sh: leaves with test-time URLs, and responses of every kind verify (or not) as described")
    func leavesAndResponses() async throws {
        let bench = try await Bench("infra-leaf")
        let lab = bench.lab
        let leaf = try bench.leaf("infra", ocsp: "http://127.0.0.1:1/ocsp", crl: "http://127.0.0.1:1/int.crl", mustStaple: true)
        let text = try openssl(["x509", "-in", leaf.pem, "-noout", "-ext", "authorityInfoAccess,crlDistributionPoints,tlsfeature"])
        #expect(text.contains("OCSP - URI:http://127.0.0.1:1/ocsp"))
        #expect(text.contains("URI:http://127.0.0.1:1/int.crl"))
        #expect(text.contains("status_request"))
        #expect(try openssl(["verify", "-CAfile", lab.caBundle, "-untrusted", lab.path("int.pem"), leaf.pem]).contains(": OK"))

        func verify(_ file: String) throws -> String {
            try openssl(["ocsp", "-respin", file, "-issuer", lab.path("int.pem"), "-cert", leaf.pem, "-no_nonce", "-CAfile", lab.caBundle,
                         "-verify_other", lab.path("int.pem"), "-resp_text"])
        }
        for kind in ["delegated", "issuer", "issuer-nocerts", "short", "no-overlap", "aged:-3h", "extra-certs", "signer-expiring",
                     "signer-no-nocheck", "nonce"] {
            let out = try verify(try bench.response(leaf, kind))
            #expect(out.contains("Response verify OK"), "\(kind): \(out)")
            #expect(out.contains("\(leaf.pem): good"), "\(kind)")
        }
        #expect(try verify(try bench.response(leaf, "short")).contains("Next Update"))
        #expect(try verify(try bench.response(leaf, "nonce")).contains("OCSP Nonce"))
        #expect(try verify(try bench.response(leaf, "extra-certs")).contains("CN=Rogue Responder"))
        #expect(try verify(try bench.response(leaf, "signer-no-ocsp-signing")).contains("missing ocspsigning usage"))
        let mismatch = try verify(try bench.response(leaf, "sigalg-mismatch"))
        #expect(mismatch.contains("Signature Algorithm: ecdsa-with-SHA256"))
        #expect(mismatch.contains("signature failure"), "\(mismatch)")

        #expect(try verify(try bench.response(leaf, "unknown")).contains("\(leaf.pem): unknown"))
        #expect(try verify(try bench.response(leaf, "rogue")).contains("Response Verify Failure"))
        try bench.revoke(leaf)
        #expect(try verify(try bench.response(leaf)).contains("\(leaf.pem): revoked"))
        let never = try bench.leaf("never", ocsp: "http://127.0.0.1:1", listing: .unlisted)
        let neverText = try openssl(["ocsp", "-respin", try bench.response(never), "-issuer", lab.path("int.pem"), "-cert", never.pem,
                                     "-no_nonce", "-CAfile", lab.caBundle])
        #expect(neverText.contains("\(never.pem): unknown"))
    }

    @Test("lab-leaf.sh: CRLs — current and stale verify against int and list the revoked leaf, rogue does not verify")
    func crls() async throws {
        let bench = try await Bench("infra-crl")
        let leaf = try bench.leaf("crlonly", ocsp: nil, crl: "http://127.0.0.1:1/int.crl", listing: .revoked)
        let serial = try openssl(["x509", "-in", leaf.pem, "-noout", "-serial"]).replacingOccurrences(of: "serial=", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        for kind in ["current", "stale", "rogue"] {
            let crl = try bench.crl(kind)
            let text = try openssl(["crl", "-in", crl.der, "-inform", "DER", "-noout", "-text", "-CAfile", bench.lab.path("int.pem")])
            #expect(text.contains("Serial Number: \(serial)"), "\(kind)")
            #expect(text.contains("Key Compromise"), "\(kind)")
            #expect(text.contains(kind == "rogue" ? "verify failure" : "verify OK"), "\(kind): \(text)")
            #expect(try openssl(["crl", "-in", crl.pem, "-noout", "-issuer"]).contains("staplecheck Lab Intermediate"))
        }
        let stale = try openssl(["crl", "-in", try bench.crl("stale").pem, "-noout", "-nextupdate"])
        let next = try #require(stale.split(separator: "=").last.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) })
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
        let date = try #require(formatter.date(from: next.replacingOccurrences(of: "  ", with: " ")))
        #expect(date < Date())
    }

    @Test("OCSPResponderProcess: answers POST and GET at /, sees index changes after reload(), echoes nonces, survives garbage")
    func opensslResponder() async throws {
        let bench = try await Bench("infra-ocsp")
        let lab = bench.lab
        let responder = try bench.responder()
        defer { responder.stop() }
        let leaf = try bench.leaf("live", ocsp: responder.url)
        try responder.reload()
        func query(_ extra: [String] = []) throws -> String {
            try openssl(["ocsp", "-issuer", lab.path("int.pem"), "-cert", leaf.pem, "-url", responder.url, "-CAfile", lab.caBundle,
                         "-resp_text"] + extra)
        }
        let first = try query()
        #expect(first.contains("\(leaf.pem): good"), "\(first)\(responder.log)")
        #expect(first.contains("Response verify OK"))
        #expect(first.contains("OCSP Nonce"))
        let request = try bench.bytes(try bench.response(leaf) + ".req")
        let escaped = Data(request).base64EncodedString().addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let get = try LoopbackHTTP.request(port: responder.port, path: "/" + escaped)
        #expect(get.status == 200)
        #expect(get.headers["content-type"] == "application/ocsp-response")
        _ = try LoopbackHTTP.request(port: responder.port, path: "/not/base64")  // -ignore_err: stays up
        try bench.revoke(leaf)
        try responder.reload()
        #expect(try query().contains("\(leaf.pem): revoked"))
        #expect(responder.requestLines.count >= 5)
    }

    @Test("nginx staples an ssl_stapling_file as it is (openssl s_client -status sees it)")
    func nginx() async throws {
        let lab = try await Lab.shared()
        let dir = lab.dir + "/nginx-infra-\(UUID().uuidString.prefix(8))"
        let server = try NginxServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), staplingFile: lab.response("good"), dir: dir)
        defer { server.stop() }
        let r = try Subprocess.run(["timeout", "-s", "KILL", "20", "openssl", "s_client", "-connect", "127.0.0.1:\(server.port)",
                                    "-servername", "good.test", "-status", "-CAfile", lab.caBundle])
        #expect(r.stdout.contains("OCSP Response Status: successful"), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("Cert Status: good"))
        #expect(r.stdout.contains("Verify return code: 0 (ok)"))
    }

    @Test("strace kills a process on entering rename(2), and the rename does not happen")
    func straceKill() async throws {
        let lab = try await Lab.shared()
        let dir = lab.dir + "/strace-infra-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/target"))
        try Data("new".utf8).write(to: URL(fileURLWithPath: dir + "/.target.tmp"))
        let run = try Subprocess.run(SyscallKill.command(["mv", "-f", dir + "/.target.tmp", dir + "/target"], at: SyscallKill.rename,
                                                         log: dir + "/strace.log"))
        #expect(run.status == 128 + SIGKILL, "\(run.stdout)\(run.stderr)")
        #expect(SyscallKill.reached(dir + "/strace.log", "rename"))
        #expect(try String(contentsOfFile: dir + "/target", encoding: .utf8) == "old")
        #expect(FileManager.default.fileExists(atPath: dir + "/.target.tmp"))
    }
}
