internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Tolerated difference between our clock and the responder's. OpenSSL's own clients
/// allow 5 minutes (`openssl ocsp -validity_period 300`); browsers are similar.
public let clockSkewLeeway: TimeInterval = 300

/// Analyses stapled (or file) OCSP response bytes. Pure over its inputs and `now`: no I/O.
struct StapleAnalyzer {
    var store: TrustStore
    var now: Date
    var warnWithin: TimeInterval

    func analyze(_ der: [UInt8], for subject: StapleSubject) -> (StapleInfo, [Finding]) {
        OpenSSLErrors.clear()
        guard let response = OCSPResponseHandle(der: der) else {
            let reason = OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "no data")
            let info = StapleInfo(size: der.count, parsed: false, singleResponseCount: 0, signatureValid: false,
                                  signer: .untrusted, embeddedCertificateCount: 0, matchesCertificate: false, timeValid: false)
            return (info, [Self.malformed(der, reason: reason)])
        }
        return analyze(response, size: der.count, for: subject)
    }

    /// The same for a response already parsed (`inspect` decodes it for display too).
    func analyze(_ response: OCSPResponseHandle, size: Int, for subject: StapleSubject) -> (StapleInfo, [Finding]) {
        var info = StapleInfo(size: size, parsed: true, singleResponseCount: 0, signatureValid: false,
                              signer: .untrusted, embeddedCertificateCount: 0, matchesCertificate: false, timeValid: false)
        var findings: [Finding] = []
        if response.trailingBytes > 0 {
            findings.append(Finding(
                code: .stapleMalformed, severity: .critical,
                message: "The staple has \(response.trailingBytes) bytes of trailing data after the OCSPResponse; strict DER parsers (Firefox's) reject it.",
                fix: "Serve exactly the DER bytes the responder returned (`openssl ocsp -respout FILE`), with nothing appended."))
        }

        let status = response.status
        info.responseStatus = status
        guard status == .successful else {
            findings.append(Finding(
                code: .stapleUnsuccessful, severity: .critical,
                message: "The staple is an OCSP error response (\(status)), not a certificate status; clients treat it as no staple, and must-staple clients refuse the connection.",
                fix: "Apache: `SSLStaplingReturnResponderErrors off` and `SSLStaplingFakeTryLater off` stop it stapling responder errors; for file-based stapling (nginx `ssl_stapling_file`, HAProxy `.ocsp`) fetch a fresh successful response, and check the server can reach the CA's responder."))
            return (info, findings)
        }

        OpenSSLErrors.clear()
        guard let rawBasic = OCSP_response_get1_basic(response.pointer) else {
            let errors = OpenSSLErrors.drain()
            if errors.contains(where: { $0.library == ERR_LIB_OCSP && $0.reason == OCSP_R_NOT_BASIC_RESPONSE }) {
                let oid = OCSPResponseHandle.responseTypeOID(response.der)
                info.responseType = oid ?? "unsupported"
                findings.append(Finding(
                    code: .stapleUnsupportedType, severity: .critical,
                    message: "The staple's response type is \(oid ?? "unreadable"), not id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1), the only type clients understand.",
                    fix: "Staple the response exactly as the CA's responder returns it for a standard OCSP request."))
            } else {
                findings.append(Finding(
                    code: .stapleMalformed, severity: .critical,
                    message: "The staple says \"successful\" but its response body cannot be read (\(OpenSSLErrors.describe(errors, fallback: "no response bytes"))).",
                    fix: "Replace the staple with a fresh DER response from the CA's responder (`openssl ocsp -respout FILE`)."))
            }
            return (info, findings)
        }
        let basic = OCSPBasicResponse(takingOwnership: rawBasic)
        info.responseType = "basic"
        Self.describeEnvelope(basic, into: &info)
        findings += Self.structuralFindings(basic)

        let match = matchSingleResponse(basic, subject: subject, info: &info)
        if let finding = match.finding {
            findings.append(finding)
        } else if !match.matched {
            findings.append(Finding(code: .stapleWrongCertificate, severity: .critical,
                                    message: "The staple holds no status for the certificate.", fix: Self.refreshFix))
        }
        if let single = match.single {
            findings += judgeStatusAndTime(single, matched: match.matched, info: &info)
        }
        findings += verifySignature(basic, subject: subject, info: &info)
        if !info.notChecked.isEmpty {
            findings.append(Finding(
                code: .stapleUnverified, severity: .info,
                message: "Not checked for want of input: " + info.notChecked.map {
                    $0 == "certificate" ? "that the response is about your certificate (give --cert)" : "the signature (give --issuer, or a response that embeds its signer)"
                }.joined(separator: "; ") + ".",
                fix: nil))
        }
        return (info, findings)
    }

    // MARK: - Envelope

    static func describeEnvelope(_ basic: OCSPBasicResponse, into info: inout StapleInfo) {
        info.producedAt = dateFromASN1Time(OCSP_resp_get0_produced_at(basic.pointer))
        var keyHash: UnsafePointer<ASN1_OCTET_STRING>?
        var name: OpaquePointer?
        if OCSP_resp_get0_id(basic.pointer, &keyHash, &name) == 1 {
            if let name {
                info.responderID = "byName: " + nameString(name)
            } else if let keyHash {
                info.responderID = "byKey: " + hexBytes(asn1StringBytes(keyHash))
            }
        }
        if let alg = OCSP_resp_get0_tbs_sigalg(basic.pointer) {
            var object: OpaquePointer?
            X509_ALGOR_get0(&object, nil, nil, alg)
            info.signatureAlgorithm = objectName(object)
        }
        if let certs = OCSP_resp_get0_certs(basic.pointer) {
            info.embeddedCertificateCount = Int(sc_sk_X509_num(certs))
        }
        info.singleResponseCount = Int(OCSP_resp_count(basic.pointer))
    }

    /// Version and critical extensions (RFC 6960 §4.2.1 and §4.4): a client must reject a
    /// version it does not know and a critical extension it does not understand.
    static func structuralFindings(_ basic: OCSPBasicResponse) -> [Finding] {
        var findings: [Finding] = []
        if let version = basic.version, !version.isV1 {
            findings.append(Finding(
                code: .stapleUnsupportedVersion, severity: .critical,
                message: "The staple's tbsResponseData declares version \(version.text) as encoded; only v1 (encoded 0) exists, and strict clients reject anything else.",
                fix: "The responder produced a malformed response: " + refreshFix))
        }
        var critical = basic.responseExtensions.filter { $0.critical && !understoodOCSPExtensions.contains($0.oid) }
        for i in 0..<OCSP_resp_count(basic.pointer) {
            guard let single = OCSP_resp_get0(basic.pointer, i) else { continue }
            critical += extensionDetails(count: OCSP_SINGLERESP_get_ext_count(single)) { OCSP_SINGLERESP_get_ext(single, $0) }
                .filter { $0.critical && !understoodOCSPExtensions.contains($0.oid) }
        }
        if !critical.isEmpty {
            findings.append(Finding(
                code: .stapleUnknownCriticalExtension, severity: .critical,
                message: "The staple carries a critical extension clients do not understand (\(critical.map { $0.name ?? $0.oid }.joined(separator: ", "))), so they must reject it.",
                fix: "Raise it with the CA: its responder marks a non-standard extension critical. Meanwhile staple a response without it."))
        }
        return findings
    }

    // MARK: - CertID (RFC 6960 §4.1.1: hash algorithm, issuer name hash, issuer key hash, serial)

    private struct SingleMatch {
        var single: OpaquePointer?
        var matched = false
        var finding: Finding?
    }

    private func matchSingleResponse(_ basic: OCSPBasicResponse, subject: StapleSubject, info: inout StapleInfo) -> SingleMatch {
        var result = SingleMatch()
        let count = OCSP_resp_count(basic.pointer)
        guard count > 0 else {
            result.finding = Finding(code: .stapleMalformed, severity: .critical,
                                     message: "The staple contains no SingleResponse at all.", fix: Self.refreshFix)
            return result
        }
        guard let leaf = subject.leaf else { return describeWithoutCertificate(basic, issuer: subject.issuer, info: &info) }
        let leafSerial = X509_get0_serialNumber(leaf.pointer)
        var firstMismatch: (serial: String, sameIssuer: Bool?)?
        for i in 0..<count {
            guard let single = OCSP_resp_get0(basic.pointer, i), let certID = OCSP_SINGLERESP_get0_id(single) else { continue }
            var serial: UnsafeMutablePointer<ASN1_INTEGER>?
            var hashObject: OpaquePointer?
            _ = OCSP_id_get0_info(nil, &hashObject, nil, &serial, certID)
            var matches: Bool
            var sameIssuer: Bool?
            if let issuer = subject.issuer, let digest = sc_EVP_get_digestbyobj(hashObject),
               let expected = OCSP_cert_to_id(digest, leaf.pointer, issuer.pointer) {
                defer { OCSP_CERTID_free(expected) }
                matches = OCSP_id_cmp(expected, certID) == 0
                sameIssuer = OCSP_id_issuer_cmp(expected, certID) == 0
            } else {
                // Without the issuer (or with a hash OpenSSL does not know) only the serial
                // can be compared; the issuer-unavailable finding says so.
                matches = subject.issuer != nil ? false : ASN1_INTEGER_cmp(serial, leafSerial) == 0
            }
            if result.single == nil || matches {
                result.single = single
                info.serialNumber = hexString(serial)
                info.certIDHashAlgorithm = objectName(hashObject)
            }
            if matches {
                result.matched = true
                break
            }
            if firstMismatch == nil { firstMismatch = (hexString(serial), sameIssuer) }
        }
        info.matchesCertificate = result.matched
        if !result.matched, let mismatch = firstMismatch {
            let served = leaf.serialHex
            let message: String
            if mismatch.sameIssuer == true && mismatch.serial != served {
                message = "The staple is about serial \(mismatch.serial), not the certificate's serial \(served): most likely the previous certificate's response, still served after a renewal."
            } else if mismatch.sameIssuer == false {
                message = "The staple's CertID names a different issuer (serial \(mismatch.serial)) than the certificate's issuer: it belongs to another certificate."
            } else if subject.issuer != nil && info.certIDHashAlgorithm.map({ EVP_get_digestbyname($0) == nil }) == true {
                message = "The staple's CertID uses a hash algorithm OpenSSL does not know (\(info.certIDHashAlgorithm ?? "?")), so it cannot be matched to the certificate."
            } else {
                message = "The staple's CertID (serial \(mismatch.serial)) does not match the certificate (serial \(served))."
            }
            result.finding = Finding(code: .stapleWrongCertificate, severity: .critical, message: message, fix: Self.refreshFix)
        }
        return result
    }

    /// `inspect` without a certificate: the first SingleResponse is described and judged;
    /// with an issuer, its CertID must at least name that issuer.
    private func describeWithoutCertificate(_ basic: OCSPBasicResponse, issuer: X509Certificate?, info: inout StapleInfo) -> SingleMatch {
        var result = SingleMatch()
        guard let single = OCSP_resp_get0(basic.pointer, 0), let certID = OCSP_SINGLERESP_get0_id(single) else { return result }
        var serial: UnsafeMutablePointer<ASN1_INTEGER>?
        var hashObject: OpaquePointer?
        _ = OCSP_id_get0_info(nil, &hashObject, nil, &serial, certID)
        result.single = single
        info.serialNumber = hexString(serial)
        info.certIDHashAlgorithm = objectName(hashObject)
        info.notChecked.append("certificate")
        if let issuer, let digest = sc_EVP_get_digestbyobj(hashObject), let serial,
           let expected = OCSP_cert_id_new(digest, X509_get_subject_name(issuer.pointer), X509_get0_pubkey_bitstr(issuer.pointer), serial) {
            defer { OCSP_CERTID_free(expected) }
            if OCSP_id_issuer_cmp(expected, certID) != 0 {
                result.finding = Finding(
                    code: .stapleWrongCertificate, severity: .critical,
                    message: "The response's CertID names a different issuer than \(issuer.subject): it is not about a certificate that issuer signed.",
                    fix: Self.refreshFix)
                return result
            }
        }
        result.matched = true  // as far as can be told: status and window are judged
        return result
    }

    // MARK: - Status and validity window (RFC 6960 §4.2.2.1)

    private func judgeStatusAndTime(_ single: OpaquePointer, matched: Bool, info: inout StapleInfo) -> [Finding] {
        var findings: [Finding] = []
        let status = SingleStatus(single)
        info.thisUpdate = status.thisUpdate
        info.nextUpdate = status.nextUpdate
        info.certStatus = status.certStatus
        info.revocationTime = status.revocationTime
        info.revocationReason = status.revocationReason

        if matched {
            switch info.certStatus {
            case .revoked:
                let when = info.revocationTime.map { " on \(Self.iso($0))" } ?? ""
                let why = info.revocationReason.map { " (\($0))" } ?? ""
                findings.append(Finding(
                    code: .stapleRevoked, severity: .critical,
                    message: "The CA revoked this certificate\(when)\(why); clients that check the staple refuse the connection.",
                    fix: "Replace the certificate with a newly issued one (new key if the reason is keyCompromise) and reload the server."))
            case .unknown:
                findings.append(Finding(
                    code: .stapleUnknown, severity: .critical,
                    message: "The responder answered \"unknown\": it does not know this certificate, so the staple vouches for nothing.",
                    fix: "Make sure the staple comes from the issuing CA's own responder (the certificate's AIA OCSP URL, not an `ssl_stapling_responder` override); a just-issued certificate can take minutes to reach the CA's responder."))
            default:
                break
            }
        }

        var timeValid = true
        if let start = info.thisUpdate, start > now.addingTimeInterval(clockSkewLeeway) {
            timeValid = false
            findings.append(Finding(
                code: .stapleNotYetValid, severity: .critical,
                message: "The staple's thisUpdate (\(Self.iso(start))) is in the future, beyond the \(Int(clockSkewLeeway / 60))-minute clock-skew leeway; clients reject it.",
                fix: "Check the clocks of the server, the responder and this machine (NTP); refetch the response once they agree."))
        }
        if let end = info.nextUpdate {
            if end < now.addingTimeInterval(-clockSkewLeeway) {
                timeValid = false
                findings.append(Finding(
                    code: .stapleExpired, severity: .critical,
                    message: "The staple expired at \(Self.iso(end)) (nextUpdate); clients reject it, and must-staple clients refuse the connection.",
                    fix: "The server is not refreshing its staple: nginx `ssl_stapling_file` and HAProxy `.ocsp` files need a refresh job (e.g. `staplecheck fetch` from cron) and a reload; with live stapling (nginx `ssl_stapling on`, Apache `SSLUseStapling on`) check that the server can reach the CA's responder."))
            } else if timeValid && end.timeIntervalSince(now) < warnWithin {
                findings.append(Finding(
                    code: .stapleExpiringSoon, severity: .warning,
                    message: "The staple expires at \(Self.iso(end)), in \(DurationFormat.compact(end.timeIntervalSince(now))); the server should have refreshed it by now.",
                    fix: "Refresh staples well before nextUpdate: run the refresh job for `ssl_stapling_file` / HAProxy `.ocsp` more often than the CA's update interval, or use live stapling."))
            }
        } else {
            findings.append(Finding(
                code: .stapleNoNextUpdate, severity: .warning,
                message: "The staple has no nextUpdate, so neither clients nor the server can tell when it goes stale (RFC 5019 requires one).",
                fix: "Nothing to change on the server; the CA's responder should set nextUpdate — raise it with the CA."))
        }
        info.timeValid = timeValid
        return findings
    }

    // MARK: - Signature and responder authorisation (RFC 6960 §4.2.2.2)

    private func verifySignature(_ basic: OCSPBasicResponse, subject: StapleSubject, info: inout StapleInfo) -> [Finding] {
        var helpers = subject.untrusted
        if let issuer = subject.issuer, !helpers.contains(where: { $0.isSameCertificate(as: issuer) }) { helpers.append(issuer) }
        guard let untrusted = CertificateStack(helpers) else { return [] }

        var rawSigner: OpaquePointer?
        guard OCSP_resp_get0_signer(basic.pointer, &rawSigner, untrusted.pointer) == 1, let rawSigner else {
            OpenSSLErrors.clear()
            info.verifyError = "signer certificate not found"
            if subject.issuer == nil {
                info.notChecked.append("signature")
                return []
            }
            return [Finding(
                code: .stapleSignatureInvalid, severity: .critical,
                message: "The staple's signer certificate is neither embedded in the response nor in the served chain, so its signature cannot be verified.",
                fix: Self.refreshFix)]
        }
        let signer = X509Certificate(borrowing: rawSigner)
        info.signerSubject = signer.subject
        info.signerNotAfter = signer.notAfter
        info.signerOCSPSigning = signer.hasOCSPSigningUsage
        info.signerOCSPNoCheck = signer.hasOCSPNoCheck

        // Signature alone (OCSP_NOVERIFY skips chain building and the issuer checks).
        OpenSSLErrors.clear()
        let signatureOK = OCSP_basic_verify(basic.pointer, untrusted.pointer, store.pointer, UInt(OCSP_NOVERIFY)) == 1
        let signatureErrors = OpenSSLErrors.drain()
        guard signatureOK else {
            info.verifyError = OpenSSLErrors.describe(signatureErrors, fallback: "signature failure")
            if let actual = basic.digestThatVerifies(with: signer), let declared = info.signatureAlgorithm {
                info.actualSignatureDigest = actual
                return [Finding(
                    code: .stapleSignatureInvalid, severity: .critical,
                    message: "The staple declares its signature as \(declared) but was signed over \(actual.uppercased()): the responder mislabels its signature algorithm, and every client rejects it.",
                    fix: "Raise it with the CA (its responder's signature algorithm is misconfigured); until it is fixed no staple from it can be valid.")]
            }
            return [Finding(
                code: .stapleSignatureInvalid, severity: .critical,
                message: "The staple's signature does not verify with its signer's key (\(info.verifyError ?? "")); every client rejects it.",
                fix: "The staple was altered or corrupted: " + Self.refreshFix)]
        }

        // Full check: signer chained to the trust store, and either the issuing CA or a
        // responder it delegated with id-kp-OCSPSigning. No OCSP_TRUSTOTHER: a staple
        // signed by an arbitrary certificate must not pass.
        OpenSSLErrors.clear()
        let authorised = OCSP_basic_verify(basic.pointer, untrusted.pointer, store.pointer, 0) == 1
        let errors = OpenSSLErrors.drain()
        if authorised {
            info.signatureValid = true
            if let issuer = subject.issuer, signer.isSameCertificate(as: issuer) {
                info.signer = .issuer
            } else if let issuer = subject.issuer, issuer.issued(signer) {
                info.signer = .delegated
            } else {
                // Authorised by OpenSSL for the CertID's issuer, which we could not see.
                info.signer = signer.hasOCSPSigningUsage ? .delegated : .issuer
            }
            return []
        }
        info.verifyError = OpenSSLErrors.describe(errors, fallback: "responder not authorised")
        if let algorithm = info.certIDHashAlgorithm, EVP_get_digestbyname(algorithm) == nil {
            return [Finding(
                code: .stapleSignerUnauthorized, severity: .critical,
                message: "The signature by \(signer.subject) verifies, but whether that responder may answer for the certificate cannot be checked: the CertID's hash algorithm (\(algorithm)) is unknown, to clients as well.",
                fix: "Staple a response to a standard request (SHA-1 or SHA-256 CertID) from the issuing CA's responder.")]
        }
        let structurallyAuthorised: Bool = {
            guard let issuer = subject.issuer else { return false }
            return signer.isSameCertificate(as: issuer) || (issuer.issued(signer) && signer.hasOCSPSigningUsage)
        }()
        if subject.issuer == nil {
            return [Finding(
                code: .stapleUnverified, severity: .warning,
                message: "The response's signer \(signer.subject) could not be verified (\(info.verifyError ?? "")), and without the issuer it cannot be told whether it is authorised.",
                fix: "Give the issuing CA's certificate with --issuer and its root with --ca-file.")]
        }
        if structurallyAuthorised && !subject.chainTrusted {
            return [Finding(
                code: .stapleSignerUnauthorized, severity: .warning,
                message: "The staple is signed by \(signer.subject), which the certificate's issuer authorises, but like the certificate chain itself it does not chain to a trusted root (\(info.verifyError ?? "")).",
                fix: "For a private CA pass its root with `--ca-file`; otherwise serve a chain that reaches a publicly trusted root.")]
        }
        return [Finding(
            code: .stapleSignerUnauthorized, severity: .critical,
            message: "The staple is signed by \(signer.subject), which is neither the certificate's issuer nor a responder it authorised (\(info.verifyError ?? "")); clients reject it.",
            fix: "Staple only responses from the issuing CA's responder (the certificate's AIA OCSP URL); remove any `ssl_stapling_responder` / `SSLStaplingForceURL` override pointing elsewhere, or refetch the staple file.")]
    }

    // MARK: - Helpers

    static let refreshFix = "Refetch the staple for the certificate the server now serves: nginx `ssl_stapling_file` and HAProxy `<cert>.ocsp` must be regenerated (e.g. `staplecheck fetch`) and the server reloaded after every renewal; with live stapling (nginx `ssl_stapling on`, Apache `SSLUseStapling on`) a reload clears the stale cache."

    static func malformed(_ der: [UInt8], reason: String) -> Finding {
        let what: String
        if der.isEmpty {
            what = "The server sent an empty staple"
        } else if der.starts(with: Array("-----BEGIN".utf8)) {
            what = "The staple is PEM text, not the DER an OCSPResponse must be"
        } else if X509Certificate(der: der) != nil {
            what = "The staple is an X.509 certificate, not an OCSPResponse"
        } else if der.count >= 8, der.first != 0x30, der.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2b || $0 == 0x2f || $0 == 0x3d || $0 == 0x0a || $0 == 0x0d }) {
            what = "The staple looks like base64 text, not the DER an OCSPResponse must be"
        } else {
            what = "The staple (\(der.count) bytes) is not a DER-encoded OCSPResponse (\(reason))"
        }
        OpenSSLErrors.clear()
        return Finding(
            code: .stapleMalformed, severity: .critical,
            message: what + "; clients discard it, and must-staple clients refuse the connection.",
            fix: "Point the server at the raw DER response (`openssl ocsp … -respout FILE`, or `base64 -d` a base64 file) — nginx `ssl_stapling_file`, HAProxy `<cert>.ocsp`.")
    }

    static func reasonName(_ reason: Int32) -> String {
        switch reason {
        case 0: "unspecified"
        case 1: "keyCompromise"
        case 2: "cACompromise"
        case 3: "affiliationChanged"
        case 4: "superseded"
        case 5: "cessationOfOperation"
        case 6: "certificateHold"
        case 8: "removeFromCRL"
        case 9: "privilegeWithdrawn"
        case 10: "aACompromise"
        default: "unknown(\(reason))"
        }
    }

    static func iso(_ date: Date) -> String {
        ISO8601.string(date)
    }
}
