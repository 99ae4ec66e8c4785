internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns one `X509_STORE*`, its verification time pinned to the analysis instant so that
/// `--at` applies to certificate and responder validity as well as to the staple.
///
/// Shared by the checks of a batch, on several threads at once: after `init` nothing changes
/// the store (the verification time is set here, once), and its readers only pass it to
/// `X509_STORE_CTX_init` and `OCSP_basic_verify`, each on a context of its own. OpenSSL
/// guards what a lookup does change — the certificates the hashed directory of the system
/// store loads on demand — with the store's lock and the directory lookup's own lock
/// (crypto/x509/x509_lu.c, by_dir.c), which is what lets one `SSL_CTX` serve many threads.
final class TrustStore: OpenSSLOwner, @unchecked Sendable {  // read-only after init; see above
    private let pointer: OpaquePointer

    init(_ anchors: TrustAnchors, at date: Date) throws(CheckError) {
        guard let store = X509_STORE_new() else {
            throw CheckError.internal("could not allocate a certificate store")
        }
        pointer = store
        OpenSSLErrors.clear()
        switch anchors {
        case .system:
            if let file = getenv("SSL_CERT_FILE"),
               let bytes = try? LocalFile.read(RawPath(cString: file), limit: Self.maximumFileSize, limitText: "8 MiB") {
                _ = Self.add(pem: bytes, to: store)
            }
            let dir = getenv("SSL_CERT_DIR").map { String(cString: $0) } ?? String(cString: X509_get_default_cert_dir())
            for path in dir.split(separator: ":") {
                _ = X509_STORE_load_path(store, String(path))
            }
            OpenSSLErrors.clear()
        case .file(let path):
            // Read here, not by OpenSSL's fopen: a FIFO, device or directory given as
            // --ca-file is refused at once instead of blocking or being read for ever.
            func fail(_ why: String) -> CheckError { CheckError.input("cannot read CA file \(path): \(why)") }
            let bytes: [UInt8]
            do throws(LocalFile.Failure) {
                bytes = try LocalFile.read(path, limit: Self.maximumFileSize, limitText: "8 MiB")
            } catch {
                throw CheckError.input("cannot read CA file \(error.message)")
            }
            let (loaded, errors) = Self.add(pem: bytes, to: store)
            if loaded == 0 {
                throw fail(OpenSSLErrors.describe(errors, fallback: "no certificates found"))
            }
        }
        if let param = X509_STORE_get0_param(store) {
            X509_VERIFY_PARAM_set_time(param, time_t(date.timeIntervalSince1970))
        }
    }

    deinit { X509_STORE_free(pointer) }

    /// A CA bundle is a few hundred KiB (Debian's ca-certificates.crt: about 220 KiB).
    static let maximumFileSize = 8 << 20

    /// Adds every certificate and CRL of a PEM text to the store, as X509_STORE_load_file
    /// would from a file. Returns how many were added, and OpenSSL's errors when a block
    /// could not be read.
    private static func add(pem: [UInt8], to store: OpaquePointer) -> (Int, [OpenSSLErrorEntry]) {
        OpenSSLErrors.clear()
        let infos: OpaquePointer? = pem.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return PEM_X509_INFO_read_bio(bio, nil, nil, nil)
        }
        let errors = OpenSSLErrors.drain()
        guard let infos else { return (0, errors) }
        defer { sc_sk_X509_INFO_pop_free(infos) }
        var added = 0
        for i in 0..<sc_sk_X509_INFO_num(infos) {
            guard let info = sc_sk_X509_INFO_value(infos, i) else { continue }
            if let x509 = info.pointee.x509, X509_STORE_add_cert(store, x509) == 1 { added += 1 }
            if let crl = info.pointee.crl, X509_STORE_add_crl(store, crl) == 1 { added += 1 }
        }
        OpenSSLErrors.clear()
        return (added, errors)
    }

    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        try withExtendedLifetime(self) { () throws(E) -> T in try body(pointer) }
    }
}
