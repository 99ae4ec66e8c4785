internal import COpenSSL

/// What bytes that are no OCSPResponse are instead: text (an HTML page, PEM, base64) or
/// another DER structure (a certificate, a CRL, an OCSP request), each recognised by
/// OpenSSL's own parser for it.
enum ResponseText {
    static func diagnose(_ bytes: [UInt8]) -> ParseError? {
        let text = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d || $0 == 0xef || $0 == 0xbb || $0 == 0xbf }
        if text.first == UInt8(ascii: "<") {
            let title = htmlTitle(text).map { " titled \"\($0)\"" } ?? ""
            return ParseError(.html, offset: text.startIndex, path: nil,
                              message: "The bytes are an HTML page\(title), not DER: typically a captive portal, a proxy's or CDN's error page, or a 404 page served where the OCSP response should be.")
        }
        if text.starts(with: Array("-----BEGIN ".utf8)) {
            let label = String(decoding: text.dropFirst(11).prefix { $0 != UInt8(ascii: "-") && $0 != 0x0a }.prefix(40), as: UTF8.self)
            return ParseError(.pem, offset: text.startIndex, path: nil,
                              message: "The bytes are PEM text (-----BEGIN \(label)-----), not the DER an OCSP response is sent as.")
        }
        if let decoded = base64(bytes) {
            let inner = decoded.first == 0x30 ? " (of \(decoded.count) bytes of DER\(ResponseBytes.diagnose(decoded) == nil ? ", an OCSP response" : ""))" : ""
            return ParseError(.base64, offset: 0, path: nil,
                              message: "The bytes are base64 text\(inner), not DER: decode it (`base64 -d`) before serving it.")
        }
        return nil
    }

    /// A certificate, CRL or OCSP request, parsed whole by OpenSSL.
    static func otherStructure(_ bytes: [UInt8]) -> ParseError? {
        defer { OpenSSLErrors.clear() }
        if X509Certificate(der: bytes) != nil {
            return ParseError(.certificate, offset: 0, path: nil,
                              message: "The bytes are an X.509 certificate, not an OCSPResponse: the certificate file was given where the OCSP response belongs.")
        }
        if let (crl, used) = parseDER(bytes, { d2i_X509_CRL(nil, $0, $1) }) {
            X509_CRL_free(crl)
            if used == bytes.count {
                return ParseError(.crl, offset: 0, path: nil, message: "The bytes are a CRL, not an OCSPResponse: the CRL distribution point's file was fetched instead of an OCSP answer.")
            }
        }
        if let (request, used) = parseDER(bytes, { d2i_OCSP_REQUEST(nil, $0, $1) }) {
            OCSP_REQUEST_free(request)
            if used == bytes.count {
                return ParseError(.ocspRequest, offset: 0, path: nil,
                                  message: "The bytes are an OCSP request, not a response: the request (`openssl ocsp -reqout`) was saved where the response (`-respout`) belongs.")
            }
        }
        return nil
    }

    private static func htmlTitle(_ text: ArraySlice<UInt8>) -> String? {
        let lower = Array(text.prefix(4096).map { (0x41...0x5a).contains($0) ? $0 | 0x20 : $0 })
        let open = Array("<title>".utf8)
        guard let start = (0...max(0, lower.count - open.count)).first(where: { lower[$0..<min(lower.count, $0 + open.count)].elementsEqual(open) }),
              lower.count > start + open.count else { return nil }
        let from = start + open.count
        let rest = lower[from...]
        let end = rest.firstIndex(of: UInt8(ascii: "<")) ?? lower.endIndex
        let original = Array(text.prefix(4096))[from..<end].prefix(80)
        let title = String(decoding: original, as: UTF8.self).trimmingWhitespace
        return title.isEmpty ? nil : title
    }

    /// Bare base64 (whitespace anywhere, '=' only as final padding), decoded; nil otherwise.
    private static func base64(_ bytes: [UInt8]) -> [UInt8]? {
        let text = bytes.filter { !($0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09) }
        let padding = text.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        let digit: (UInt8) -> Bool = { (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2b || $0 == 0x2f }
        guard text.count >= 8, text.count % 4 == 0, padding <= 2, text.dropLast(padding).allSatisfy(digit) else { return nil }
        var out = [UInt8](repeating: 0, count: text.count / 4 * 3)
        guard Int(EVP_DecodeBlock(&out, text, Int32(text.count))) == out.count else { return nil }
        return Array(out.dropLast(padding))
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
