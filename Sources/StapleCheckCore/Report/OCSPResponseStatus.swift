/// OCSPResponseStatus (RFC 6960 §4.2.1); an open list, so unknown values survive as "unknown(N)".
public struct OCSPResponseStatus: NamedCode, Sendable {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let successful = Self(rawValue: 0)
    public static let malformedRequest = Self(rawValue: 1)
    public static let internalError = Self(rawValue: 2)
    public static let tryLater = Self(rawValue: 3)
    public static let sigRequired = Self(rawValue: 5)
    public static let unauthorized = Self(rawValue: 6)

    public static let names: [Self: String] = [
        .successful: "successful", .malformedRequest: "malformedRequest", .internalError: "internalError",
        .tryLater: "tryLater", .sigRequired: "sigRequired", .unauthorized: "unauthorized",
    ]
}
