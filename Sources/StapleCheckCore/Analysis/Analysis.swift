#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns what a handshake captured into a report. Pure: no network, no clock; reads only
/// the trust anchors named in the options.
public enum Analysis {
    public static func report(for capture: HandshakeCapture, target: TargetInfo, options: AnalysisOptions) -> Report {
        do throws(CheckError) {
            return report(for: capture, target: target, options: options, store: try TrustStore(options.trust, at: options.now))
        } catch {
            return .failed(error, target: target, at: options.now)
        }
    }

    /// The same, with a store the caller already loaded (loading one costs more than the
    /// whole analysis).
    static func report(for capture: HandshakeCapture, target: TargetInfo, options: AnalysisOptions, store: TrustStore) -> Report {
        guard let served = ServedChain(capture.chainDER, store: store) else {
            return .failed(CheckError.unreadableCertificate(address: capture.address),
                           target: target, at: options.now)
        }
        return report(for: capture, served: served, target: target, options: options, store: store)
    }

    /// The same, over a chain already parsed and verified (the live query reuses it).
    /// `memo`: staples already analysed against this chain (the same response on both TLS
    /// versions is parsed and verified once).
    static func report(for capture: HandshakeCapture, served: ServedChain, target: TargetInfo, options: AnalysisOptions,
                       store: TrustStore, memo: StapleMemo? = nil) -> Report {
        var target = target
        target.address = capture.address
        let certificates = served.certificates
        let leaf = served.leaf
        let chain = served.verification
        let certificate = CertificateInfo(leaf)
        var findings: [Finding] = chain.trusted ? [] : [.chainUntrusted(chain.error)]
        findings += CertificateStructure.findings(chain: certificates)
        findings += MessageSizeLimits.findings(capture)

        var staple: StapleInfo?
        if let der = capture.stapleDER {
            if chain.issuer == nil { findings.append(.issuerUnavailable) }
            let analyzer = StapleAnalyzer(store: store, now: options.now, warnWithin: options.warnWithin)
            let subject = StapleSubject(leaf: leaf, issuer: chain.issuer, untrusted: Array(certificates.dropFirst()), chainTrusted: chain.trusted)
            let (info, stapleFindings) = memo?.analysis(of: der) { analyzer.analyze(der, for: subject) } ?? analyzer.analyze(der, for: subject)
            staple = info
            findings += stapleFindings
        } else if !capture.stapleTooLargeToRead {
            findings += missingStapleFindings(certificate, rejection: capture.statusRequestRejection, options: options)
        }

        return Report(
            checkedAt: options.now, target: target,
            tls: TLSInfo(version: capture.tlsVersion, cipher: capture.cipher),
            certificate: certificate,
            chain: ChainInfo(servedCount: certificates.count, trusted: chain.trusted, verifyError: chain.error, issuer: chain.issuer?.subject),
            staple: staple, findings: findings)
    }

    /// No staple: how bad depends on the certificate (testssl.sh's rule, sharpened):
    /// must-staple → critical; no OCSP URL → not applicable; otherwise a warning, or
    /// critical under `--require-staple` (the one place that policy is applied).
    /// `options` nil: describing a certificate file, where only the certificate's own facts
    /// (must-staple, OCSP URL) are judged, not the absence of a staple.
    static func missingStapleFindings(_ certificate: CertificateInfo, rejection: String?, options: AnalysisOptions?) -> [Finding] {
        var findings: [Finding] = rejection.map { [.statusRequestRejected($0)] } ?? []
        let hasOCSP = !certificate.ocspURLs.isEmpty
        if certificate.mustStaple && !hasOCSP {
            findings.append(.mustStapleNoOCSPURL)
        } else if !hasOCSP {
            // An invalid URL is a responder named (ocsp-url-invalid says so), not none.
            if rejection == nil && certificate.invalidOCSPURLs.isEmpty { findings.append(.noOCSPURL) }
        } else if let options, rejection == nil {
            findings.append(certificate.mustStaple ? .mustStapleMissing : .stapleMissing(required: options.requireStaple))
        }
        return findings
    }
}

