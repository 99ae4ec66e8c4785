#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// TLS extension numbers as the TLS Feature extension lists them (RFC 7633 §6).
enum TLSFeature {
    static let statusRequest = 5
    static let statusRequestV2 = 17

    static func name(_ value: Int) -> String {
        switch value {
        case statusRequest: "status_request"
        case statusRequestV2: "status_request_v2"
        default: "extension(\(value))"
        }
    }
}
