/// The CertID hash of an OCSP request: SHA-1 is what RFC 5019 responders expect; some
/// answer SHA-256 too.
public enum OCSPHashAlgorithm: String, Codable, Sendable, CaseIterable {
    case sha1, sha256
}
