internal import COpenSSL

/// What a certificate profile is judged on (the CA/Browser Forum's OCSP responder profile):
/// its key usages, basic constraints, key identifiers and which extensions it carries.
extension X509Certificate {
    /// The extended key usage extension's purposes, each with its NID (NID_undef for one
    /// OpenSSL does not know) and its name ("OCSP Signing", or the OID); nil when absent.
    var extendedKeyUsages: [(nid: Int32, name: String)]? {
        withPointer { pointer -> [(nid: Int32, name: String)]? in
            guard let raw = X509_get_ext_d2i(pointer, NID_ext_key_usage, nil, nil) else { return nil }
            let usages = OpaquePointer(raw)
            defer { EXTENDED_KEY_USAGE_free(usages) }
            return (0..<sc_sk_ASN1_OBJECT_num(usages)).map { i in
                let object = sc_sk_ASN1_OBJECT_value(usages, i)
                let nid = OBJ_obj2nid(object)
                return (nid, nid == NID_undef ? objectOID(object) : objectName(object))
            }
        }
    }

    /// The key usage bits (KU_DIGITAL_SIGNATURE …); nil when the extension is absent
    /// (X509_get_key_usage then answers "every usage", UINT32_MAX).
    var keyUsageBits: UInt32? {
        withPointer { pointer -> UInt32? in
            let bits = X509_get_key_usage(pointer)
            return (X509_get_extension_flags(pointer) & UInt32(EXFLAG_KUSAGE)) != 0 ? bits : nil
        }
    }

    /// basicConstraints says cA TRUE.
    var isCA: Bool {
        withPointer { (X509_get_extension_flags($0) & UInt32(EXFLAG_CA)) != 0 }
    }

    /// An authorityKeyIdentifier extension with a keyIdentifier.
    var hasAuthorityKeyIdentifier: Bool {
        withPointer { X509_get0_authority_key_id($0) != nil }
    }

    /// The extension with this NID is present (decodable or not).
    func hasExtension(_ nid: Int32) -> Bool {
        withPointer { X509_get_ext_by_NID($0, nid, -1) >= 0 }
    }

    /// SHA-1 of the subjectPublicKey BIT STRING's value: what a byKey ResponderID holds
    /// (RFC 6960 §4.2.1, "the SHA-1 hash of the responder's public key").
    var publicKeySHA1: [UInt8] {
        withPointer { pointer -> [UInt8] in
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard X509_pubkey_digest(pointer, EVP_sha1(), &digest, &length) == 1 else { return [] }
            return Array(digest.prefix(Int(length)))
        }
    }
}
