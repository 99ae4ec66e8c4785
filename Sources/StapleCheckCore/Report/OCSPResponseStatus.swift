#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// OCSPResponseStatus (RFC 6960 §4.2.1); an open list, so unknown values survive as "unknown(N)".
public struct OCSPResponseStatus: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let successful = Self(rawValue: 0)
    public static let malformedRequest = Self(rawValue: 1)
    public static let internalError = Self(rawValue: 2)
    public static let tryLater = Self(rawValue: 3)
    public static let sigRequired = Self(rawValue: 5)
    public static let unauthorized = Self(rawValue: 6)

    public var description: String {
        switch self {
        case .successful: "successful"
        case .malformedRequest: "malformedRequest"
        case .internalError: "internalError"
        case .tryLater: "tryLater"
        case .sigRequired: "sigRequired"
        case .unauthorized: "unauthorized"
        default: "unknown(\(rawValue))"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let known: [Self] = [.successful, .malformedRequest, .internalError, .tryLater, .sigRequired, .unauthorized]
        if let match = known.first(where: { $0.description == text }) {
            self = match
        } else if text.hasPrefix("unknown("), let n = Int(text.dropFirst(8).dropLast()) {
            self.init(rawValue: n)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown response status \(text)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
