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
/// The checks live beside it, one file each: the CertID match, the status and validity
/// window, the signature and the signer's authorisation, the responder's profile.
struct StapleAnalyzer {
    var store: TrustStore
    var now: Date
    var warnWithin: TimeInterval

    func analyze(_ der: [UInt8], for subject: StapleSubject) -> (StapleInfo, [Finding]) {
        OpenSSLErrors.clear()
        guard let response = OCSPResponseHandle(der: der) else {
            let reason = OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "no data")
            var info = StapleInfo(size: der.count, parsed: false)
            info.parseError = ResponseBytes.diagnose(der) ?? ParseError(.rejected, message: "OpenSSL cannot read the OCSPResponse: \(reason).")
            return (info, [.stapleUnreadable(der, reason: reason, explained: info.parseError)])
        }
        return analyze(response, size: der.count, for: subject)
    }

    /// The same for a response already parsed (`inspect` decodes it for display too).
    func analyze(_ response: OCSPResponseHandle, size: Int, for subject: StapleSubject) -> (StapleInfo, [Finding]) {
        var info = StapleInfo(size: size, parsed: true)
        var findings: [Finding] = []
        // OpenSSL reads it; what swift-asn1's strict walk says decides only between DER and
        // BER here (and explains trailing bytes and an unreadable body below).
        let diagnosis = ResponseBytes.diagnose(response.der)
        if response.trailingBytes > 0 {
            info.parseError = diagnosis
            findings.append(.stapleTrailingBytes(response.trailingBytes))
        }

        let status = response.status
        info.responseStatus = status
        guard status == .successful else {
            findings.append(.stapleUnsuccessful(status))
            findings += Self.unsuccessfulBodyFindings(response)
            return (info, findings)
        }

        OpenSSLErrors.clear()
        guard let basic = response.basic() else {
            let errors = OpenSSLErrors.drain()
            if errors.contains(where: { $0.library == ERR_LIB_OCSP && $0.reason == OCSP_R_NOT_BASIC_RESPONSE }) {
                let oid = OCSPResponseHandle.responseTypeOID(response.der)
                info.responseType = .unsupported(oid: oid)
                findings.append(.stapleUnsupportedType(oid))
            } else {
                let reason = OpenSSLErrors.describe(errors, fallback: "no response bytes")
                info.parseError = diagnosis ?? ParseError(.rejected, path: "responseBytes.response",
                                                          message: "OpenSSL cannot read the BasicOCSPResponse: \(reason).")
                findings.append(.stapleBodyUnreadable(reason, explained: info.parseError))
            }
            return (info, findings)
        }
        info.responseType = .basic
        if response.trailingBytes == 0, let diagnosis, diagnosis.isStrictnessOnly {
            info.parseError = diagnosis
            findings.append(.stapleNotDER(diagnosis))
        }
        Self.describeEnvelope(basic, into: &info)
        if info.producedAt == nil {  // mandatory: nil means present and undecodable
            info.unreadableTimes.append("producedAt")
            findings.append(.stapleTimeUnreadable("producedAt"))
        }
        findings += Self.structuralFindings(basic)

        let match = matchSingleResponse(basic, subject: subject, info: &info)
        if let finding = match.finding {
            findings.append(finding)
        } else if !match.matched {
            findings.append(.stapleWithoutStatus)
        }
        if let index = match.index, let status = basic.singleStatus(at: index) {
            findings += judgeStatusAndTime(status, matched: match.matched, info: &info)
        }
        findings += verifySignature(basic, subject: subject, info: &info)
        findings += profileFindings(basic, subject: subject, info: info)
        if !info.notChecked.isEmpty { findings.append(.stapleNotChecked(info.notChecked)) }
        return (info, findings)
    }

    // MARK: - Envelope

    static func describeEnvelope(_ basic: OCSPBasicResponse, into info: inout StapleInfo) {
        basic.withPointer { basicPointer in
            info.producedAt = dateFromASN1Time(OCSP_resp_get0_produced_at(basicPointer))
            var keyHash: UnsafePointer<ASN1_OCTET_STRING>?
            var name: OpaquePointer?
            if OCSP_resp_get0_id(basicPointer, &keyHash, &name) == 1 {
                if let name {
                    info.responderID = "byName: " + nameString(name)
                } else if let keyHash {
                    info.responderID = "byKey: " + hexBytes(asn1StringBytes(keyHash))
                }
            }
            if let alg = OCSP_resp_get0_tbs_sigalg(basicPointer) {
                var object: OpaquePointer?
                X509_ALGOR_get0(&object, nil, nil, alg)
                info.signatureAlgorithm = objectName(object)
            }
            if let certs = OCSP_resp_get0_certs(basicPointer) {
                info.embeddedCertificateCount = Int(sc_sk_X509_num(certs))
            }
            info.singleResponseCount = Int(OCSP_resp_count(basicPointer))
        }
    }

    /// Version and critical extensions. RFC 6960 §4.2.1: "version … MUST be v1"; §4.4:
    /// "clients MUST … reject a response that contains a critical extension they do not
    /// understand" (in the words of RFC 5280 §4.2, which it follows).
    static func structuralFindings(_ basic: OCSPBasicResponse) -> [Finding] {
        return basic.withPointer { basicPointer -> [Finding] in
            var findings: [Finding] = []
            if let version = basic.version, !version.isV1 { findings.append(.stapleUnsupportedVersion(version.text)) }
            var critical = basic.responseExtensions.filter { $0.critical && !understoodOCSPExtensions.contains($0.oid) }
            for i in 0..<OCSP_resp_count(basicPointer) {
                guard let single = OCSP_resp_get0(basicPointer, i) else { continue }
                critical += extensionDetails(count: OCSP_SINGLERESP_get_ext_count(single)) { OCSP_SINGLERESP_get_ext(single, $0) }
                    .filter { $0.critical && !understoodOCSPExtensions.contains($0.oid) }
            }
            if !critical.isEmpty { findings.append(.stapleUnknownCriticalExtension(critical.map { $0.name ?? $0.oid })) }
            return findings
        }
    }
}

