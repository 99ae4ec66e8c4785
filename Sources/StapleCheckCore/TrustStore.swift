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
    /// A PEM file whose certificates replace the system store (`--ca-file`).
    case file(String)
}

/// Owns one `X509_STORE*`, its verification time pinned to the analysis instant so that
/// `--at` applies to certificate and responder validity as well as to the staple.
final class TrustStore {
    let pointer: OpaquePointer

    init(_ anchors: TrustAnchors, at date: Date) throws(CheckError) {
        guard let store = X509_STORE_new() else {
            throw CheckError(code: "internal", message: "could not allocate a certificate store")
        }
        pointer = store
        OpenSSLErrors.clear()
        switch anchors {
        case .system:
            if let file = getenv("SSL_CERT_FILE") {
                _ = X509_STORE_load_file(store, file)
            }
            let dir = getenv("SSL_CERT_DIR").map { String(cString: $0) } ?? String(cString: X509_get_default_cert_dir())
            for path in dir.split(separator: ":") {
                _ = X509_STORE_load_path(store, String(path))
            }
            OpenSSLErrors.clear()
        case .file(let path):
            let loaded = X509_STORE_load_file(store, path)
            let errors = OpenSSLErrors.drain()
            if loaded != 1 {
                throw CheckError(code: "input", message: "cannot read CA file \(path): \(OpenSSLErrors.describe(errors, fallback: "no certificates found"))")
            }
        }
        if let param = X509_STORE_get0_param(store) {
            X509_VERIFY_PARAM_set_time(param, time_t(date.timeIntervalSince1970))
        }
    }

    deinit { X509_STORE_free(pointer) }
}

/// The served chain checked against the trust store, with the leaf's issuer if it was found.
struct ChainVerification {
    var trusted: Bool
    var error: String?
    var issuer: X509Certificate?

    init(leaf: X509Certificate, served: [X509Certificate], store: TrustStore) {
        trusted = false
        error = nil
        issuer = nil
        guard let ctx = X509_STORE_CTX_new() else { return }
        defer { X509_STORE_CTX_free(ctx) }
        guard let untrusted = CertificateStack(Array(served.dropFirst())) else { return }
        OpenSSLErrors.clear()
        guard X509_STORE_CTX_init(ctx, store.pointer, leaf.pointer, untrusted.pointer) == 1 else {
            error = OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "could not start chain verification")
            return
        }
        _ = X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER)
        trusted = X509_verify_cert(ctx) == 1
        if !trusted {
            error = String(cString: X509_verify_cert_error_string(Int(X509_STORE_CTX_get_error(ctx))))
        }
        OpenSSLErrors.clear()
        // The chain OpenSSL built stays readable after a failure; its second element is
        // the issuer, whether it came from the served certificates or the store.
        if let chain = X509_STORE_CTX_get0_chain(ctx), sc_sk_X509_num(chain) >= 2,
           let candidate = sc_sk_X509_value(chain, 1) {
            let wrapped = X509Certificate(borrowing: candidate)
            if wrapped.issued(leaf) { issuer = wrapped }
        }
        if issuer == nil {
            issuer = served.dropFirst().first { $0.issued(leaf) }
        }
    }
}
