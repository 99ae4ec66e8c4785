internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every field of an OCSP response, decoded for `inspect` (RFC 6960 §4.2.1).
public struct OCSPResponseDetail: Codable, Sendable, Equatable {
    public var responseStatus: OCSPResponseStatus
    /// "basic" for id-pkix-ocsp-basic, otherwise the responseType OID; nil without responseBytes.
    public var responseType: String?
    /// The tbsResponseData version as encoded: 0 is v1, the only version defined. nil when
    /// unreadable or beyond 64 bits (the staple-unsupported-version finding quotes it then).
    public var version: Int?
    public var responderID: String?
    public var producedAt: Date?
    public var responses: [SingleResponseDetail]
    public var extensions: [ExtensionDetail]
    public var signatureAlgorithm: String?
    public var certificates: [EmbeddedCertificate]
}

public struct SingleResponseDetail: Codable, Sendable, Equatable {
    public var hashAlgorithm: String
    public var issuerNameHash: String
    public var issuerKeyHash: String
    public var serialNumber: String
    public var certStatus: CertStatus
    public var revocationTime: Date?
    public var revocationReason: String?
    public var thisUpdate: Date?
    public var nextUpdate: Date?
    public var extensions: [ExtensionDetail]
}

public struct ExtensionDetail: Codable, Sendable, Equatable {
    public var oid: String
    /// OpenSSL's name for it, when it has one ("OCSP Nonce", "CT Certificate SCTs").
    public var name: String?
    public var critical: Bool
    /// The extnValue contents, hex.
    public var value: String
}

public struct EmbeddedCertificate: Codable, Sendable, Equatable {
    public var subject: String
    public var issuer: String
    public var serialNumber: String
    public var notBefore: Date?
    public var notAfter: Date?
    /// Extended key usage includes id-kp-OCSPSigning.
    public var ocspSigning: Bool
    /// Carries id-pkix-ocsp-nocheck.
    public var ocspNoCheck: Bool
}

/// Response extensions a client may meet marked critical and still understand.
let understoodOCSPExtensions: Set<String> = [
    "1.3.6.1.5.5.7.48.1.2",  // nonce (RFC 8954)
    "1.3.6.1.5.5.7.48.1.3",  // CRL references
    "1.3.6.1.5.5.7.48.1.6",  // archive cutoff
    "1.3.6.1.5.5.7.48.1.9",  // extended revoke (RFC 6960 §4.4.8)
]

func extensionDetails(count: Int32, _ get: (Int32) -> OpaquePointer?) -> [ExtensionDetail] {
    (0..<max(0, count)).compactMap { i in
        guard let ext = get(i) else { return nil }
        let object = X509_EXTENSION_get_object(ext)
        let oid = objectOID(object)
        let nid = OBJ_obj2nid(object)
        return ExtensionDetail(
            oid: oid,
            name: nid == NID_undef ? nil : OBJ_nid2ln(nid).map { String(cString: $0) },
            critical: X509_EXTENSION_get_critical(ext) != 0,
            value: hexBytes(asn1StringBytes(X509_EXTENSION_get_data(ext))))
    }
}

extension OCSPBasicResponse {
    var responseExtensions: [ExtensionDetail] {
        extensionDetails(count: OCSP_BASICRESP_get_ext_count(pointer)) { OCSP_BASICRESP_get_ext(pointer, $0) }
    }

    /// The tbsResponseData version, read from its DER with OpenSSL's ASN1_get_object
    /// (the field is private to OpenSSL): 0 when absent, as DEFAULT v1 is encoded. Any
    /// INTEGER parses, 2^63 - 1 and beyond included, so no arithmetic is done on it.
    var version: EncodedVersion? {
        guard let respdata = OCSP_resp_get0_respdata(pointer) else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_OCSP_RESPDATA(respdata, &out)
        guard n > 0, let out else { return nil }
        defer { sc_OPENSSL_free(out) }
        let der = Array(UnsafeBufferPointer(start: out, count: Int(n)))
        var cursor = DERCursor(der)
        guard let outer = cursor.next(), outer.tag == V_ASN1_SEQUENCE, outer.constructed else { return nil }
        var inner = DERCursor(der, range: outer.content)
        guard let first = inner.next() else { return nil }
        guard first.tagClass == V_ASN1_CONTEXT_SPECIFIC, first.tag == 0 else { return EncodedVersion(value: 0, text: "0") }
        var explicit = DERCursor(der, range: first.content)
        guard let integer = explicit.next(), integer.tag == V_ASN1_INTEGER else { return nil }
        return der[integer.header.lowerBound..<integer.content.upperBound].withUnsafeBufferPointer { buffer -> EncodedVersion? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let value = d2i_ASN1_INTEGER(nil, &p, buffer.count) else { return nil }
            defer { ASN1_INTEGER_free(value) }
            var int64: Int64 = 0
            let fits = ASN1_INTEGER_get_int64(&int64, value) == 1
            OpenSSLErrors.clear()  // "too large" when it does not fit
            return EncodedVersion(value: fits ? Int(int64) : nil, text: fits ? String(int64) : decimalString(value))
        }
    }
}