extension String {
    /// Without a final ".", to go on inside a sentence.
    var trimmingFinalPeriod: String { hasSuffix(".") ? String(dropLast()) : self }
}

extension Finding {
    /// Bytes that are no OCSPResponse at all, named by what they look like instead.
    static func stapleUnreadable(_ der: [UInt8], reason: String, explained: ParseError? = nil) -> Finding {
        let what: String
        if der.isEmpty {
            what = "The server sent an empty staple"
        } else if der.starts(with: Array("-----BEGIN".utf8)) {
            what = "The staple is PEM text, not the DER an OCSPResponse must be"
        } else if X509Certificate(der: der) != nil {
            what = "The staple is an X.509 certificate, not an OCSPResponse"
        } else if der.count >= 8, der.first != 0x30, der.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || $0 == 0x2b || $0 == 0x2f || $0 == 0x3d || $0 == 0x0a || $0 == 0x0d }) {
            what = "The staple looks like base64 text, not the DER an OCSPResponse must be"
        } else if let explained, explained.kind != .rejected {
            what = "The staple (\(der.count) bytes) is not a DER-encoded OCSPResponse: " + explained.message.trimmingFinalPeriod
        } else {
            what = "The staple (\(der.count) bytes) is not a DER-encoded OCSPResponse (\(reason))"
        }
        OpenSSLErrors.clear()
        return Finding(.stapleMalformed,
                       message: what + "; clients discard it, and must-staple clients refuse the connection.",
                       fix: "Point the server at the raw DER response (`openssl ocsp … -respout FILE`, or `base64 -d` a base64 file) — nginx `ssl_stapling_file`, HAProxy `<cert>.ocsp`.")
    }

    fileprivate static func stapleTrailingBytes(_ count: Int) -> Finding {
        Finding(.stapleMalformed,
                message: "The staple has \(count) bytes of trailing data after the OCSPResponse; strict DER parsers (Firefox's) reject it.",
                fix: "Serve exactly the DER bytes the responder returned (`openssl ocsp -respout FILE`), with nothing appended.")
    }

    fileprivate static func stapleBodyUnreadable(_ reason: String, explained: ParseError?) -> Finding {
        Finding(.stapleMalformed,
                message: "The staple says \"successful\" but its response body cannot be read (\(reason))"
                    + (explained.map { $0.kind == .rejected ? "." : ": " + $0.message } ?? "."),
                fix: "Replace the staple with a fresh DER response from the CA's responder (`openssl ocsp -respout FILE`).")
    }

    /// OpenSSL reads it, strict DER parsers do not.
    fileprivate static func stapleNotDER(_ diagnosis: ParseError) -> Finding {
        Finding(.stapleMalformed,
                message: "The staple is BER, not DER: " + diagnosis.message,
                fix: "Raise it with the CA (its responder encodes responses in BER); serve exactly what a DER-conforming responder returns.")
    }

    fileprivate static func stapleUnsuccessful(_ status: OCSPResponseStatus) -> Finding {
        Finding(.stapleUnsuccessful,
                message: "The staple is an OCSP error response (\(status)), not a certificate status; clients treat it as no staple, and must-staple clients refuse the connection.",
                fix: "Apache: `SSLStaplingReturnResponderErrors off` and `SSLStaplingFakeTryLater off` stop it stapling responder errors; for file-based stapling (nginx `ssl_stapling_file`, HAProxy `.ocsp`) fetch a fresh successful response, and check the server can reach the CA's responder.")
    }

    fileprivate static func stapleUnsupportedType(_ oid: String?) -> Finding {
        Finding(.stapleUnsupportedType,
                message: "The staple's response type is \(oid ?? "unreadable"), not id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1), the only type clients understand.",
                fix: "Staple the response exactly as the CA's responder returns it for a standard OCSP request.")
    }

    fileprivate static func stapleUnsupportedVersion(_ version: String) -> Finding {
        Finding(.stapleUnsupportedVersion,
                message: "The staple's tbsResponseData declares version \(version) as encoded; only v1 (encoded 0) exists, and strict clients reject anything else.",
                fix: "The responder produced a malformed response: " + Fix.refetchStaple)
    }

    fileprivate static func stapleUnknownCriticalExtension(_ names: [String]) -> Finding {
        Finding(.stapleUnknownCriticalExtension,
                message: "The staple carries a critical extension clients do not understand (\(names.joined(separator: ", "))), so they must reject it.",
                fix: "Raise it with the CA: its responder marks a non-standard extension critical. Meanwhile staple a response without it.")
    }

    /// `inspect` was not given what some checks need.
    fileprivate static func stapleNotChecked(_ missing: [NotChecked]) -> Finding {
        let parts = missing.map {
            switch $0 {
            case .certificate: "that the response is about your certificate (give --cert)"
            case .signature: "the signature (give --issuer, or a response that embeds its signer)"
            }
        }
        return Finding(.stapleUnverified, message: "Not checked for want of input: " + parts.joined(separator: "; ") + ".", fix: nil)
    }
}
