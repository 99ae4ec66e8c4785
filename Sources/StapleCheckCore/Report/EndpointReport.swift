#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One (address, certificate) of a deployment: what the handshakes with that address
/// offering that certificate's signature algorithms showed, judged on their own.
public struct EndpointReport: Sendable, Equatable {
    /// "127.0.0.2:443", "[::1]:443".
    public var address: String
    /// nil when the endpoint could not be checked, or for a key of another kind.
    @ExplicitNull public var keyType: KeyType? = nil
    /// The TLS versions handshakes completed on, highest first.
    public var tlsVersions: [TLSVersion]
    @ExplicitNull public var certificate: CertificateInfo? = nil
    /// The first staple this endpoint sent, as analysed; nil when none was.
    @ExplicitNull public var staple: StapleInfo? = nil
    public var handshakes: HandshakeTally
    /// This endpoint's findings, each naming the address, key type and (when it holds on
    /// one version only) the TLS version.
    public var findings: [Finding]
    /// Set when the endpoint could not be checked.
    @ExplicitNull public var error: EndpointError? = nil

    public var verdict: Verdict { error == nil ? Verdict(findings: findings) : .error }
    /// At least one handshake carried a staple.
    public var stapled: Bool { handshakes.stapled > 0 }

    public init(address: String, keyType: KeyType?, tlsVersions: [TLSVersion], certificate: CertificateInfo?, staple: StapleInfo?,
                handshakes: HandshakeTally, findings: [Finding], error: EndpointError? = nil) {
        self.address = address
        self.keyType = keyType
        self.tlsVersions = tlsVersions
        self.certificate = certificate
        self.staple = staple
        self.handshakes = handshakes
        self.findings = findings
        self.error = error
    }

    /// An address that could not be checked.
    public static func failed(_ address: String, _ error: CheckError, findings: [Finding]) -> EndpointReport {
        EndpointReport(address: address, keyType: nil, tlsVersions: [], certificate: nil, staple: nil,
                       handshakes: HandshakeTally(sequence: []), findings: findings, error: EndpointError(error))
    }
}

/// Decoding is the compiler's (the derived `verdict` and `stapled` are read from the
/// fields, not the JSON); encoding adds them beside the stored fields.
extension EndpointReport: Codable {
    enum CodingKeys: String, CodingKey {
        case address, keyType, tlsVersions, certificate, staple, handshakes, findings, error
    }

    private enum DerivedKeys: String, CodingKey {
        case verdict, stapled
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(_keyType, forKey: .keyType)
        try c.encode(tlsVersions, forKey: .tlsVersions)
        try c.encode(_certificate, forKey: .certificate)
        try c.encode(_staple, forKey: .staple)
        try c.encode(handshakes, forKey: .handshakes)
        try c.encode(findings, forKey: .findings)
        try c.encode(_error, forKey: .error)
        var derived = encoder.container(keyedBy: DerivedKeys.self)
        try derived.encode(verdict, forKey: .verdict)
        try derived.encode(stapled, forKey: .stapled)
    }
}