/// An OCSP version INTEGER as encoded (v1 is 0).
struct EncodedVersion {
    /// nil when the INTEGER does not fit in 64 bits.
    var value: Int?
    /// Its decimal digits, whatever its size.
    var text: String

    var isV1: Bool { value == 0 }
}

extension OCSPResponseHandle {
    /// The responseType OID of a response OpenSSL will not open as basic, read from the
    /// DER: OCSPResponse ::= SEQUENCE { status ENUMERATED, [0] EXPLICIT SEQUENCE { OID, OCTET STRING } }.
    static func responseTypeOID(_ der: [UInt8]) -> String? {
        var cursor = DERCursor(der)
        guard let outer = cursor.next(), outer.constructed else { return nil }
        var fields = DERCursor(der, range: outer.content)
        _ = fields.next()  // responseStatus
        guard let bytes = fields.next(), bytes.tagClass == V_ASN1_CONTEXT_SPECIFIC, bytes.tag == 0 else { return nil }
        var explicit = DERCursor(der, range: bytes.content)
        guard let sequence = explicit.next(), sequence.constructed else { return nil }
        var items = DERCursor(der, range: sequence.content)
        guard let oid = items.next(), oid.tag == V_ASN1_OBJECT else { return nil }
        return der[oid.header.lowerBound..<oid.content.upperBound].withUnsafeBufferPointer { buffer -> String? in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            guard let object = d2i_ASN1_OBJECT(nil, &p, buffer.count) else { return nil }
            defer { ASN1_OBJECT_free(object) }
            return objectOID(object)
        }
    }
}

/// Steps through DER TLVs with OpenSSL's ASN1_get_object; no hand-written length parsing.
struct DERCursor {
    struct Element {
        var tag: Int32
        var tagClass: Int32
        var constructed: Bool
        var header: Range<Int>
        var content: Range<Int>
    }

    private let bytes: [UInt8]
    private var offset: Int
    private let end: Int

    init(_ bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        offset = range?.lowerBound ?? 0
        end = range?.upperBound ?? bytes.count
    }

    mutating func next() -> Element? {
        guard offset < end else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Element? in
            guard let base = buffer.baseAddress else { return nil }
            var p: UnsafePointer<UInt8>? = base + offset
            var length = 0
            var tag: Int32 = 0
            var tagClass: Int32 = 0
            let flags = ASN1_get_object(&p, &length, &tag, &tagClass, end - offset)
            guard flags & 0x80 == 0, let p else { return nil }
            let contentStart = p - base
            guard length >= 0, contentStart + length <= end else { return nil }
            let element = Element(tag: tag, tagClass: tagClass, constructed: flags & V_ASN1_CONSTRUCTED != 0,
                                  header: offset..<contentStart, content: contentStart..<(contentStart + length))
            offset = contentStart + length
            return element
        }
    }
}

