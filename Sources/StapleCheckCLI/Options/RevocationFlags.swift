import ArgumentParser
import StapleCheckCore

/// What to ask the CA besides looking at the staple: shared by the server check and `inspect
/// --cert` (`fetch` has its own `--hash` and `--nonce`).
struct RevocationFlags: ParsableArguments {
    @Flag(name: .customLong("no-live"), help: "Do not query the certificate's OCSP responder (nor its CRL, unless --crl).")
    var noLive = false

    @Option(help: ArgumentHelp("CertID hash of the OCSP request: sha1 (what responders expect) or sha256.", valueName: "alg"))
    var hash: OCSPHashAlgorithm = .sha1

    @Flag(help: "Add a nonce (RFC 9654) to the OCSP request and report whether it is echoed.")
    var nonce = false

    @Option(name: .customLong("responder-probes"), help: ArgumentHelp("Ask each responder URL this many times and report the failure rate.", valueName: "n"))
    var responderProbes = 1

    @Option(name: .customLong("stale-after"), help: ArgumentHelp("Warn when the staple is older than the responder's current answer by more than this (e.g. 24h, 90m, 2d, 3600).", valueName: "duration"))
    var staleAfter = DurationArgument.day

    @Flag(help: "Also check the certificate's CRL (always done when it has no OCSP URL).")
    var crl = false

    func validate() throws {
        guard (1...50).contains(responderProbes) else { throw ValidationError("--responder-probes must be between 1 and 50") }
    }

    var options: RevocationOptions {
        RevocationOptions(live: !noLive, hash: hash, nonce: nonce, probes: responderProbes,
                          staleAfter: staleAfter.seconds, forceCRL: crl)
    }
}
