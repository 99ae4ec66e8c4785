/// Facts about a certificate signing request.
public struct CSRInfo: Codable, Sendable, Equatable {
    public var subject: String
    public var subjectAltNames: [String]
    /// The extension request holds a TLS Feature (RFC 7633) listing status_request.
    public var mustStaple: Bool
    public var tlsFeatures: [String]
    public var keyType: String
    /// The CSR's self-signature verifies with its own key.
    public var signatureValid: Bool
}
