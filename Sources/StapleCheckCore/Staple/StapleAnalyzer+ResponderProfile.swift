internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// MARK: - The responder's profile
//
// What a response and its delegated signer must look like beyond what verification needs:
// RFC 6960 §4.2.1 (the response's own fields) and the CA/Browser Forum Baseline
// Requirements §7.1.2.8, the OCSP Responder Certificate Profile. Clients reject only some
// of it (a byKey responderID that names no certificate, nextUpdate before thisUpdate); the
// rest makes a response non-conforming without making it fail — a finding for the CA.
// Run on staples, responder answers and inspected files alike.

extension StapleAnalyzer {
    /// The codes this file emits, and the one it shares with the responder judge (nocheck).
    static let profileCodes: Set<FindingCode> = [
        .responderCertExtraEKU, .responderCertKeyUsage, .responderCertCA, .responderCertNoAKI,
        .responderCertForbiddenExtension, .responderSignerNoNoCheck, .responderIDNotSHA1,
        .ocspNextUpdateBeforeThisUpdate, .ocspThisUpdateAfterProducedAt, .ocspUnsuccessfulWithBody,
    ]

    /// RFC 6960 §4.2.1: "If the value of responseStatus is one of the error conditions, the
    /// responseBytes field is not set."
    static func unsuccessfulBodyFindings(_ response: OCSPResponseHandle) -> [Finding] {
        guard response.status != .successful, response.hasResponseBytes else { return [] }
        return [.ocspUnsuccessfulWithBody(response.status)]
    }

    func profileFindings(_ basic: OCSPBasicResponse, subject: StapleSubject, info: StapleInfo) -> [Finding] {
        var findings = Self.timeOrderFindings(basic, producedAt: info.producedAt)
        var helpers = subject.untrusted
        if let issuer = subject.issuer, !helpers.contains(where: { $0.isSameCertificate(as: issuer) }) { helpers.append(issuer) }
        let signer: X509Certificate? = basic.withPointer { basicPointer in
            guard let untrusted = CertificateStack(helpers) else { return nil }
            var raw: OpaquePointer?
            defer { OpenSSLErrors.clear() }
            guard untrusted.withPointer({ OCSP_resp_get0_signer(basicPointer, &raw, $0) }) == 1, let raw else { return nil }
            return X509Certificate(borrowing: raw)
        }
        if let finding = Self.responderIDFinding(basic, signerFound: signer != nil, issuer: subject.issuer) { findings.append(finding) }
        guard let signer else { return findings }
        let delegated: Bool
        if let issuer = subject.issuer {
            delegated = !signer.isSameCertificate(as: issuer) && issuer.issued(signer)
        } else {
            delegated = info.signer == .delegated
        }
        if delegated { findings += Self.certificateProfileFindings(signer) }
        return findings
    }

    /// RFC 6960 §4.2.1: "KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key
    /// (i.e., the SHA-1 hash of the value of the BIT STRING subjectPublicKey [excluding the
    /// tag, length, and number of unused bits] in the responder's certificate)". OpenSSL
    /// finds the signer by that hash and ignores a hash of any other length.
    static func responderIDFinding(_ basic: OCSPBasicResponse, signerFound: Bool, issuer: X509Certificate?) -> Finding? {
        let keyHash: [UInt8]? = basic.withPointer { basicPointer in
            var hash: UnsafePointer<ASN1_OCTET_STRING>?
            var name: OpaquePointer?
            guard OCSP_resp_get0_id(basicPointer, &hash, &name) == 1, name == nil, let hash else { return nil }
            return asn1StringBytes(hash)
        }
        guard let keyHash else { return nil }
        if keyHash.count != 20 { return .responderIDNotSHA1(length: keyHash.count) }
        // Found means some certificate's key hashes to it; otherwise say what the CA's is.
        guard !signerFound, let issuer else { return nil }
        return .responderIDMatchesNoKey(keyHash, issuerHash: issuer.publicKeySHA1)
    }

    /// RFC 6960 §4.2.2.1: thisUpdate is "the most recent time at which the status being
    /// indicated is known by the responder to have been correct", nextUpdate "the time at or
    /// before which newer information will be available", producedAt "the time at which the
    /// OCSP responder signed this response". Checked for every SingleResponse, first only.
    static func timeOrderFindings(_ basic: OCSPBasicResponse, producedAt: Date?) -> [Finding] {
        var findings: [Finding] = []
        basic.withPointer { basicPointer in
            let statuses = (0..<OCSP_resp_count(basicPointer)).compactMap { basic.singleStatus(at: $0) }
            if let bad = statuses.first(where: { status in
                guard let this = status.thisUpdate, let next = status.nextUpdate else { return false }
                return next < this
            }), let this = bad.thisUpdate, let next = bad.nextUpdate {
                findings.append(.ocspNextUpdateBeforeThisUpdate(this: this, next: next))
            }
            if let producedAt, let this = statuses.compactMap(\.thisUpdate).first(where: { $0 > producedAt }) {
                findings.append(.ocspThisUpdateAfterProducedAt(this: this, producedAt: producedAt))
            }
        }
        return findings
    }

