/// An optional field the JSON contract always carries: `null` when there is no value
/// (`staple.revocationTime: null`), so that jq filters see the key either way. A plain
/// optional is left out when nil, which is what the contract wants for `error`.
///
/// With the `KeyedDecodingContainer` overload below, a type whose optionals are wrapped
/// gets its whole Codable conformance from the compiler: the key is written as `null`, and a
/// null or a missing key reads back as nil. Declare it with `= nil` (`@ExplicitNull var
/// nextUpdate: Date? = nil`) so that the memberwise initialiser keeps taking a plain
/// optional with nil as its default.
@propertyWrapper
public struct ExplicitNull<Value> {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }
}

extension ExplicitNull: Sendable where Value: Sendable {}
extension ExplicitNull: Equatable where Value: Equatable {}

extension ExplicitNull: Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

extension ExplicitNull: Decodable where Value: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }
}

extension KeyedDecodingContainer {
    /// What synthesized decoding calls for an `@ExplicitNull` field: a missing key reads as
    /// nil, as it does for a plain optional (documents written before the field existed).
    public func decode<Value: Decodable>(_ type: ExplicitNull<Value>.Type, forKey key: Key) throws -> ExplicitNull<Value> {
        try decodeIfPresent(type, forKey: key) ?? ExplicitNull(wrappedValue: nil)
    }
}
