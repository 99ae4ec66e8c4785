/// A CRLReason (RFC 5280 §5.3.1) as its name: an open list, so a value outside it survives
/// as "unknown(N)". Shared by OCSP responses and CRL entries.
enum RevocationReason {
    static func name(_ reason: Int32) -> String {
        switch reason {
        case 0: "unspecified"
        case 1: "keyCompromise"
        case 2: "cACompromise"
        case 3: "affiliationChanged"
        case 4: "superseded"
        case 5: "cessationOfOperation"
        case 6: "certificateHold"
        case 8: "removeFromCRL"
        case 9: "privilegeWithdrawn"
        case 10: "aACompromise"
        default: "unknown(\(reason))"
        }
    }
}
