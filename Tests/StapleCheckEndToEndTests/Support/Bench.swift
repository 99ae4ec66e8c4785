import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One test's private corner of the lab: leaves whose OCSP/CRL URLs carry ports known only
/// at test time, their own index.txt, responses and CRLs — all made by scripts/lab-leaf.sh
/// in a fresh directory, so tests running in parallel share no mutable file.
struct Bench: Sendable {
    let lab: Lab
    let dir: String

    struct Leaf: Sendable {
        let name: String
        let dir: String
        var pem: String { "\(dir)/\(name).pem" }
        var key: String { "\(dir)/\(name).key" }
        var der: String { "\(dir)/\(name).der" }
        var chain: String { "\(dir)/\(name).chain.pem" }
        var serverName: String { "\(name).test" }
    }

    enum Listing: String, Sendable { case valid = "", revoked, unlisted }

    init(_ label: String) async throws {
        lab = try await Lab.shared()
        var template = Array("\(lab.dir)/bench-\(label)-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LabError(message: "mkdtemp failed") }
        dir = String(cString: made)
    }

    func path(_ name: String) -> String { dir + "/" + name }
    var index: String { path("index.txt") }

    private func script(_ arguments: [String]) throws {
        let r = try Subprocess.run(["bash", Paths.root.appendingPathComponent("scripts/lab-leaf.sh").path] + arguments)
        guard r.status == 0 else { throw LabError(message: "lab-leaf.sh \(arguments.joined(separator: " ")): \(r.stderr)\(r.stdout)") }
    }

    /// Issues a leaf from the lab's intermediate with these AIA OCSP / CRL DP URLs (nil: none).
    func leaf(_ name: String, ocsp: String?, crl: String? = nil, mustStaple: Bool = false, listing: Listing = .valid) throws -> Leaf {
        var args = ["leaf", lab.dir, dir, name, ocsp ?? "-", crl ?? "-"]
        if mustStaple { args.append("muststaple") }
        if listing != .valid { args.append(listing.rawValue) }
        try script(args)
        return Leaf(name: name, dir: dir)
    }

    /// Marks the leaf revoked (keyCompromise, an hour ago) in this bench's index.
    func revoke(_ leaf: Leaf) throws { try script(["revoke", dir, leaf.name]) }

    /// An OCSP response for the leaf with its current status in this bench's index; see
    /// scripts/lab-leaf.sh for the kinds. Returns the DER file's path.
    func response(_ leaf: Leaf, _ kind: String = "delegated", named: String? = nil) throws -> String {
        let out = path("\(named ?? "\(leaf.name)-\(kind.replacingOccurrences(of: ":", with: "_"))").der")
        try script(["response", lab.dir, dir, leaf.name, kind, out])
        return out
    }

    /// A CRL of the intermediate (current, stale or rogue) from this bench's index.
    func crl(_ kind: String) throws -> (der: String, pem: String) {
        let base = path("crl-\(kind)-\(UUID().uuidString.prefix(8))")
        try script(["crl", lab.dir, dir, kind, base])
        return (base + ".der", base + ".pem")
    }

    /// A real `openssl ocsp` responder on this bench's index (created now if need be).
    /// Leaves issued afterwards with `ocsp: responder.url`, and revocations, are seen after
    /// `responder.reload()`.
    func responder(fakeTime: String? = nil) throws -> OCSPResponderProcess {
        try script(["index", lab.dir, dir])
        return try OCSPResponderProcess(index: index, lab: lab, fakeTime: fakeTime)
    }

    /// A real s_server presenting the leaf + intermediate, stapling `staple` (nil: none).
    func server(_ leaf: Leaf, staple: String?) throws -> OpenSSLServer {
        var args = ["-cert", leaf.pem, "-key", leaf.key, "-cert_chain", lab.path("int.pem")]
        if let staple { args += ["-status_file", staple] }
        return try OpenSSLServer(args, lab: lab)
    }

    /// `staplecheck 127.0.0.1:PORT --servername … --ca-file … --format json` plus `extra`.
    func check(_ server: OpenSSLServer, _ leaf: Leaf, _ extra: [String] = []) async throws -> CLIRun {
        try await CLIRun.execute(["127.0.0.1:\(server.port)", "--servername", leaf.serverName, "--ca-file", lab.caBundle,
                                  "--format", "json"] + extra)
    }

    func bytes(_ file: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))) }
}
