internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns one `X509_STORE*`, its verification time pinned to the analysis instant so that
/// `--at` applies to certificate and responder validity as well as to the staple.
final class TrustStore: OpenSSLOwner {
    private let pointer: OpaquePointer

    init(_ anchors: TrustAnchors, at date: Date) throws(CheckError) {
        guard let store = X509_STORE_new() else {
            throw CheckError.internal("could not allocate a certificate store")
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
                throw CheckError.input("cannot read CA file \(path): \(OpenSSLErrors.describe(errors, fallback: "no certificates found"))")
            }
        }
        if let param = X509_STORE_get0_param(store) {
            X509_VERIFY_PARAM_set_time(param, time_t(date.timeIntervalSince1970))
        }
    }

    deinit { X509_STORE_free(pointer) }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }
}
