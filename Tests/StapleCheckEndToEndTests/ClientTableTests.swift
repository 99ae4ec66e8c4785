import Foundation
import Testing

/// The client table (docs/CLIENTS.md, `staplecheck explain --clients`) against the real
/// clients it describes: for every cell marked `lab` of curl --cert-status, gnutls-cli,
/// gnutls-cli --ocsp and openssl s_client, the real client is run against a lab server
/// stapling that situation (and, where the cell hangs on the CA's answer, with a responder
/// answering each way), and what it did must be what the cell says. staplecheck's own report
/// on the same server must put it in the same row and predict the same outcome.
@Suite("The client table against real curl, gnutls-cli and s_client")
struct ClientTableTests {
    /// The clients run here, by their `clientImpact[].client` names.
    static let clients = ["curl", "gnutls-cli", "gnutls-cli-ocsp", "openssl-s_client"]

    /// One lab server: what it presents and staples, and what the CA's responder says.
    struct Setup: Sendable, CustomTestStringConvertible {
        var situation: String
        /// A lab leaf (its responder answers as `answer` says), or nil for a leaf whose
        /// OCSP URL is a closed port.
        var leaf: String?
        /// A lab response name, "bad-signature" for good.der with its signature altered, nil for none.
        var staple: String?
        var answer: String
        var mustStaple = false
        /// gnutls-serv (which sends bytes s_server will not load) instead of s_server.
        var gnutlsServer = false

        var testDescription: String { "\(situation), CA \(answer)\(mustStaple ? ", must-staple" : "")" }
    }

    static let setups: [Setup] = [
        Setup(situation: "no-staple", leaf: "good", staple: nil, answer: "good"),
        Setup(situation: "no-staple", leaf: "revoked", staple: nil, answer: "revoked"),
        Setup(situation: "no-staple", leaf: "unknown", staple: nil, answer: "unknown"),
        Setup(situation: "no-staple", leaf: nil, staple: nil, answer: "unreachable"),
        Setup(situation: "must-staple-no-staple", leaf: "muststaple", staple: nil, answer: "good", mustStaple: true),
        Setup(situation: "good", leaf: "good", staple: "good", answer: "good"),
        Setup(situation: "revoked", leaf: "revoked", staple: "revoked", answer: "revoked"),
        Setup(situation: "unknown", leaf: "unknown", staple: "unknown", answer: "unknown"),
        Setup(situation: "expired", leaf: "good", staple: "expired", answer: "good"),
        Setup(situation: "not-yet-valid", leaf: "good", staple: "notyet", answer: "good"),
        Setup(situation: "wrong-cert", leaf: "good", staple: "wrong-cert", answer: "good"),
        Setup(situation: "bad-signature", leaf: "good", staple: "bad-signature", answer: "good"),
        Setup(situation: "unauthorized-signer", leaf: "good", staple: "rogue", answer: "good"),
        Setup(situation: "unsuccessful-trylater", leaf: "good", staple: "trylater", answer: "good"),
        Setup(situation: "unsuccessful-trylater", leaf: "muststaple", staple: "trylater", answer: "good", mustStaple: true),
        Setup(situation: "unsuccessful-other", leaf: "good", staple: "internalerror", answer: "good"),
        Setup(situation: "unsuccessful-other", leaf: "good", staple: "unauthorized", answer: "good"),
        Setup(situation: "unsuccessful-other", leaf: "muststaple", staple: "internalerror", answer: "good", mustStaple: true),
        Setup(situation: "corrupt", leaf: "good", staple: "random", answer: "good", gnutlsServer: true),
    ]

    /// The table as the binary prints it: client → situation → cell.
    static func table() throws -> [String: [String: [String: Any]]] {
        let run = try CLIRun.run(["explain", "--clients", "--format", "json"])
        guard run.status == 0, let clients = run.json?["clients"] as? [[String: Any]] else {
            throw LabError(message: "explain --clients failed: \(run.stderr)\(run.stdout)")
        }
        var table: [String: [String: [String: Any]]] = [:]
        for client in clients {
            guard let name = client["client"] as? String, let cells = client["cells"] as? [[String: Any]] else { continue }
            table[name] = Dictionary(cells.compactMap { cell in (cell["situation"] as? String).map { ($0, cell) } }, uniquingKeysWith: { a, _ in a })
        }
        return table
    }

    /// What the cell says this client does in this setup: connects or refuses.
    static func expected(_ cell: [String: Any], _ setup: Setup) -> String? {
        var outcome = cell["outcome"] as? String
        if setup.mustStaple, let must = cell["mustStaple"] as? String { outcome = must }
        if outcome == "asks-ca" { outcome = (cell["answers"] as? [String: Any])?[setup.answer] as? String }
        switch outcome {
        case "connects", "ignores-staple", "soft-fail": return "connects"
        case "refuses": return "refuses"
        default: return nil
        }
    }

