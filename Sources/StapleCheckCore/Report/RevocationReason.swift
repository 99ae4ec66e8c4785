/// Why a certificate was revoked: a CRLReason (RFC 5280 §5.3.1), from an OCSP response's
/// RevokedInfo or a CRL entry's reasonCode extension. An open list, so a value outside it
/// survives as "unknown(N)" (7 is unassigned).
public struct RevocationReason: NamedCode, Sendable {
    public var rawValue: Int

    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let unspecified = Self(rawValue: 0)
    public static let keyCompromise = Self(rawValue: 1)
    public static let cACompromise = Self(rawValue: 2)
    public static let affiliationChanged = Self(rawValue: 3)
    public static let superseded = Self(rawValue: 4)
    public static let cessationOfOperation = Self(rawValue: 5)
    public static let certificateHold = Self(rawValue: 6)
    public static let removeFromCRL = Self(rawValue: 8)
    public static let privilegeWithdrawn = Self(rawValue: 9)
    public static let aACompromise = Self(rawValue: 10)

    public static let names: [Self: String] = [
        .unspecified: "unspecified", .keyCompromise: "keyCompromise", .cACompromise: "cACompromise",
        .affiliationChanged: "affiliationChanged", .superseded: "superseded", .cessationOfOperation: "cessationOfOperation",
        .certificateHold: "certificateHold", .removeFromCRL: "removeFromCRL", .privilegeWithdrawn: "privilegeWithdrawn",
        .aACompromise: "aACompromise",
    ]
}
