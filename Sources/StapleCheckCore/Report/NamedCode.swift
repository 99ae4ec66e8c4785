/// A value from a numbered list an RFC leaves open (OCSPResponseStatus, CRLReason): known
/// values have a name, and JSON carries that name, or "unknown(N)" for any other value, so
/// that nothing a responder sends is lost or refused.
public protocol NamedCode: RawRepresentable, Codable, Hashable, CustomStringConvertible where RawValue == Int {
    init(rawValue: Int)
    /// Every value with a name, and the name.
    static var names: [Self: String] { get }
}

extension NamedCode {
    public var description: String { Self.names[self] ?? "unknown(\(rawValue))" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        if let match = Self.names.first(where: { $0.value == text }) {
            self = match.key
        } else if text.hasPrefix("unknown("), text.hasSuffix(")"), let n = Int(text.dropFirst(8).dropLast()) {
            self.init(rawValue: n)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown \(Self.self) \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
