/// The kind of key a served certificate has, as the endpoint table names it: a server may
/// hold one certificate of each and picks by the client's signature algorithms.
public enum KeyType: String, Codable, Sendable, CaseIterable {
    case rsa = "RSA"
    case ecdsa = "ECDSA"
    case ed25519 = "Ed25519"

    /// From `CertificateInfo.keyType` ("RSA 2048", "RSA-PSS 2048", "EC prime256v1", "ED25519 256").
    public init?(keyDescription: String) {
        let name = keyDescription.split(separator: " ").first.map(String.init) ?? ""
        switch name.uppercased() {
        case "RSA", "RSA-PSS": self = .rsa
        case "EC": self = .ecdsa
        case "ED25519": self = .ed25519
        default: return nil
        }
    }
}
