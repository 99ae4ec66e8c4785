internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// "RSA 2048", "EC prime256v1", "ED25519 256".
func keyDescription(_ key: OpaquePointer) -> String {
    let type = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
    var group = [CChar](repeating: 0, count: 64)
    var groupLength = 0
    if EVP_PKEY_get_group_name(key, &group, group.count, &groupLength) == 1, groupLength > 0 {
        return "\(type) \(string(fromCBuffer: group))"
    }
    OpenSSLErrors.clear()
    return "\(type) \(EVP_PKEY_get_bits(key))"
}
