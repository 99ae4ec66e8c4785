internal import COpenSSL

#if canImport(Glibc)
import Glibc
#endif

/// Reads files and recognises certificates, chains, CSRs and OCSP responses in PEM, DER or
/// bare base64 (as some servers store staples). Every failure is a one-line `input` error
/// naming the file.
enum InputDecoder {
    /// Nothing we read is legitimately larger (a long chain is tens of KiB).
    static let maximumSize = 1 << 20

    /// The file's bytes, through the project's one bounded, non-blocking reader: regular
    /// files of at most 1 MiB only.
    static func read(_ path: RawPath) throws(CheckError) -> [UInt8] {
        do throws(LocalFile.Failure) {
            return try LocalFile.read(path, limit: maximumSize, limitText: "1 MiB")
        } catch {
            throw CheckError.input(error.message)
        }
    }

    static func decode(_ bytes: [UInt8], name: String) throws(CheckError) -> (DecodedInput, InputEncoding) {
        func fail(_ why: String) -> CheckError { CheckError.input("\(name): \(why)") }
        guard !bytes.isEmpty else { throw fail("is empty") }
        // The same limit as for files, for callers that pass bytes (the PEM path hands
        // OpenSSL an Int32 length).
        guard bytes.count <= maximumSize else { throw fail("too large (\(bytes.count) bytes; the limit is 1 MiB)") }
        if contains(bytes, "-----BEGIN ") {
            return (try decodePEM(bytes, fail: fail), .pem)
        }
        var reason: String?
        if let decoded = decodeDER(bytes, reason: &reason) { return (decoded, .der) }
        if let raw = base64Decoded(bytes) {
            var inner: String?
            if let decoded = decodeDER(raw, reason: &inner) { return (decoded, .base64) }
            throw fail("base64 text, but not of a certificate, CSR or OCSP response (\(inner ?? "unreadable"))")
        }
        if let reason {
            throw fail("not a readable certificate, CSR or OCSP response (as an OCSP response: \(reason))")
        }
        throw fail("not a certificate, CSR or OCSP response (neither PEM, DER nor base64 of one)")
    }

