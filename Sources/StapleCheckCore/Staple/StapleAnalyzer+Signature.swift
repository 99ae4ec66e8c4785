internal import COpenSSL

// MARK: - Signature and responder authorisation
//
// RFC 6960 §3.2: clients SHALL confirm that "the signature on the response is valid" and
// that "the signer is currently authorized to provide a response for the certificate in
// question" — the issuing CA itself, or a responder it certified with id-kp-OCSPSigning
// (§4.2.2.2).

extension StapleAnalyzer {
    func verifySignature(_ basic: OCSPBasicResponse, subject: StapleSubject, info: inout StapleInfo) -> [Finding] {
        return basic.withPointer { basicPointer -> [Finding] in
            var helpers = subject.untrusted
            if let issuer = subject.issuer, !helpers.contains(where: { $0.isSameCertificate(as: issuer) }) { helpers.append(issuer) }
            guard let untrusted = CertificateStack(helpers) else { return [] }

            var rawSigner: OpaquePointer?
            guard untrusted.withPointer({ OCSP_resp_get0_signer(basicPointer, &rawSigner, $0) }) == 1, let rawSigner else {
                OpenSSLErrors.clear()
                info.verifyError = "signer certificate not found"
                if subject.issuer == nil {
                    info.notChecked.append(.signature)
                    return []
                }
                return [.stapleSignerNotFound]
            }
            let signer = X509Certificate(borrowing: rawSigner)
            info.signerSubject = signer.subject
            info.signerNotAfter = signer.notAfter
            info.signerOCSPSigning = signer.hasOCSPSigningUsage
            info.signerOCSPNoCheck = signer.hasOCSPNoCheck

            // Signature alone (OCSP_NOVERIFY skips chain building and the issuer checks).
            OpenSSLErrors.clear()
            let signatureOK = withPointers(untrusted, store) { OCSP_basic_verify(basicPointer, $0, $1, UInt(OCSP_NOVERIFY)) } == 1
            let signatureErrors = OpenSSLErrors.drain()
            guard signatureOK else {
                let error = OpenSSLErrors.describe(signatureErrors, fallback: "signature failure")
                info.verifyError = error
                if let actual = basic.digestThatVerifies(with: signer), let declared = info.signatureAlgorithm {
                    info.actualSignatureDigest = actual
                    return [.stapleMislabelledSignature(declared: declared, actual: actual)]
                }
                return [.stapleBadSignature(error)]
            }

            // Full check: signer chained to the trust store, and either the issuing CA or a
            // responder it delegated with id-kp-OCSPSigning. No OCSP_TRUSTOTHER: a staple
            // signed by an arbitrary certificate must not pass.
            OpenSSLErrors.clear()
            let authorised = withPointers(untrusted, store) { OCSP_basic_verify(basicPointer, $0, $1, 0) } == 1
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
            let error = OpenSSLErrors.describe(errors, fallback: "responder not authorised")
            info.verifyError = error
            if let algorithm = info.certIDHashAlgorithm, EVP_get_digestbyname(algorithm) == nil {
                return [.stapleSignerUncheckable(signer.subject, hash: algorithm)]
            }
            guard let issuer = subject.issuer else {
                return [.stapleSignerUnverified(signer.subject, error: error)]
            }
            let structurallyAuthorised = signer.isSameCertificate(as: issuer) || (issuer.issued(signer) && signer.hasOCSPSigningUsage)
            return [.stapleSignerUnauthorized(signer.subject, error: error, chainUntrusted: structurallyAuthorised && !subject.chainTrusted)]
        }
    }
}

extension Finding {
    fileprivate static let stapleSignerNotFound = Finding(
        .stapleSignatureInvalid,
        message: "The staple's signer certificate is neither embedded in the response nor in the served chain, so its signature cannot be verified.",
        fix: Fix.refetchStaple)

    fileprivate static func stapleMislabelledSignature(declared: String, actual: String) -> Finding {
        Finding(.stapleSignatureInvalid,
                message: "The staple declares its signature as \(declared) but was signed over \(actual.uppercased()): the responder mislabels its signature algorithm, and every client rejects it.",
                fix: "Raise it with the CA (its responder's signature algorithm is misconfigured); until it is fixed no staple from it can be valid.")
    }

    fileprivate static func stapleBadSignature(_ error: String) -> Finding {
        Finding(.stapleSignatureInvalid,
                message: "The staple's signature does not verify with its signer's key (\(error)); every client rejects it.",
                fix: "The staple was altered or corrupted: " + Fix.refetchStaple)
    }

    fileprivate static func stapleSignerUncheckable(_ signer: String, hash: String) -> Finding {
        Finding(.stapleSignerUnauthorized,
                message: "The signature by \(signer) verifies, but whether that responder may answer for the certificate cannot be checked: the CertID's hash algorithm (\(hash)) is unknown, to clients as well.",
                fix: "Staple a response to a standard request (SHA-1 or SHA-256 CertID) from the issuing CA's responder.")
    }

    /// A signer was found, but without the issuer nothing tells whether it is authorised.
    fileprivate static func stapleSignerUnverified(_ signer: String, error: String) -> Finding {
        Finding(.stapleUnverified, escalated: true,
                message: "The response's signer \(signer) could not be verified (\(error)), and without the issuer it cannot be told whether it is authorised.",
                fix: "Give the issuing CA's certificate with --issuer and its root with --ca-file.")
    }

    /// `chainUntrusted`: the issuer does authorise the signer, but like the served chain it
    /// does not reach a trusted root — the chain finding already says what is wrong.
    fileprivate static func stapleSignerUnauthorized(_ signer: String, error: String, chainUntrusted: Bool) -> Finding {
        chainUntrusted
            ? Finding(.stapleSignerUnauthorized, escalated: true,
                      message: "The staple is signed by \(signer), which the certificate's issuer authorises, but like the certificate chain itself it does not chain to a trusted root (\(error)).",
                      fix: "For a private CA pass its root with `--ca-file`; otherwise serve a chain that reaches a publicly trusted root.")
            : Finding(.stapleSignerUnauthorized,
                      message: "The staple is signed by \(signer), which is neither the certificate's issuer nor a responder it authorised (\(error)); clients reject it.",
                      fix: "Staple only responses from the issuing CA's responder (the certificate's AIA OCSP URL); remove any `ssl_stapling_responder` / `SSLStaplingForceURL` override pointing elsewhere, or refetch the staple file.")
    }
}