    /// CA/Browser Forum Baseline Requirements §7.1.2.8, for a certificate the issuing CA
    /// delegated OCSP signing to. The missing id-kp-OCSPSigning is not here: without it the
    /// signer is not authorised at all (`staple-signer-unauthorized`, `responder-signer-no-ocsp-signing`).
    static func certificateProfileFindings(_ signer: X509Certificate) -> [Finding] {
        var findings: [Finding] = []
        let subject = signer.subject
        if let usages = signer.extendedKeyUsages, usages.contains(where: { $0.nid == NID_OCSP_sign }) {
            let others = usages.filter { $0.nid != NID_OCSP_sign }.map(\.name)
            if !others.isEmpty { findings.append(.responderCertExtraEKU(subject, others: others)) }
        }
        let keyUsage = signer.keyUsageBits
        if keyUsage != UInt32(KU_DIGITAL_SIGNATURE) { findings.append(.responderCertKeyUsage(subject, bits: keyUsage)) }
        if !signer.hasOCSPNoCheck { findings.append(.responderSignerNoNoCheck(subject)) }
        if signer.isCA { findings.append(.responderCertCA(subject)) }
        if !signer.hasAuthorityKeyIdentifier { findings.append(.responderCertNoAKI(subject)) }
        var forbidden: [String] = []
        if signer.hasExtension(NID_subject_alt_name) { forbidden.append("subjectAltName") }
        if signer.hasExtension(NID_name_constraints) { forbidden.append("nameConstraints") }
        if signer.hasExtension(NID_certificate_policies) { forbidden.append("certificatePolicies") }
        if signer.hasExtension(NID_crl_distribution_points) { forbidden.append("crlDistributionPoints") }
        let aia = signer.ocspURLs
        if !aia.valid.isEmpty || !aia.invalid.isEmpty { forbidden.append("an authorityInformationAccess OCSP URL") }
        if !forbidden.isEmpty { findings.append(.responderCertForbiddenExtension(subject, extensions: forbidden)) }
        return findings
    }
}

extension OCSPResponseHandle {
    /// The OCSPResponse has its `[0] responseBytes` field, whatever the status says.
    var hasResponseBytes: Bool {
        var cursor = DERCursor(der)
        guard let outer = cursor.next(), outer.constructed else { return false }
        var fields = DERCursor(der, range: outer.content)
        _ = fields.next()  // responseStatus
        guard let bytes = fields.next() else { return false }
        return bytes.tagClass == V_ASN1_CONTEXT_SPECIFIC && bytes.tag == 0
    }
}

extension Finding {
    /// Said once, where a certificate profile rule is quoted.
    private static let profileFix = "Raise it with the CA, quoting the rule: its delegated OCSP responder certificate must be reissued to the CA/Browser Forum profile (BR §7.1.2.8)."

    static func ocspUnsuccessfulWithBody(_ status: OCSPResponseStatus) -> Finding {
        Finding(.ocspUnsuccessfulWithBody,
                message: "The response's status is \(status) yet it carries responseBytes; RFC 6960 §4.2.1: \"If the value of responseStatus is one of the error conditions, the responseBytes field is not set.\" Clients ignore the body, but it shows a broken responder.",
                fix: "Raise it with the CA (its responder attaches a body to error answers); nothing in the server changes it.")
    }

    fileprivate static func responderIDNotSHA1(length: Int) -> Finding {
        Finding(.responderIDNotSHA1,
                message: "The response's byKey responderID is \(length) bytes, not the 20-byte SHA-1 hash RFC 6960 §4.2.1 requires (\"KeyHash ::= OCTET STRING -- SHA-1 hash of responder's public key\"); OpenSSL and Firefox find no signer by it and reject the response.",
                fix: "Raise it with the CA: its responder must identify itself by name or by the SHA-1 of its public key.")
    }

    fileprivate static func responderIDMatchesNoKey(_ keyHash: [UInt8], issuerHash: [UInt8]) -> Finding {
        Finding(.responderIDNotSHA1,
                message: "The response's byKey responderID \(hexBytes(keyHash)) is the SHA-1 of no certificate's public key here (the issuing CA's is \(hexBytes(issuerHash))), although RFC 6960 §4.2.1 defines it as \"SHA-1 hash of responder's public key\"; clients find no signer by it and reject the response.",
                fix: "Raise it with the CA (its responder computes its KeyHash wrongly, or signs with a certificate it does not embed); until then no staple from it verifies.")
    }

    fileprivate static func ocspNextUpdateBeforeThisUpdate(this: Date, next: Date) -> Finding {
        Finding(.ocspNextUpdateBeforeThisUpdate,
                message: "A SingleResponse's nextUpdate (\(ISO8601.string(next))) is before its thisUpdate (\(ISO8601.string(this))): newer information cannot be due before the status was known (RFC 6960 §4.2.2.1); OpenSSL-based clients reject it (OCSP_check_validity: \"nextupdate before thisupdate\").",
                fix: "Raise it with the CA (its responder computes the validity window wrongly); no staple from it is accepted until it is fixed.")
    }