    private static func decodePEM(_ bytes: [UInt8], fail: (String) -> CheckError) throws(CheckError) -> DecodedInput {
        var certificates: [X509Certificate] = []
        var requests: [CertificateRequest] = []
        var responses: [OCSPResponseHandle] = []
        var ignored: [String] = []
        OpenSSLErrors.clear()
        let blocks: [(label: String, der: [UInt8])] = bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return [] }
            defer { BIO_free(bio) }
            var out: [(String, [UInt8])] = []
            while true {
                var label: UnsafeMutablePointer<CChar>?
                var header: UnsafeMutablePointer<CChar>?
                var data: UnsafeMutablePointer<UInt8>?
                var length = 0
                guard PEM_read_bio(bio, &label, &header, &data, &length) == 1 else { break }
                defer {
                    sc_OPENSSL_free(label)
                    sc_OPENSSL_free(header)
                    sc_OPENSSL_free(data)
                }
                let der = data.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
                out.append((label.map { String(cString: $0) } ?? "", der))
            }
            return out
        }
        let errors = OpenSSLErrors.drain()
        for block in blocks {
            switch block.label {
            case "CERTIFICATE", "X509 CERTIFICATE":
                guard let (certificate, used) = X509Certificate.parsePrefix(block.der) else {
                    throw fail("a CERTIFICATE block that is not a readable certificate")
                }
                // As for DER files, CSRs and OCSP responses: the structure must be all there is.
                guard used == block.der.count else {
                    throw fail("a CERTIFICATE block with \(block.der.count - used) bytes after the certificate's DER")
                }
                certificates.append(certificate)
            case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST":
                guard let request = CertificateRequest(der: block.der) else { throw fail("a CERTIFICATE REQUEST block that is not a readable CSR") }
                requests.append(request)
            case "OCSP RESPONSE":
                guard let response = OCSPResponseHandle(der: block.der), response.trailingBytes == 0 else {
                    throw fail("an OCSP RESPONSE block that is not a readable OCSP response")
                }
                responses.append(response)
            default:
                ignored.append(block.label)
            }
        }
        let kinds = [certificates.isEmpty ? nil : "certificates", requests.isEmpty ? nil : "a CSR", responses.isEmpty ? nil : "an OCSP response"].compactMap { $0 }
        if kinds.count > 1 { throw fail("holds \(kinds.joined(separator: " and ")); give one kind per file") }
        if let response = responses.first {
            guard responses.count == 1 else { throw fail("holds \(responses.count) OCSP responses; give one per file") }
            return .ocspResponse(response)
        }
        if let request = requests.first {
            guard requests.count == 1 else { throw fail("holds \(requests.count) CSRs; give one per file") }
            return .csr(request)
        }
        if !certificates.isEmpty { return .certificates(certificates) }
        if !ignored.isEmpty {
            throw fail("PEM holds no certificate, CSR or OCSP response (found \(Set(ignored).sorted().joined(separator: ", ")))")
        }
        throw fail("unreadable PEM (\(OpenSSLErrors.describe(errors, fallback: "no complete block")))")
    }

    /// One OCSP response, one CSR, or one or more concatenated certificates, each consuming
    /// the bytes exactly. `reason` gets OpenSSL's complaint about reading it as OCSP.
    private static func decodeDER(_ bytes: [UInt8], reason: inout String?) -> DecodedInput? {
        guard bytes.first == 0x30 else { return nil }
        var certificates: [X509Certificate] = []
        var offset = 0
        while offset < bytes.count {
            let slice = Array(bytes[offset...])
            guard let (certificate, used) = X509Certificate.parsePrefix(slice) else { break }
            certificates.append(certificate)
            offset += used
        }
        OpenSSLErrors.clear()
        if offset == bytes.count, !certificates.isEmpty { return .certificates(certificates) }
        if let request = CertificateRequest(der: bytes) { return .csr(request) }
        OpenSSLErrors.clear()
        if let response = OCSPResponseHandle(der: bytes) {
            if response.trailingBytes == 0 { return .ocspResponse(response) }
            reason = "\(response.trailingBytes) bytes of trailing data"
            return nil
        }
        reason = OpenSSLErrors.describe(OpenSSLErrors.drain(), fallback: "unreadable")
        return nil
    }

    /// Bare base64 decoded with OpenSSL; nil when the text is not that. Whitespace may
    /// break lines anywhere; '=' is padding only: at most two, at the very end (RFC 4648 §4).
    /// EVP_DecodeBlock itself reads '=' anywhere as zero bits and returns whole groups of
    /// three bytes, so the shape is checked here and the padding bytes dropped afterwards.
    private static func base64Decoded(_ bytes: [UInt8]) -> [UInt8]? {
        let text = bytes.filter { !isWhitespace($0) }
        let padding = text.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard text.count >= 4, text.count % 4 == 0, padding <= 2,
              text.dropLast(padding).allSatisfy(isBase64Digit) else { return nil }
        var out = [UInt8](repeating: 0, count: text.count / 4 * 3)
        let n = EVP_DecodeBlock(&out, text, Int32(text.count))
        // Always count / 4 * 3 (at least 3) for text of this shape; anything else is a failure.
        guard Int(n) == out.count else { return nil }
        return Array(out.dropLast(padding))
    }

    private static func isWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09
    }

    /// The 64 digits of the standard alphabet, without the '=' pad.
    private static func isBase64Digit(_ c: UInt8) -> Bool {
        (0x41...0x5a).contains(c) || (0x61...0x7a).contains(c) || (0x30...0x39).contains(c) || c == 0x2b || c == 0x2f
    }

    private static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return false }
        for i in 0...(bytes.count - n.count) where bytes[i] == n[0] && Array(bytes[i..<(i + n.count)]) == n { return true }
        return false
    }
}
