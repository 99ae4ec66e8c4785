/// Exactly why and where bytes that should be an OCSPResponse are broken, the way a DER
/// expert would say it (`staple.parseError`, `live.attempts[].parseError`, and in `inspect`
/// `parseError` or `staple.parseError`). Present only when OpenSSL rejects the bytes, or
/// accepts them although they are not DER.
public struct ParseError: Codable, Sendable, Equatable {
    /// What is wrong, as a stable code (README "Broken bytes").
    public var kind: Kind
    /// The byte offset, from the start of the bytes given, of the element (or the point)
    /// that is broken; nil when there is no one place.
    @ExplicitNull public var offset: Int? = nil
    /// The field there, in RFC 6960's ASN.1 names: `responseStatus`, `responseBytes.response`,
    /// `BasicOCSPResponse.tbsResponseData.responses[0].certID.serialNumber`; nil outside
    /// the structure (trailing data, text).
    @ExplicitNull public var path: String? = nil
    /// One sentence for a bug report to the CA.
    public var message: String

    public init(_ kind: Kind, offset: Int? = nil, path: String? = nil, message: String) {
        self.kind = kind
        self.offset = offset
        self.path = path
        self.message = message
    }

    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// No bytes at all.
        case empty
        /// An element's length runs past the end of the bytes (or of the element holding it).
        case truncated
        /// Bytes after the end of the outer structure.
        case trailingData = "trailing-data"
        /// An X.509 certificate, a CRL or an OCSP request where a response was expected.
        case certificate, crl
        case ocspRequest = "ocsp-request"
        /// Text: an HTML page (captive portal, 404), PEM, or base64 of DER.
        case html, pem, base64
        /// BER, not DER: an indefinite length, a length in more bytes than needed, an
        /// INTEGER with needless leading 00 or FF bytes.
        case indefiniteLength = "indefinite-length"
        case nonMinimalLength = "non-minimal-length"
        case nonMinimalInteger = "non-minimal-integer"
        /// A field of the wrong ASN.1 type, or an element where the structure has none.
        case unexpectedTag = "unexpected-tag"
        /// A mandatory field is absent.
        case missingField = "missing-field"
        /// A field of the right type holding a value it cannot have (an empty INTEGER, an
        /// undefined responseStatus, a BOOLEAN other than 00/FF).
        case invalidValue = "invalid-value"
        /// No ASN.1 element can be read at all (random bytes).
        case notASN1 = "not-asn1"
        /// OpenSSL rejects bytes whose structure reads well: its reason is the message.
        case rejected
    }

    /// The BER-not-DER kinds: worth reporting even when OpenSSL reads the bytes, because
    /// strict DER parsers (Firefox's mozilla::pkix, Go's encoding/asn1) do not.
    public var isStrictnessOnly: Bool {
        [.indefiniteLength, .nonMinimalLength, .nonMinimalInteger].contains(kind)
    }
}
