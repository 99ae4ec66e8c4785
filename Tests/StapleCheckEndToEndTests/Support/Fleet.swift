import Foundation

/// Servers for batch tests, each a real `openssl s_server` on 127.0.0.1: one stapling a
/// good response, one a revoked one, one stapling nothing (a warning), and a closed port
/// (could not check).
final class Fleet: @unchecked Sendable {  // immutable after init; the servers stop themselves
    let lab: Lab
    let good: OpenSSLServer
    let revoked: OpenSSLServer
    let unstapled: OpenSSLServer
    let closed = refusingPort()

    init() async throws {
        let lab = try await Lab.shared()
        self.lab = lab
        func server(_ leaf: String, _ staple: String?) throws -> OpenSSLServer {
            var args = ["-cert", lab.path("\(leaf).pem"), "-key", lab.path("\(leaf).key"), "-cert_chain", lab.path("int.pem")]
            if let staple { args += ["-status_file", lab.response(staple)] }
            return try OpenSSLServer(args, lab: lab)
        }
        good = try server("good", "good")
        revoked = try server("revoked", "revoked")
        unstapled = try server("good", nil)
    }

    /// `127.0.0.1:PORT` of each.
    var goodTarget: String { "127.0.0.1:\(good.port)" }
    var revokedTarget: String { "127.0.0.1:\(revoked.port)" }
    var unstapledTarget: String { "127.0.0.1:\(unstapled.port)" }
    var closedTarget: String { "127.0.0.1:\(closed)" }

    /// What every batch test passes: the lab's CA, no CA query (the lab's responder is not
    /// what these tests are about), one probe round to keep them quick, and a generous
    /// timeout: each `s_server` answers one connection at a time, so on a loaded machine
    /// checks queue behind each other (no test here is about a timeout).
    var common: [String] { ["--ca-file", lab.caBundle, "--no-live", "--probes", "1", "--timeout", "30"] }

    /// A target list exercising every kind of line; `expected` maps its line numbers to
    /// the verdict each must get.
    var targetFile: (text: String, expected: [Int: String]) {
        let text = """
            # the fleet, one server per line
            \(goodTarget) --servername good.test

            \(revokedTarget) --servername 'revoked.test'   # a comment after the options
              \(unstapledTarget)
            \(goodTarget) --bogus-option
            "\(goodTarget)
            not a host!
            \(closedTarget)
            good.test:\(good.port) --address 127.0.0.1
            """
        return (text, [2: "ok", 4: "critical", 5: "warning", 6: "error", 7: "error", 8: "error", 9: "error", 10: "ok"])
    }

    func write(_ text: String, name: String = "hosts.txt") throws -> String {
        let path = lab.dir + "/batch-\(UUID().uuidString)-" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func stop() {
        good.stop()
        revoked.stop()
        unstapled.stop()
    }
}

/// NDJSON output, one object per line.
func ndjson(_ text: String) -> [[String: Any]] {
    text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

extension Dictionary where Key == String, Value == Any {
    var verdict: String? { self["verdict"] as? String }
    var inputLine: Int? { (self["input"] as? [String: Any])?["line"] as? Int }
    var errorMessage: String? { (self["error"] as? [String: Any])?["message"] as? String }
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
}
