import Foundation
import StapleCheckCore

/// The lab certificates and OCSP responses committed in Fixtures/lab (made once by
/// scripts/make-lab.sh; see its README.txt), judged at the instant they were made: what the
/// pure tests use instead of `Lab`, with no script, process or socket.
enum FixtureLab {
    /// Five minutes after the fixtures were made (2026-12-01T10:58:28Z), in whole seconds as
    /// JSON dates are. The pure tests judge at this instant (or at one derived from the
    /// fixtures), never at the real current time, at which the responses have long expired.
    static let now = Date(timeIntervalSince1970: 1_796_123_008)

    /// The OCSP URL the fixture certificates name (nothing listens there; nothing asks).
    static let ocspURL = "http://127.0.0.1:8080/"

    static func path(_ name: String) -> String { Fixtures.path("lab/" + name) }
    static var caBundle: String { path("ca-bundle.pem") }

    static func bytes(_ name: String) throws -> [UInt8] { try Fixtures.bytes("lab/" + name) }
    static func responseBytes(_ name: String) throws -> [UInt8] { try bytes("responses/\(name).der") }

    /// A capture as the probe would have produced it for a server sending `leaf` + int
    /// and stapling `response` (nil: no staple).
    static func capture(leaf: String, response: String?) throws -> HandshakeCapture {
        HandshakeCapture(address: "127.0.0.1:443", tlsVersion: .tls13, cipher: "TLS_AES_128_GCM_SHA256",
                         chainDER: [try bytes("\(leaf).der"), try bytes("int.der")],
                         stapleDER: try response.map { try responseBytes($0) })
    }
}
