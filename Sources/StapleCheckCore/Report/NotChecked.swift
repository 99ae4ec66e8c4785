/// A check `inspect` could not make for want of input (`staple.notChecked`).
public enum NotChecked: String, Codable, Sendable {
    /// No --cert: whether the response is about the user's certificate.
    case certificate
    /// No issuer and no embedded signer: the signature.
    case signature
}
