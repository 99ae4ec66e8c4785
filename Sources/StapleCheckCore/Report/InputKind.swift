#if canImport(Glibc)
import Glibc
#endif

/// What kind of object a file holds.
public enum InputKind: String, Codable, Sendable {
    case certificate
    case certificateChain = "certificate-chain"
    case csr
    case ocspResponse = "ocsp-response"
}
