import Foundation
import Testing

/// `staplecheck fetch`: fetch, verify, and only then atomically replace the staple file —
/// through the real binary, against `openssl ocsp` or the FaultyResponder; and nginx
/// stapling the file it wrote.
@Suite("fetch")
struct FetchTests {
    /// A directory holding nothing but the staple file (so stray temp files show).
    struct Output {
        let dir: String
        var file: String { dir + "/staple.der" }

        init(_ bench: Bench) throws {
            dir = bench.path("out")
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        }

        var listing: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() }
        var exists: Bool { FileManager.default.fileExists(atPath: file) }
        func bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }
        func place(_ source: String) throws { try FileManager.default.copyItem(atPath: source, toPath: file) }
    }

    func fetchArguments(_ bench: Bench, _ leaf: Bench.Leaf, _ out: Output, _ extra: [String] = [], format: String = "json") -> [String] {
        ["fetch", "--cert", leaf.pem, "--issuer", bench.lab.path("int.pem"), "-o", out.file, "--ca-file", bench.lab.caBundle,
         "--format", format] + extra
    }

    func fetch(_ bench: Bench, _ leaf: Bench.Leaf, _ out: Output, _ extra: [String] = []) async throws -> CLIRun {
        try await CLIRun.execute(fetchArguments(bench, leaf, out, extra))
    }

    func inspect(_ bench: Bench, _ leaf: Bench.Leaf, _ file: String, _ extra: [String] = []) async throws -> CLIRun {
        try await CLIRun.execute(["inspect", file, "--cert", leaf.pem, "--issuer", bench.lab.path("int.pem"), "--ca-file",
                                  bench.lab.caBundle, "--format", "json"] + extra)
    }

    /// A bench with a real responder and a leaf pointing at it.
    func realResponder(_ label: String, fakeTime: String? = nil) async throws -> (Bench, OCSPResponderProcess, Bench.Leaf) {
        let bench = try await Bench(label)
        let responder = try bench.responder(fakeTime: fakeTime)
        let leaf = try bench.leaf("leaf", ocsp: responder.url)
        try responder.reload()
        return (bench, responder, leaf)
    }

    @Test("Writes a verified response; inspect then finds it good")
    func writes() async throws {
        let (bench, responder, leaf) = try await realResponder("fetch-writes")
        defer { responder.stop() }
        let out = try Output(bench)
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)\(responder.log)")
        #expect(run.value("action") as? String == "written", "\(run.stdout)")
        #expect(run.value("output") as? String == out.file)
        #expect(run.value("verdict") as? String == "ok")
        #expect(run.findingCodes == [], "\(run.stdout)")
        #expect(run.value("staple.certStatus") as? String == "good")
        #expect(run.value("staple.signatureValid") as? Bool == true)
        #expect(run.value("staple.matchesCertificate") as? Bool == true)
        #expect(run.value("staple.timeValid") as? Bool == true)
        expectWellFormedAttempts(run)
        #expect(run.attempts.contains { $0["result"] as? String == "ok" })
        #expect(out.listing == ["staple.der"], "no temp file left behind")
        #expect(run.value("staple.size") as? Int == (try out.bytes()).count)

        let check = try await inspect(bench, leaf, out.file)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.value("staple.certStatus") as? String == "good")
        #expect(check.value("live.certStatus") as? String == "good")
        #expect(check.findingCodes == [], "\(check.stdout)")
    }

    @Test("The responder says revoked: exit 2, the old (good) file untouched")
    func refusesRevoked() async throws {
        let (bench, responder, leaf) = try await realResponder("fetch-revoked")
        defer { responder.stop() }
        let out = try Output(bench)
        try out.place(try bench.response(leaf))  // good, made before the revocation
        let before = try out.bytes()
        try bench.revoke(leaf)
        try responder.reload()
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "none", "\(run.stdout)")
        #expect(run.value("verdict") as? String == "critical")
        #expect(run.value("staple.certStatus") as? String == "revoked")
        #expect(try out.bytes() == before)
        #expect(out.listing == ["staple.der"])
    }

    @Test("The responder's answer is older than the valid file: kept, file untouched")
    func keepsNewerFile() async throws {
        let (bench, responder, leaf) = try await realResponder("fetch-older", fakeTime: "-2h")
        defer { responder.stop() }
        let out = try Output(bench)
        try out.place(try bench.response(leaf))  // thisUpdate now; the responder's clock says two hours ago
        let before = try out.bytes()
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "kept", "\(run.stdout)")
        #expect(try out.bytes() == before)
        #expect(out.listing == ["staple.der"])
        #expect(!responder.requestLines.isEmpty, "the responder was asked")
    }

    @Test("An invalid answer (signer without OCSPSigning) is not written: exit 2, no file")
    func refusesInvalid() async throws {
        let bench = try await Bench("fetch-invalid")
        let responder = try FaultyResponder()
        defer { responder.stop() }
        let leaf = try bench.leaf("leaf", ocsp: responder.baseURL + "/ocsp")
        responder.behaviour = .serve(.file(try bench.response(leaf, "signer-no-ocsp-signing")))
        let out = try Output(bench)
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "none")
        #expect(out.listing == [], "nothing written")
        #expect(responder.requestCount >= 1)
    }

    @Test("An unparsable existing file is replaced by a valid answer")
    func replacesBrokenFile() async throws {
        let bench = try await Bench("fetch-broken")
        let responder = try FaultyResponder()
        defer { responder.stop() }
        let leaf = try bench.leaf("leaf", ocsp: responder.baseURL + "/ocsp")
        let fresh = try bench.response(leaf)
        responder.behaviour = .serve(.file(fresh))
        let out = try Output(bench)
        try out.place(bench.lab.response("random"))
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "written")
        #expect(try out.bytes() == (try bench.bytes(fresh)), "the DER as the responder sent it")
    }

    @Test("--min-validity: a file valid long enough is kept without asking; a shorter one is refreshed")
    func minValidity() async throws {
        let bench = try await Bench("fetch-min-validity")
        let responder = try FaultyResponder()
        defer { responder.stop() }
        let leaf = try bench.leaf("leaf", ocsp: responder.baseURL + "/ocsp")
        let fresh = try bench.response(leaf)
        responder.behaviour = .serve(.file(fresh))
        let out = try Output(bench)
        try out.place(try bench.response(leaf, "aged:-1h"))  // valid for 7 days less an hour
        let before = try out.bytes()

        let skip = try await fetch(bench, leaf, out, ["--min-validity", "1d"])
        #expect(skip.status == 0, "\(skip.stdout)\(skip.stderr)")
        #expect(skip.value("action") as? String == "skipped", "\(skip.stdout)")
        #expect(responder.requestCount == 0, "no request when the file is fresh enough")
        #expect(try out.bytes() == before)

        let refresh = try await fetch(bench, leaf, out, ["--min-validity", "8d"])
        #expect(refresh.status == 0, "\(refresh.stdout)\(refresh.stderr)")
        #expect(refresh.value("action") as? String == "written", "\(refresh.stdout)")
        #expect(responder.requestCount >= 1)
        #expect(try out.bytes() == (try bench.bytes(fresh)))
        #expect(out.listing == ["staple.der"])
    }

    @Test("Responder unreachable: exit 3, no file created, one line on stderr in text mode")
    func unreachable() async throws {
        let bench = try await Bench("fetch-unreachable")
        let leaf = try bench.leaf("leaf", ocsp: "http://127.0.0.1:\(refusingPort())/ocsp")
        let out = try Output(bench)
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.value("action") as? String == "none")
        #expect(!((run.value("error.message") as? String) ?? "").isEmpty, "\(run.stdout)")
        #expect(run.attempts.allSatisfy { $0["result"] as? String == "unreachable" })
        #expect(out.listing == [])

        let text = try await CLIRun.execute(fetchArguments(bench, leaf, out, format: "text"))
        #expect(text.status == 3)
        #expect(text.stderr.hasPrefix("staplecheck: "), "\(text.stderr)")
        #expect(out.listing == [])
    }

    @Test("Bad input (no such certificate): exit 3, no file")
    func badInput() async throws {
        let bench = try await Bench("fetch-bad-input")
        let out = try Output(bench)
        let run = try await CLIRun.execute(["fetch", "--cert", bench.path("missing.pem"), "-o", out.file, "--format", "json"])
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(!((run.value("error.message") as? String) ?? "").isEmpty)
        #expect(out.listing == [])
    }

    /// Runs fetch until strace kills it on entering `syscalls`; then the old file must be
    /// intact, at most fetch's own hidden temporary file beside it, and the next fetch must
    /// write and remove that leftover.
    func killFetch(at syscalls: String, named name: String, _ label: String) async throws {
        let (bench, responder, leaf) = try await realResponder(label)
        defer { responder.stop() }
        let out = try Output(bench)
        try out.place(try bench.response(leaf, "aged:-1h"))  // valid, older than what the responder sends
        let before = try out.bytes()

        let log = bench.path("strace.log")
        let killed = try Subprocess.run(SyscallKill.command([Paths.binary] + fetchArguments(bench, leaf, out), at: syscalls, log: log))
        #expect(killed.status == 128 + SIGKILL, "fetch was not killed: \(killed.stdout)\(killed.stderr)")
        #expect(SyscallKill.reached(log, name), "fetch never reached \(name)")

        #expect(try out.bytes() == before, "the old file is byte-identical")
        let others = out.listing.filter { $0 != "staple.der" }
        #expect(others.count <= 1 && others.allSatisfy { $0.hasPrefix(".staple.der.staplecheck-") }, "\(out.listing)")

        let again = try await fetch(bench, leaf, out)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.value("action") as? String == "written")
        #expect(try out.bytes() != before)
        #expect(out.listing == ["staple.der"], "the dead writer's temporary file is removed: \(out.listing)")
        let check = try await inspect(bench, leaf, out.file, ["--no-live"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.value("staple.certStatus") as? String == "good")
    }

    @Test("Killed right before its rename: the old file is intact, no partial file; the next fetch succeeds")
    func killedBeforeRename() async throws {
        try await killFetch(at: SyscallKill.rename, named: "rename", "fetch-kill-rename")
    }

    @Test("Killed in the middle of writing the new response: the old file is intact")
    func killedWhileWriting() async throws {
        // The first write(2) fetch makes is the one into its temporary file (its report is
        // printed only at the end).
        try await killFetch(at: "write", named: "write", "fetch-kill-write")
    }

    @Test("nginx with ssl_stapling_file serving what fetch wrote: staplecheck finds a valid staple")
    func nginxServesFetchedFile() async throws {
        let (bench, responder, leaf) = try await realResponder("fetch-nginx")
        defer { responder.stop() }
        let out = try Output(bench)
        let run = try await fetch(bench, leaf, out)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        try #require(out.exists)

        let nginx = try NginxServer(chain: leaf.chain, key: leaf.key, staplingFile: out.file, dir: bench.path("nginx"))
        defer { nginx.stop() }
        let target = ["127.0.0.1:\(nginx.port)", "--servername", leaf.serverName, "--ca-file", bench.lab.caBundle, "--format", "json"]
        let offline = try await CLIRun.execute(target + ["--no-live"])
        #expect(offline.status == 0, "\(offline.stdout)\(offline.stderr)")
        #expect(offline.value("stapled") as? Bool == true)
        #expect(offline.value("staple.certStatus") as? String == "good")
        #expect(offline.value("staple.signatureValid") as? Bool == true)
        #expect(offline.value("staple.matchesCertificate") as? Bool == true)
        #expect(offline.value("verdict") as? String == "ok")

        let live = try await CLIRun.execute(target)
        #expect(live.status == 0, "\(live.stdout)\(live.stderr)")
        #expect(live.value("verdict") as? String == "ok")
        #expect(live.value("live.certStatus") as? String == "good")
        #expect(live.findingCodes == [], "\(live.stdout)")
    }
}
