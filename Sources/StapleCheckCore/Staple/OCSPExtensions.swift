internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Response extensions a client may meet marked critical and still understand.
let understoodOCSPExtensions: Set<String> = [
    "1.3.6.1.5.5.7.48.1.2",  // nonce (RFC 6960 §4.4.1, RFC 9654)
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
