/// What one handshake offers the server: which certificate family it may pick (through the
/// signature algorithms offered) and which TLS versions it may negotiate. Servers holding
/// an RSA and an ECDSA certificate choose by the client's signature algorithms, so offering
/// one family at a time shows each certificate the server holds.
public struct HandshakeRequest: Sendable, Hashable, CustomStringConvertible {
    /// The signature algorithms offered.
    public enum Family: String, Sendable, Hashable, CaseIterable {
        /// OpenSSL's default list: the certificate the server picks for an ordinary client.
        case serverDefault = "default"
        case rsa = "RSA"
        case ecdsa = "ECDSA"
        case ed25519 = "Ed25519"

        /// The list as `SSL_set1_sigalgs_list` takes it; nil keeps OpenSSL's default.
        var sigalgs: String? {
            switch self {
            case .serverDefault: nil
            case .rsa: "RSA-PSS+SHA256:RSA-PSS+SHA384:RSA-PSS+SHA512:rsa_pss_pss_sha256:rsa_pss_pss_sha384:rsa_pss_pss_sha512:RSA+SHA256:RSA+SHA384:RSA+SHA512:RSA+SHA1"
            case .ecdsa: "ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:ECDSA+SHA1"
            case .ed25519: "ed25519"
            }
        }
    }

    /// The versions offered.
    public enum Versions: String, Sendable, Hashable, CaseIterable {
        /// TLS 1.2 and 1.3: the server picks.
        case any
        case tls13 = "TLSv1.3"
        case tls12 = "TLSv1.2"

        /// The pinned versions, in the order a check tries them.
        static let pinned: [Versions] = [.tls13, .tls12]
    }

    public var family: Family
    public var versions: Versions

    public init(family: Family = .serverDefault, versions: Versions = .any) {
        self.family = family
        self.versions = versions
    }

    /// An ordinary client's handshake: default signature algorithms, either version.
    public static let ordinary = HandshakeRequest()

    public var description: String { "\(family.rawValue) sigalgs, \(versions.rawValue)" }
}
