#if canImport(Glibc)
import Glibc
#endif

/// How it was encoded.
public enum InputEncoding: String, Codable, Sendable {
    case pem, der, base64
}
