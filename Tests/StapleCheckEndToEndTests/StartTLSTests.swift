import Foundation
import Testing

/// One STARTTLS situation: a protocol's front end (scripts/starttls-server.py) in one mode,
/// relaying to a real `openssl s_server -status_file` with the lab's good staple.
struct StartTLSCase: Sendable, CustomTestStringConvertible {
    var proto: String
    var mode: String
    /// What the server's quoted reply in the message must contain.
    var quoted: String = ""

    var testDescription: String { "\(proto) \(mode)" }
}

let startTLSProtocols = ["smtp", "lmtp", "imap", "pop3", "ftp", "xmpp", "xmpp-server", "ldap", "postgres", "mysql", "nntp", "sieve"]

let unsupportedCases: [StartTLSCase] = [
    StartTLSCase(proto: "smtp", mode: "unsupported", quoted: "250-PIPELINING"),
    StartTLSCase(proto: "lmtp", mode: "unsupported", quoted: "250 HELP"),
    StartTLSCase(proto: "imap", mode: "unsupported", quoted: "* CAPABILITY IMAP4rev1 LITERAL+ LOGINDISABLED"),
    StartTLSCase(proto: "pop3", mode: "unsupported", quoted: "RESP-CODES"),
    StartTLSCase(proto: "ftp", mode: "unsupported", quoted: "211-Features:"),
    StartTLSCase(proto: "xmpp", mode: "unsupported", quoted: "<stream:features><mechanisms"),
    StartTLSCase(proto: "xmpp-server", mode: "unsupported", quoted: "xmlns='jabber:server'"),
    StartTLSCase(proto: "ldap", mode: "unsupported", quoted: "resultCode 2 (protocolError)"),
    StartTLSCase(proto: "postgres", mode: "unsupported", quoted: "\"N\""),
    StartTLSCase(proto: "mysql", mode: "unsupported", quoted: "8.0.36-test"),
    StartTLSCase(proto: "nntp", mode: "unsupported", quoted: "LIST ACTIVE NEWSGROUPS"),
    StartTLSCase(proto: "sieve", mode: "unsupported", quoted: "\\\"VERSION\\\" \\\"1.0\\\""),
]

