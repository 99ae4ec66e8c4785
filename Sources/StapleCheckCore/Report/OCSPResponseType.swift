/// The responseType of a successful OCSPResponse. JSON: "basic", the OID of any other type,
/// or "unsupported" when not even the OID can be read.
public enum OCSPResponseType: Sendable, Equatable, Codable, CustomStringConvertible {
    /// id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1), the only type clients understand.
    case basic
    case unsupported(oid: String?)

    public var description: String {
        switch self {
        case .basic: "basic"
        case .unsupported(let oid): oid ?? "unsupported"
        }
    }

    public init(from decoder: any Decoder) throws {
        switch try decoder.singleValueContainer().decode(String.self) {
        case "basic": self = .basic
        case "unsupported": self = .unsupported(oid: nil)
        case let oid: self = .unsupported(oid: oid)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