extension Finding {
    static func chainUntrusted(_ error: String?) -> Finding {
        Finding(.chainUntrusted,
                message: "The served certificate chain does not verify against the trust store (\(error ?? "unknown error")).",
                fix: "Serve the leaf with every intermediate (nginx `ssl_certificate` pointing at the full chain, Apache `SSLCertificateFile` with the chain appended); for a private CA pass its root with `--ca-file`.")
    }

    static let issuerUnavailable = Finding(
        .issuerUnavailable,
        message: "The issuer of the served certificate was neither sent by the server nor found in the trust store, so the staple could only be matched by serial and its signer not fully checked.",
        fix: "Serve the full chain (leaf and intermediates), e.g. nginx `ssl_certificate` with the fullchain file; or pass the issuer's root with `--ca-file`.")

    static func statusRequestRejected(_ rejection: String) -> Finding {
        Finding(.statusRequestRejected,
                message: "The server aborts every handshake in which the client asks for OCSP status — which browsers always do — and completes it only without the request (\(rejection)).",
                fix: "The server cannot load its staple: with `openssl s_server -status_file` or a similar file-based setup the file is not a readable DER OCSPResponse; replace it with a fresh one (`openssl ocsp … -respout FILE`) or remove the stapling option.")
    }

    static let mustStapleNoOCSPURL = Finding(
        .mustStapleNoOCSPURL,
        message: "The certificate demands a staple (must-staple) but names no OCSP responder, so no valid staple can ever be served and Firefox will refuse the site.",
        fix: "Reissue the certificate without the TLS Feature (must-staple) extension: drop `tlsfeature = status_request` from the CSR / ACME client settings.")

    static let noOCSPURL = Finding(
        .noOCSPURL,
        message: "The certificate names no OCSP responder (its CA publishes revocation by CRL only), so there is nothing to staple; this is not a fault.",
        fix: nil)

    static let mustStapleMissing = Finding(
        .mustStapleMissing,
        message: "The certificate demands a staple (must-staple, RFC 7633) but the server sent none: Firefox refuses this connection with MOZILLA_PKIX_ERROR_REQUIRED_TLS_FEATURE_MISSING.",
        fix: "Turn stapling on now — nginx `ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` and a `resolver` (and warm the cache after each reload), Apache `SSLUseStapling on` with `SSLStaplingCache`, HAProxy a `<cert>.ocsp` file — or reissue the certificate without must-staple.")

    /// `required`: the user said stapling is mandatory (`--require-staple`).
    static func stapleMissing(required: Bool) -> Finding {
        Finding(.stapleMissing, escalated: required,
                message: "The server sent no OCSP staple, so every client must ask the CA itself (slower, and a privacy leak) or skip the check.",
                fix: "nginx: `ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` and a `resolver` (the first handshakes after a restart carry no staple until the cache fills); Apache: `SSLUseStapling on` and `SSLStaplingCache shmcb:/var/run/ocsp(128000)` (with `SSLStaplingFakeTryLater off` it sends nothing while it cannot reach the responder); HAProxy: put a current response in `<cert>.ocsp` next to each certificate — HAProxy drops an expired file, or one for another certificate, at load (with a warning) and staples nothing, so refresh it (`staplecheck fetch`) and reload, or push it with the runtime API's `set ssl ocsp-response`.")
    }
}

/// The analyses of the staples of one served chain, by the staple's bytes: what a staple says
/// about a chain does not depend on the handshake that carried it.
final class StapleMemo {
    private var analyses: [[UInt8]: (StapleInfo, [Finding])] = [:]

    func analysis(of der: [UInt8], _ make: () -> (StapleInfo, [Finding])) -> (StapleInfo, [Finding]) {
        if let known = analyses[der] { return known }
        let made = make()
        analyses[der] = made
        return made
    }
}