let refusedCases: [StartTLSCase] = [
    StartTLSCase(proto: "smtp", mode: "refuse", quoted: "\"454 4.7.0 TLS currently unavailable\""),
    StartTLSCase(proto: "lmtp", mode: "refuse", quoted: "\"454 4.7.0 TLS currently unavailable\""),
    StartTLSCase(proto: "imap", mode: "refuse", quoted: "\"a2 NO [UNAVAILABLE] TLS initialization failed\""),
    StartTLSCase(proto: "pop3", mode: "refuse", quoted: "\"-ERR [SYS/TEMP] TLS initialization failed\""),
    StartTLSCase(proto: "ftp", mode: "refuse", quoted: "\"431 TLS unavailable\""),
    StartTLSCase(proto: "xmpp", mode: "refuse", quoted: "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
    StartTLSCase(proto: "xmpp-server", mode: "refuse", quoted: "<failure"),
    StartTLSCase(proto: "ldap", mode: "refuse", quoted: "resultCode 52 (unavailable): \"TLS not configured\""),
    StartTLSCase(proto: "nntp", mode: "refuse", quoted: "\"580 Can not initiate TLS negotiation\""),
    StartTLSCase(proto: "sieve", mode: "refuse", quoted: "\"NO \\\"TLS initialization failed\\\"\""),
]

/// Control characters, a bell and a right-to-left override in a refusal: quoted escaped.
let hostileCases = ["smtp", "lmtp", "imap", "pop3", "ftp", "nntp", "sieve"].map { StartTLSCase(proto: $0, mode: "hostile") }

/// A server that answers nothing after (or instead of) its greeting.
let stallCases = ["smtp", "imap", "pop3", "xmpp", "ldap", "postgres", "mysql", "sieve"].map { StartTLSCase(proto: $0, mode: "stall") }

@Suite("STARTTLS: exim with tls_ocsp_file, and every other protocol's real greeting and upgrade relayed to openssl s_server")
struct StartTLSTests {
    /// The lab's good RSA leaf, stapled with `staple`, behind direct TLS.
    static func backend(_ lab: Lab, staple: String = "good") throws -> OpenSSLServer {
        try OpenSSLServer(["-cert", lab.path("good.pem"), "-key", lab.path("good.key"), "-cert_chain", lab.path("int.pem"),
                           "-status_file", lab.response(staple)], lab: lab)
    }

    static func check(_ port: Int, _ proto: String?, lab: Lab, _ extra: [String] = []) async throws -> (json: CLIRun, text: CLIRun) {
        let args = ["127.0.0.1:\(port)", "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live"]
            + (proto.map { ["--starttls", $0] } ?? []) + extra
        async let json = CLIRun.execute(args + ["--format", "json"])
        async let text = CLIRun.execute(args)
        return try await (json, text)
    }

    @Test("exim with a good tls_ocsp_file staples over SMTP STARTTLS on every handshake")
    func eximGood() async throws {
        let lab = try await Lab.shared()
        let exim = try EximServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), ocspFile: lab.response("good"))
        defer { exim.stop() }
        let (json, text) = try await Self.check(exim.port, "smtp", lab: lab)
        #expect(json.status == 0, "\(json.stdout)\(json.stderr)\n\(exim.log)")
        #expect(json.value("verdict") as? String == "ok")
        #expect(json.value("target.starttls") as? String == "smtp")
        #expect(json.value("staple.certStatus") as? String == "good")
        let count = json.value("handshakes.count") as? Int ?? 0
        #expect(count >= 2 && json.value("handshakes.stapled") as? Int == count, "every handshake stapled: \(json.stdout)")
        #expect(json.value("tls.version") as? String == "TLSv1.3")
        #expect(text.status == 0)
        #expect(text.stdout.contains("STARTTLS smtp"), "\(text.stdout)")
        #expect(text.stdout.contains("Verdict: OK"))
    }

    @Test("exim with an expired or wrong-certificate tls_ocsp_file advertises STARTTLS and answers 454: starttls-refused, critical",
          arguments: ["expired", "wrong-cert"])
    func eximBadStapleFile(_ staple: String) async throws {
        let lab = try await Lab.shared()
        let exim = try EximServer(chain: lab.path("good.chain.pem"), key: lab.path("good.key"), ocspFile: lab.response(staple))
        defer { exim.stop() }
        let (json, text) = try await Self.check(exim.port, "smtp", lab: lab)
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.value("verdict") as? String == "critical")
        #expect(json.findingCodes == ["starttls-refused"], "\(json.stdout)")
        let finding = json.finding("starttls-refused")
        let message = finding?["message"] as? String ?? ""
        #expect(message.contains("\"454 TLS currently unavailable\""), "\(message)")
        #expect(message.contains("3 of 3 connections"), "\(message)")
        #expect(message.contains("tls_ocsp_file"))
        #expect(finding?["address"] as? String == "127.0.0.1:\(exim.port)")
        #expect((finding?["fix"] as? String ?? "").contains("staplecheck fetch"))
        let cause = finding?["likelyCause"] as? [String: Any]
        #expect((cause?["cause"] as? String ?? "").contains("Typical of exim with a `tls_ocsp_file`"), "\(String(describing: cause))")
        #expect(json.isNull("error.code") || json.value("error") == nil)
        #expect(json.value("handshakes.count") as? Int == 0)
        #expect(json.value("target.address") as? String == "127.0.0.1:\(exim.port)")
        #expect(json.isNull("staple") && json.isNull("certificate"))
        let endpoints = json.value("endpoints") as? [[String: Any]] ?? []
        #expect(endpoints.count == 1 && endpoints.first?["verdict"] as? String == "critical")
        // What exim itself says: the staple file is why it refuses.
        let why = staple == "expired" ? "The session or certificate has expired" : "doesn't match the available certificates"
        #expect(exim.log.contains(why), "\(exim.log)")
        #expect(text.status == 2)
        #expect(text.stdout.contains("Verdict: CRITICAL"))
        #expect(text.stdout.contains("CRITICAL starttls-refused (127.0.0.1:\(exim.port))"), "\(text.stdout)")
        #expect(text.stdout.contains("likely cause: Typical of exim"), "\(text.stdout)")
    }

    @Test("Each protocol's greeting and upgrade, then the real staple", arguments: startTLSProtocols)
    func upgrade(_ proto: String) async throws {
        let lab = try await Lab.shared()
        let tls = try Self.backend(lab)
        defer { tls.stop() }
        let front = try StartTLSServer(proto, backendPort: tls.port, lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, proto, lab: lab)
        #expect(json.status == 0, "\(json.stdout)\(json.stderr)")
        #expect(json.value("target.starttls") as? String == proto)
        #expect(json.value("staple.certStatus") as? String == "good")
        #expect(json.value("staple.matchesCertificate") as? Bool == true)
        let count = json.value("handshakes.count") as? Int ?? 0
        #expect(count >= 2 && json.value("handshakes.stapled") as? Int == count, "\(json.stdout)")
        #expect(text.status == 0)
        #expect(text.stdout.contains("STARTTLS \(proto),"), "\(text.stdout)")
    }

    @Test("A server that does not offer STARTTLS: exit 3, starttls-unsupported, its reply quoted", arguments: unsupportedCases)
    func unsupported(_ c: StartTLSCase) async throws {
        let lab = try await Lab.shared()
        let front = try StartTLSServer(c.proto, mode: c.mode, backendPort: refusingPort(), lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, c.proto, lab: lab)
        #expect(json.status == 3, "\(json.stdout)")
        #expect(json.value("error.code") as? String == "starttls-unsupported")
        let message = json.value("error.message") as? String ?? ""
        #expect(message.contains("does not offer STARTTLS"), "\(message)")
        #expect(message.contains(c.quoted), "\(message)")
        #expect(json.value("target.starttls") as? String == c.proto)
        #expect(text.status == 3)
        #expect(text.stdout.isEmpty)
        #expect(text.stderr.hasPrefix("staplecheck: 127.0.0.1:\(front.port) does not offer STARTTLS"), "\(text.stderr)")
    }

    @Test("A server that offers STARTTLS and refuses it: starttls-refused, critical, the reply quoted", arguments: refusedCases)
    func refused(_ c: StartTLSCase) async throws {
        let lab = try await Lab.shared()
        let front = try StartTLSServer(c.proto, mode: c.mode, backendPort: refusingPort(), lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, c.proto, lab: lab)
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.findingCodes == ["starttls-refused"])
        let message = json.finding("starttls-refused")?["message"] as? String ?? ""
        #expect(message.contains(c.quoted), "\(message)")
        #expect(message.contains("exim") == (c.proto == "smtp" || c.proto == "lmtp"), "the exim cause only for mail transfer")
        let cause = json.finding("starttls-refused")?["likelyCause"]
        #expect((cause is [String: Any]) == (c.proto == "smtp" || c.proto == "lmtp"), "likelyCause: exim's, for mail transfer only")
        #expect(text.status == 2)
        #expect(text.stdout.contains("starttls-refused"))
    }

    @Test("Control characters and a bidi override in the server's reply are escaped, never passed on", arguments: hostileCases)
    func hostileReply(_ c: StartTLSCase) async throws {
        let lab = try await Lab.shared()
        let front = try StartTLSServer(c.proto, mode: c.mode, backendPort: refusingPort(), lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, c.proto, lab: lab)
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        let message = json.finding("starttls-refused")?["message"] as? String ?? ""
        #expect(message.contains("\\x1b[2J\\x07\\xe2\\x80\\xae evil"), "\(message)")
        for raw in ["\u{1B}", "\u{07}", "\u{202E}"] {
            #expect(!message.contains(raw))
            #expect(!text.stdout.contains(raw) && !json.stdout.contains(raw))
        }
        #expect(text.stdout.contains("\\x1b[2J"))
    }

    @Test("An oversized greeting line or 40 KiB of greeting: starttls-failed, bounded in the message",
          arguments: [StartTLSCase(proto: "smtp", mode: "long-line", quoted: "a line longer than 4096 bytes"),
                      StartTLSCase(proto: "imap", mode: "long-line", quoted: "a line longer than 4096 bytes"),
                      StartTLSCase(proto: "ftp", mode: "long-line", quoted: "a line longer than 4096 bytes"),
                      StartTLSCase(proto: "smtp", mode: "flood", quoted: "more than 16384 bytes before STARTTLS")])
    func oversized(_ c: StartTLSCase) async throws {
        let lab = try await Lab.shared()
        let front = try StartTLSServer(c.proto, mode: c.mode, backendPort: refusingPort(), lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, c.proto, lab: lab)
        #expect(json.status == 3, "\(json.stdout)")
        #expect(json.value("error.code") as? String == "starttls-failed")
        let message = json.value("error.message") as? String ?? ""
        #expect(message.contains(c.quoted), "\(message)")
        #expect(message.count < 600, "the quote is bounded: \(message.count) characters")
        #expect(text.status == 3 && text.stderr.hasPrefix("staplecheck: "))
    }

    @Test("A server that stalls mid-dialogue: a timeout within --timeout, naming the last reply", arguments: stallCases)
    func stall(_ c: StartTLSCase) async throws {
        let lab = try await Lab.shared()
        let front = try StartTLSServer(c.proto, mode: c.mode, backendPort: refusingPort(), lab: lab)
        defer { front.stop() }
        let (run, elapsed) = try await CLIRun.timed(["127.0.0.1:\(front.port)", "--starttls", c.proto, "--servername", "good.test",
                                                     "--ca-file", lab.caBundle, "--no-live", "--timeout", "1.5", "--format", "json"])
        #expect(run.status == 3, "\(run.stdout)")
        #expect(run.value("error.code") as? String == "timeout")
        let message = run.value("error.message") as? String ?? ""
        #expect(message.contains("dialogue with 127.0.0.1:\(front.port) before STARTTLS"), "\(message)")
        #expect(elapsed < 3.5, "took \(elapsed) s for --timeout 1.5")
    }

    @Test("STARTTLS refused on some connections only: starttls-refused (critical) beside the stapled endpoint")
    func refusedSometimes() async throws {
        let lab = try await Lab.shared()
        let tls = try Self.backend(lab)
        defer { tls.stop() }
        let front = try StartTLSServer("smtp", mode: "flaky", backendPort: tls.port, lab: lab)
        defer { front.stop() }
        let (json, text) = try await Self.check(front.port, "smtp", lab: lab)
        #expect(json.status == 2, "\(json.stdout)\(json.stderr)")
        #expect(json.findingCodes == ["starttls-refused"], "\(json.stdout)")
        let message = json.finding("starttls-refused")?["message"] as? String ?? ""
        #expect(message.range(of: #"refused it on \d+ of \d+ connections"#, options: .regularExpression) != nil, "\(message)")
        #expect(json.value("staple.certStatus") as? String == "good")
        #expect((json.value("handshakes.stapled") as? Int ?? 0) > 0)
        let endpoints = json.value("endpoints") as? [[String: Any]] ?? []
        #expect(endpoints.first?["keyType"] as? String == "RSA")
        #expect(text.status == 2)
    }

    @Test("A server that hangs up in the cleartext dialogue is reported so, not retried as if it rejected OCSP status requests")
    func hangUpBeforeTLS() async throws {
        let lab = try await Lab.shared()
        let tls = try Self.backend(lab)
        defer { tls.stop() }
        let front = try StartTLSServer("smtp", mode: "flaky-close", backendPort: tls.port, lab: lab)
        defer { front.stop() }
        // One run only: the front end hangs up on its first connection, which a second run
        // started alongside could take.
        let json = try await CLIRun.execute(["127.0.0.1:\(front.port)", "--servername", "good.test", "--ca-file", lab.caBundle,
                                             "--no-live", "--starttls", "smtp", "--format", "json"])
        // The first connection is hung up on: what is reported is that, not a retry without
        // the status request taken for a server that rejects it.
        #expect(!json.findingCodes.contains("status-request-rejected"), "\(json.stdout)")
        #expect(json.status == 3, "\(json.stdout)")
        #expect(json.value("error.code") as? String == "closed")
        #expect((json.value("error.message") as? String ?? "").contains(" the connection in the SMTP dialogue"), "closed or reset (the EHLO may reach the closed socket)")
    }

    @Test("--starttls none turns off the port's protocol (an SMTP front end on 127.0.0.1:25 in a private network namespace)")
    func portImplicationAndNone() async throws {
        let lab = try await Lab.shared()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("staplecheck-starttls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let d = dir.path
        // Inside `unshare -n` port 25 is this test's alone. The two checks run one after the
        // other; TERM (which timeout passes on) ends both servers.
        let script = """
            ip link set lo up || exit 90
            timeout -s KILL 60 openssl s_server -accept 127.0.0.1:4433 -www -cert "$1" -key "$2" -cert_chain "$3" -status_file "$4" >"$5/s_server.log" 2>&1 &
            tls=$!
            timeout -s KILL 60 python3 "$6" smtp good 4433 25 >"$5/front.log" 2>&1 &
            front=$!
            i=0
            until grep -q ACCEPT "$5/s_server.log" && grep -q LISTEN "$5/front.log"; do i=$((i + 1)); [ $i -gt 200 ] && exit 91; sleep 0.05; done
            out=$5; bin=$7; shift 7
            "$bin" 127.0.0.1:25 "$@" >"$out/implied.json"
            "$bin" 127.0.0.1:25 --starttls none --timeout 2 "$@" >"$out/none.json"
            kill $tls $front
            wait
            exit 0
            """
        let r = try Subprocess.run(["timeout", "-s", "KILL", "60", "unshare", "-n", "sh", "-c", script, "sh",
                                    lab.path("good.pem"), lab.path("good.key"), lab.path("int.pem"), lab.response("good"), d,
                                    Paths.root.appendingPathComponent("scripts/starttls-server.py").path, Paths.binary,
                                    "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live", "--format", "json"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let implied = CLIRun(status: 0, stdout: (try? String(contentsOfFile: d + "/implied.json", encoding: .utf8)) ?? "", stderr: "")
        #expect(implied.value("verdict") as? String == "ok", "\(implied.stdout)")
        #expect(implied.value("target.starttls") as? String == "smtp")
        #expect(implied.value("staple.certStatus") as? String == "good")
        // Direct TLS to an SMTP greeting: not TLS.
        let none = CLIRun(status: 0, stdout: (try? String(contentsOfFile: d + "/none.json", encoding: .utf8)) ?? "", stderr: "")
        #expect(none.value("error.code") as? String == "not-tls", "\(none.stdout)")
        #expect(none.isNull("target.starttls"))
    }

    @Test("A --targets line carries its own --starttls: the SMTP line speaks SMTP, the direct line does not")
    func perLineStartTLS() async throws {
        let lab = try await Lab.shared()
        let tls = try Self.backend(lab)
        defer { tls.stop() }
        let front = try StartTLSServer("smtp", backendPort: tls.port, lab: lab)
        defer { front.stop() }
        let list = FileManager.default.temporaryDirectory.appendingPathComponent("starttls-targets-\(getpid())-\(front.port).txt").path
        try "127.0.0.1:\(front.port) --starttls smtp\n127.0.0.1:\(tls.port)\n127.0.0.1:\(front.port)   # no --starttls: direct TLS to an SMTP server\n"
            .write(toFile: list, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: list) }
        let run = try await CLIRun.execute(["--targets", list, "--servername", "good.test", "--ca-file", lab.caBundle, "--no-live",
                                            "--probes", "1", "--timeout", "5", "--format", "ndjson", "--concurrency", "1"])
        let lines = run.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 3, "\(run.stdout)\(run.stderr)")
        func field(_ object: [String: Any], _ path: String) -> Any? {
            path.split(separator: ".").reduce(object as Any?) { ($0 as? [String: Any])?[String($1)] }
        }
        let byLine = Dictionary(uniqueKeysWithValues: lines.compactMap { line in (field(line, "input.line") as? Int).map { ($0, line) } })
        #expect(byLine[1].flatMap { field($0, "target.starttls") } as? String == "smtp")
        #expect(byLine[1].flatMap { field($0, "verdict") } as? String == "ok")
        #expect(byLine[2].flatMap { field($0, "target.starttls") } is NSNull)
        #expect(byLine[2].flatMap { field($0, "verdict") } as? String == "ok")
        #expect(byLine[3].flatMap { field($0, "verdict") } as? String == "error", "direct TLS to the SMTP front end is not TLS")
        #expect(run.status == 3)
    }
}
