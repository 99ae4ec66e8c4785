internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where trust anchors come from.
public enum TrustAnchors: Sendable, Equatable {
    /// OpenSSL's default store: $SSL_CERT_FILE / $SSL_CERT_DIR, else the system's
    /// hashed certificate directory (looked up lazily, so checks stay fast).
    case system
    /// A PEM file whose certificates replace the system store (`--ca-file`), read by
    /// staplecheck's own bounded reader and handed to OpenSSL as bytes.
    case file(RawPath)

    /// A PEM file named by text (its UTF-8 bytes).
    public static func file(_ path: String) -> TrustAnchors { .file(RawPath(path)) }
}
