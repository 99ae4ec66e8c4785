internal import COpenSSL

// MARK: - CertID
//
// RFC 6960 §3.2: clients SHALL confirm that "the certificate identified in a received
// response corresponds to the certificate that was identified in the corresponding
// request". A CertID names it by hash algorithm, issuer name hash, issuer key hash and
// serial number (§4.1.1); all four are compared.

extension StapleAnalyzer {
    /// Which SingleResponse speaks for the certificate: its index in the response (the
    /// caller reads it while it holds the response), and whether it matched.
    struct SingleMatch {
        var index: Int32?
        var matched = false
        var finding: Finding?
    }

    func matchSingleResponse(_ basic: OCSPBasicResponse, subject: StapleSubject, info: inout StapleInfo) -> SingleMatch {
        return basic.withPointer { basicPointer -> SingleMatch in
            var result = SingleMatch()
            let count = OCSP_resp_count(basicPointer)
            guard count > 0 else {
                result.finding = .stapleWithoutSingleResponse
                return result
            }
            guard let leaf = subject.leaf else { return describeWithoutCertificate(basic, issuer: subject.issuer, info: &info) }
            var firstMismatch: (serial: String, sameIssuer: Bool?)?
            for i in 0..<count {
                guard let single = OCSP_resp_get0(basicPointer, i), let certID = OCSP_SINGLERESP_get0_id(single) else { continue }
                var serial: UnsafeMutablePointer<ASN1_INTEGER>?
                var hashObject: OpaquePointer?
                _ = OCSP_id_get0_info(nil, &hashObject, nil, &serial, certID)
                var matches: Bool
                var sameIssuer: Bool?
                if let issuer = subject.issuer, let digest = sc_EVP_get_digestbyobj(hashObject),
                   let compared = leaf.withCertID(digest: digest, issuer: issuer, {
                       (same: OCSP_id_cmp($0, certID) == 0, sameIssuer: OCSP_id_issuer_cmp($0, certID) == 0)
                   }) {
                    (matches, sameIssuer) = compared
                } else {
                    // Without the issuer (or with a hash OpenSSL does not know) only the serial
                    // can be compared; the issuer-unavailable finding says so.
                    matches = subject.issuer != nil ? false : leaf.hasSerial(serial)
                }
                if result.index == nil || matches {
                    result.index = i
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
                if mismatch.sameIssuer == true && mismatch.serial != served {
                    result.finding = .stapleForPreviousCertificate(stapled: mismatch.serial, served: served)
                } else if mismatch.sameIssuer == false {
                    result.finding = .stapleForOtherIssuer(serial: mismatch.serial)
                } else if subject.issuer != nil, let algorithm = info.certIDHashAlgorithm, EVP_get_digestbyname(algorithm) == nil {
                    result.finding = .stapleUnknownCertIDHash(algorithm)
                } else {
                    result.finding = .stapleCertIDMismatch(stapled: mismatch.serial, served: served)
                }
            }
            return result
        }
    }

    /// `inspect` without a certificate: the first SingleResponse is described and judged;
    /// with an issuer, its CertID must at least name that issuer.
    private func describeWithoutCertificate(_ basic: OCSPBasicResponse, issuer: X509Certificate?, info: inout StapleInfo) -> SingleMatch {
        return basic.withPointer { basicPointer -> SingleMatch in
            var result = SingleMatch()
            guard let single = OCSP_resp_get0(basicPointer, 0), let certID = OCSP_SINGLERESP_get0_id(single) else { return result }
            var serial: UnsafeMutablePointer<ASN1_INTEGER>?
            var hashObject: OpaquePointer?
            _ = OCSP_id_get0_info(nil, &hashObject, nil, &serial, certID)
            result.index = 0
            info.serialNumber = hexString(serial)
            info.certIDHashAlgorithm = objectName(hashObject)
            info.notChecked.append(.certificate)
            if let issuer, let digest = sc_EVP_get_digestbyobj(hashObject), let serial,
               issuer.withIssuedCertID(digest: digest, serial: serial, { OCSP_id_issuer_cmp($0, certID) != 0 }) == true {
                result.finding = .responseForOtherIssuer(issuer.subject)
                return result
            }
            result.matched = true  // as far as can be told: status and window are judged
            return result
        }
    }
}

extension Finding {
    fileprivate static let stapleWithoutSingleResponse = Finding(
        .stapleMalformed, message: "The staple contains no SingleResponse at all.", fix: Fix.refetchStaple)

    static let stapleWithoutStatus = Finding(
        .stapleWrongCertificate, message: "The staple holds no status for the certificate.", fix: Fix.refetchStaple)

    fileprivate static func stapleForPreviousCertificate(stapled: String, served: String) -> Finding {
        Finding(.stapleWrongCertificate,
                message: "The staple is about serial \(stapled), not the certificate's serial \(served): most likely the previous certificate's response, still served after a renewal.",
                fix: Fix.refetchStaple)
    }

    fileprivate static func stapleForOtherIssuer(serial: String) -> Finding {
        Finding(.stapleWrongCertificate,
                message: "The staple's CertID names a different issuer (serial \(serial)) than the certificate's issuer: it belongs to another certificate.",
                fix: Fix.refetchStaple)
    }

    fileprivate static func stapleUnknownCertIDHash(_ algorithm: String) -> Finding {
        Finding(.stapleWrongCertificate,
                message: "The staple's CertID uses a hash algorithm OpenSSL does not know (\(algorithm)), so it cannot be matched to the certificate.",
                fix: Fix.refetchStaple)
    }

    fileprivate static func stapleCertIDMismatch(stapled: String, served: String) -> Finding {
        Finding(.stapleWrongCertificate,
                message: "The staple's CertID (serial \(stapled)) does not match the certificate (serial \(served)).",
                fix: Fix.refetchStaple)
    }

    fileprivate static func responseForOtherIssuer(_ issuer: String) -> Finding {
        Finding(.stapleWrongCertificate,
                message: "The response's CertID names a different issuer than \(issuer): it is not about a certificate that issuer signed.",
                fix: Fix.refetchStaple)
    }
}
