internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// DNS names and IP addresses as text, and optionally URIs prefixed "URI:".
func generalNameStrings(_ names: OpaquePointer, includeURIs: Bool) -> [String] {
    var out: [String] = []
    for i in 0..<sc_sk_GENERAL_NAME_num(names) {
        guard let name = sc_sk_GENERAL_NAME_value(names, i) else { continue }
        var type: Int32 = 0
        guard let value = GENERAL_NAME_get0_value(name, &type) else { continue }
        let string = value.assumingMemoryBound(to: ASN1_STRING.self)
        switch type {
        case GEN_DNS:
            out.append(String(decoding: asn1StringBytes(string), as: UTF8.self))
        case GEN_IPADD:
            out.append(ipString(asn1StringBytes(string)))
        case GEN_URI where includeURIs:
            out.append("URI:" + String(decoding: asn1StringBytes(string), as: UTF8.self))
        default:
            continue
        }
    }
    return out
}

private func ipString(_ bytes: [UInt8]) -> String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    if bytes.count == 16 {
        var groups: [String] = []
        for i in stride(from: 0, to: 16, by: 2) {
            groups.append(String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16))
        }
        return groups.joined(separator: ":")
    }
    return hexBytes(bytes)
}