    @Test("Every lab cell of these clients has a lab setup, for every CA answer it depends on")
    func everyLabCellIsCovered() throws {
        let table = try Self.table()
        for client in Self.clients {
            let cells = try #require(table[client], "\(client) is not in the table")
            let lab = cells.values.filter { $0["lab"] as? Bool == true }
            #expect(!lab.isEmpty || client == "openssl-s_client", "\(client) has no lab cell")
            for cell in lab {
                let situation = cell["situation"] as? String ?? "?"
                let setups = Self.setups.filter { $0.situation == situation }
                #expect(!setups.isEmpty, "\(client) \(situation): no lab setup")
                if let answers = cell["answers"] as? [String: Any] {
                    for answer in ["good", "revoked", "unknown", "unreachable"] where answers[answer] != nil {
                        #expect(setups.contains { $0.answer == answer }, "\(client) \(situation): no setup with the CA answering \(answer)")
                    }
                }
            }
        }
    }

    @Test(arguments: setups)
    func realClients(_ setup: Setup) async throws {
        let table = try Self.table()
        let bench = try await Bench("clients")
        let lab = bench.lab
        let (chain, pem, key, name): (String, String, String, String)
        if let leaf = setup.leaf {
            (chain, pem, key, name) = (lab.path("\(leaf).chain.pem"), lab.path("\(leaf).pem"), lab.path("\(leaf).key"), "\(leaf).test")
        } else {
            let dead = try bench.leaf("deadresponder", ocsp: "http://127.0.0.1:\(refusingPort())/")
            (chain, pem, key, name) = (dead.chain, dead.pem, dead.key, dead.serverName)
        }
        var staple = setup.staple.map { lab.response($0) }
        if setup.staple == "bad-signature" {
            // The issuer's own response with one digit of producedAt (the first
            // GeneralizedTime, 18 0F …Z) changed: still well-formed and naming the issuer,
            // but the signature no longer covers what is there.
            var bytes = try lab.responseBytes("good")
            let at = try #require(bytes.indices.dropLast(17).first { bytes[$0] == 0x18 && bytes[$0 + 1] == 0x0F && bytes[$0 + 16] == 0x5A })
            bytes[at + 15] ^= 0x01
            staple = bench.path("bad-signature.der")
            try Data(bytes).write(to: URL(fileURLWithPath: bench.path("bad-signature.der")))
        }
        let port: Int
        let stop: () -> Void
        if setup.gnutlsServer {
            let server = try GnuTLSServer(chain: chain, key: key, staple: try #require(staple), lab: lab)
            (port, stop) = (server.port, server.stop)
        } else {
            var args = ["-cert", pem, "-key", key, "-cert_chain", lab.path("int.pem")]
            if let staple { args += ["-status_file", staple] }
            let server = try OpenSSLServer(args, lab: lab)
            (port, stop) = (server.port, server.stop)
        }
        defer { stop() }

        // staplecheck's own judgement of the same server.
        let check = try await CLIRun.execute(["127.0.0.1:\(port)", "--servername", name, "--ca-file", lab.caBundle, "--timeout", "8",
                                              "--format", "json"])
        let impacts = (check.json?["clientImpact"] as? [[String: Any]]) ?? []
        #expect(!impacts.isEmpty, "no clientImpact: \(check.stdout)")

        for client in Self.clients {
            guard let cell = table[client]?[setup.situation], cell["lab"] as? Bool == true,
                  let expected = Self.expected(cell, setup) else { continue }
            let observed = try await Self.run(client, port: port, name: name, lab: lab)
            #expect(observed.outcome == expected, "\(client): the table says \(expected), the real client \(observed.outcome): \(observed.output)")
            let impact = impacts.first { $0["client"] as? String == client }
            #expect(impact?["situation"] as? String == setup.situation, "\(client): staplecheck's row")
            let predicted = impact?["outcome"] as? String
            let predictedConnects = ["connects", "ignores-staple", "soft-fail"].contains(predicted ?? "")
            #expect((predictedConnects ? "connects" : predicted) == observed.outcome,
                    "\(client): staplecheck predicts \(predicted ?? "nothing"), the real client \(observed.outcome)")
            #expect(impact?["responderAnswer"] as? String == setup.answer)
        }
    }

    /// Runs one real client against 127.0.0.1:PORT for `name`; never resolves a name.
    static func run(_ client: String, port: Int, name: String, lab: Lab) async throws -> (outcome: String, output: String) {
        let argv: [String]
        switch client {
        case "curl":
            argv = ["curl", "-sS", "--noproxy", "*", "--max-time", "10", "--cert-status", "--cacert", lab.caBundle,
                    "--resolve", "\(name):\(port):127.0.0.1", "https://\(name):\(port)/", "-o", "/dev/null"]
        case "gnutls-cli", "gnutls-cli-ocsp":
            argv = ["gnutls-cli"] + (client == "gnutls-cli-ocsp" ? ["--ocsp"] : []) + ["--x509cafile", lab.caBundle, "-p", String(port),
                    "--sni-hostname", name, "--verify-hostname", name, "127.0.0.1"]
        case "openssl-s_client":
            argv = ["openssl", "s_client", "-status", "-connect", "127.0.0.1:\(port)", "-servername", name, "-CAfile", lab.caBundle]
        default:
            throw LabError(message: "no way to run \(client)")
        }
        let result = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try Subprocess.run(["timeout", "-s", "KILL", "20"] + argv) }) }
        }
        let output = result.stdout + result.stderr
        switch (client, result.status) {
        case (_, 0): return ("connects", output)
        case ("curl", 91), ("gnutls-cli", 1), ("gnutls-cli-ocsp", 1), ("openssl-s_client", 1): return ("refuses", output)
        default: return ("exit \(result.status)", output)
        }
    }
}
