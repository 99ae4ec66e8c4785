/// The protocol version a handshake negotiated, by OpenSSL's name for it ("TLSv1.3"). JSON
/// carries that name; a version without a constant here survives as OpenSSL wrote it.
public struct TLSVersion: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The two versions the probe offers (it sets TLS 1.2 as the minimum).
    public static let tls12 = Self(rawValue: "TLSv1.2")
    public static let tls13 = Self(rawValue: "TLSv1.3")

    public var description: String { rawValue }
}