    fileprivate static func ocspThisUpdateAfterProducedAt(this: Date, producedAt: Date) -> Finding {
        Finding(.ocspThisUpdateAfterProducedAt,
                message: "A SingleResponse's thisUpdate (\(ISO8601.string(this))) is after the response's producedAt (\(ISO8601.string(producedAt))): RFC 6960 §4.2.2.1 makes thisUpdate the time the status \"is known by the responder to have been correct\" and producedAt the time it \"signed this response\", so it vouches for a moment after it signed (a responder clock or backdating error).",
                fix: "Raise it with the CA, quoting both times: its responder's clocks disagree.")
    }

    fileprivate static func responderCertExtraEKU(_ subject: String, others: [String]) -> Finding {
        Finding(.responderCertExtraEKU,
                message: "The delegated responder certificate \(subject) has extended key usages besides id-kp-OCSPSigning (\(others.joined(separator: ", "))); CA/Browser Forum BR §7.1.2.8.5: id-kp-OCSPSigning MUST be present and other purposes MUST NOT.",
                fix: profileFix)
    }

    fileprivate static func responderCertKeyUsage(_ subject: String, bits: UInt32?) -> Finding {
        let what = bits.map { "has key usage \(keyUsageNames($0).joined(separator: ", "))" } ?? "has no keyUsage extension"
        return Finding(.responderCertKeyUsage,
                       message: "The delegated responder certificate \(subject) \(what); CA/Browser Forum BR §7.1.2.8.7: keyUsage MUST be present with digitalSignature, and every other bit MUST NOT be set.",
                       fix: profileFix)
    }

    fileprivate static func responderCertCA(_ subject: String) -> Finding {
        Finding(.responderCertCA,
                message: "The delegated responder certificate \(subject) is a CA certificate (basicConstraints cA TRUE); CA/Browser Forum BR §7.1.2.8.4: cA MUST be FALSE, and a CA key used to answer OCSP can issue certificates too.",
                fix: profileFix)
    }

    fileprivate static func responderCertNoAKI(_ subject: String) -> Finding {
        Finding(.responderCertNoAKI,
                message: "The delegated responder certificate \(subject) has no authorityKeyIdentifier (with a keyIdentifier); CA/Browser Forum BR §7.1.2.8.2: authorityKeyIdentifier MUST be present (§7.1.2.11.1), so clients can tell which CA key issued it.",
                fix: profileFix)
    }

    fileprivate static func responderCertForbiddenExtension(_ subject: String, extensions: [String]) -> Finding {
        Finding(.responderCertForbiddenExtension,
                message: "The delegated responder certificate \(subject) carries \(extensions.joined(separator: ", ")); CA/Browser Forum BR §7.1.2.8.2: subjectAltName, nameConstraints, certificatePolicies and crlDistributionPoints MUST NOT be present, and §7.1.2.8.3 rules out id-ad-ocsp in its authorityInformationAccess.",
                fix: profileFix)
    }

    /// RFC 6960 §4.2.2.2.1: "A CA may specify that an OCSP client can trust a responder for
    /// the lifetime of the responder's certificate" by including id-pkix-ocsp-nocheck; the
    /// CA/Browser Forum BR §7.1.2.8.6 makes it a MUST.
    static func responderSignerNoNoCheck(_ subject: String) -> Finding {
        Finding(.responderSignerNoNoCheck,
                message: "The delegated responder certificate \(subject) lacks id-pkix-ocsp-nocheck, so strict clients try to check the responder's own revocation status, which has no answer (RFC 6960 §4.2.2.2.1; CA/Browser Forum BR §7.1.2.8.6: it MUST be present).",
                fix: "Raise it with the CA: delegated responder certificates must carry ocsp-nocheck (BR §7.1.2.8.6).")
    }

    /// "digitalSignature, keyEncipherment" from KU_* bits.
    private static func keyUsageNames(_ bits: UInt32) -> [String] {
        let names: [(Int32, String)] = [
            (KU_DIGITAL_SIGNATURE, "digitalSignature"), (KU_NON_REPUDIATION, "nonRepudiation"),
            (KU_KEY_ENCIPHERMENT, "keyEncipherment"), (KU_DATA_ENCIPHERMENT, "dataEncipherment"),
            (KU_KEY_AGREEMENT, "keyAgreement"), (KU_KEY_CERT_SIGN, "keyCertSign"), (KU_CRL_SIGN, "cRLSign"),
            (KU_ENCIPHER_ONLY, "encipherOnly"), (KU_DECIPHER_ONLY, "decipherOnly"),
        ]
        let set = names.filter { bits & UInt32($0.0) != 0 }.map(\.1)
        return set.isEmpty ? ["(none)"] : set
    }
}
