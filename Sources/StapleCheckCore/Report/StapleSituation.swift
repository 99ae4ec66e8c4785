/// The rows of the client table: what the server stapled, as a client sees it. The raw
/// values are the JSON contract (`clientImpact[].situation`) and the names docs/CLIENTS.md
/// uses.
public enum StapleSituation: String, CaseIterable, Codable, Sendable {
    case noStaple = "no-staple"
    case mustStapleNoStaple = "must-staple-no-staple"
    case good
    case revoked
    case unknown
    case expired
    case notYetValid = "not-yet-valid"
    case wrongCertificate = "wrong-cert"
    /// The responder named is the issuer or an authorised delegate, but the signature fails.
    case badSignature = "bad-signature"
    /// Signed by a responder that is neither the issuer nor one it authorised (rogue).
    case unauthorizedSigner = "unauthorized-signer"
    case tryLater = "unsuccessful-trylater"
    /// internalError, malformedRequest, sigRequired, unauthorized, or an unknown status.
    case unsuccessful = "unsuccessful-other"
    /// Not a readable DER OCSPResponse (random bytes, truncated, another type).
    case corrupt

    /// One line for tables and `explain --clients`.
    public var summary: String {
        switch self {
        case .noStaple: "no staple"
        case .mustStapleNoStaple: "no staple, must-staple certificate"
        case .good: "staple good"
        case .revoked: "staple revoked"
        case .unknown: "staple unknown"
        case .expired: "staple expired (nextUpdate passed)"
        case .notYetValid: "staple not yet valid (thisUpdate more than a day ahead)"
        case .wrongCertificate: "staple for another certificate"
        case .badSignature: "staple with a bad signature (issuer or delegate named)"
        case .unauthorizedSigner: "staple from an unauthorised signer"
        case .tryLater: "unsuccessful staple: tryLater"
        case .unsuccessful: "unsuccessful staple: internalError, unauthorized, …"
        case .corrupt: "corrupt staple (not a DER OCSPResponse)"
        }
    }
}
