/// The OCSP responder URLs a certificate names (its Authority Information Access
/// extension), sorted into the usable and the invalid.
struct OCSPURLs: Equatable {
    /// URLs that can be asked: printable ASCII only, as an IA5String URI must be.
    var valid: [String] = []
    /// URLs that cannot be (a NUL, a control character, a space, a byte beyond ASCII, or
    /// nothing at all), each written with every byte outside printable ASCII as `\xNN`, so
    /// that the value is shown exactly and safely.
    var invalid: [String] = []

    mutating func add(_ bytes: [UInt8]) {
        if !bytes.isEmpty, bytes.allSatisfy({ (0x21...0x7E).contains($0) }) {
            valid.append(String(decoding: bytes, as: UTF8.self))
        } else {
            invalid.append(bytes.map { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\\") ? String(UnicodeScalar($0))
                                          : "\\x" + ($0 < 0x10 ? "0" : "") + String($0, radix: 16) }.joined())
        }
    }
}