extension OCSPResponseDetail {
    /// Decodes everything a successful or unsuccessful response holds.
    init(_ response: OCSPResponseHandle, der: [UInt8]) {
        self.init(responseStatus: response.status, responseType: nil, version: nil, responderID: nil, producedAt: nil,
                  responses: [], extensions: [], signatureAlgorithm: nil, certificates: [])
        guard response.status == .successful else { return }
        OpenSSLErrors.clear()
        guard let raw = OCSP_response_get1_basic(response.pointer) else {
            OpenSSLErrors.clear()
            responseType = OCSPResponseHandle.responseTypeOID(der)
            return
        }
        let basic = OCSPBasicResponse(takingOwnership: raw)
        responseType = "basic"
        version = basic.version?.value
        var summary = StapleInfo(size: der.count, parsed: true, singleResponseCount: 0, signatureValid: false, signer: .untrusted,
                                 embeddedCertificateCount: 0, matchesCertificate: false, timeValid: false)
        StapleAnalyzer.describeEnvelope(basic, into: &summary)
        responderID = summary.responderID
        producedAt = summary.producedAt
        signatureAlgorithm = summary.signatureAlgorithm
        extensions = basic.responseExtensions
        for i in 0..<OCSP_resp_count(basic.pointer) {
            guard let single = OCSP_resp_get0(basic.pointer, i), let certID = OCSP_SINGLERESP_get0_id(single) else { continue }
            var nameHash: UnsafeMutablePointer<ASN1_OCTET_STRING>?
            var hashObject: OpaquePointer?
            var keyHash: UnsafeMutablePointer<ASN1_OCTET_STRING>?
            var serial: UnsafeMutablePointer<ASN1_INTEGER>?
            _ = OCSP_id_get0_info(&nameHash, &hashObject, &keyHash, &serial, certID)
            let status = SingleStatus(single)
            responses.append(SingleResponseDetail(
                hashAlgorithm: objectName(hashObject), issuerNameHash: hexBytes(asn1StringBytes(nameHash)),
                issuerKeyHash: hexBytes(asn1StringBytes(keyHash)), serialNumber: hexString(serial),
                certStatus: status.certStatus, revocationTime: status.revocationTime, revocationReason: status.revocationReason,
                thisUpdate: status.thisUpdate, nextUpdate: status.nextUpdate,
                extensions: extensionDetails(count: OCSP_SINGLERESP_get_ext_count(single)) { OCSP_SINGLERESP_get_ext(single, $0) }))
        }
        if let certs = OCSP_resp_get0_certs(basic.pointer) {
            for i in 0..<sc_sk_X509_num(certs) {
                guard let raw = sc_sk_X509_value(certs, i) else { continue }
                let cert = X509Certificate(borrowing: raw)
                certificates.append(EmbeddedCertificate(
                    subject: cert.subject, issuer: cert.issuerName, serialNumber: cert.serialHex, notBefore: cert.notBefore,
                    notAfter: cert.notAfter, ocspSigning: cert.hasOCSPSigningUsage, ocspNoCheck: cert.hasOCSPNoCheck))
            }
        }
    }
}

/// The status part of one SingleResponse.
struct SingleStatus {
    var certStatus: CertStatus
    var revocationTime: Date?
    var revocationReason: String?
    var thisUpdate: Date?
    var nextUpdate: Date?

    init(_ single: OpaquePointer) {
        var reason: Int32 = -1
        var revokedAt: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var thisUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>?
        let status = OCSP_single_get0_status(single, &reason, &revokedAt, &thisUpdate, &nextUpdate)
        self.thisUpdate = dateFromASN1Time(thisUpdate)
        self.nextUpdate = dateFromASN1Time(nextUpdate)
        switch status {
        case V_OCSP_CERTSTATUS_GOOD:
            certStatus = .good
        case V_OCSP_CERTSTATUS_REVOKED:
            certStatus = .revoked
            revocationTime = dateFromASN1Time(revokedAt)
            if reason >= 0 { revocationReason = StapleAnalyzer.reasonName(reason) }
        default:
            certStatus = .unknown
        }
    }
}

extension OCSPBasicResponse {
    /// Digests a mislabelled signature is tried with (seed 004, "CA #2": declared SHA-256,
    /// signed over SHA-1, and the reverse).
    private static let candidateDigests = ["sha1", "sha256", "sha384", "sha512", "sha224"]

    /// After a signature failed with its declared algorithm: the digest with which the
    /// signer's key does verify it over tbsResponseData, if any. OpenSSL checks each try.
    func digestThatVerifies(with signer: X509Certificate) -> String? {
        guard let key = X509_get0_pubkey(signer.pointer), let respdata = OCSP_resp_get0_respdata(pointer),
              let signature = OCSP_resp_get0_signature(pointer) else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let n = i2d_OCSP_RESPDATA(respdata, &out)
        guard n > 0, let out else { return nil }
        defer { sc_OPENSSL_free(out) }
        let signatureBytes = asn1StringBytes(signature)
        defer { OpenSSLErrors.clear() }
        for name in Self.candidateDigests {
            guard let digest = EVP_get_digestbyname(name), let ctx = EVP_MD_CTX_new() else { continue }
            defer { EVP_MD_CTX_free(ctx) }
            guard EVP_DigestVerifyInit(ctx, nil, digest, nil, key) == 1 else { continue }
            if EVP_DigestVerify(ctx, signatureBytes, signatureBytes.count, out, Int(n)) == 1 { return name }
        }
        return nil
    }
}
