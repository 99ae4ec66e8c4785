internal import SwiftASN1

/// The OCSPResponse structure of RFC 6960 §4.2.1 (module with EXPLICIT TAGS), as the byte
/// walk of `ResponseBytes` needs it: which field each element is, by position and tag, so
/// that a broken element can be named by its path.
indirect enum OCSPShape: Sendable {
    case sequence([OCSPMember])
    /// SEQUENCE OF: each element is named `[i]`.
    case sequenceOf(OCSPShape)
    /// A context tag around one element (`[0] EXPLICIT`): the inner element has no name of its own.
    case explicit(OCSPShape)
    /// The element is one of these alternatives, told apart by tag (`responderID`, `certStatus`).
    case choice([OCSPMember])
    case integer, enumerated, boolean, oid, octets, bitString, time, null
    /// An OCTET STRING whose content is the DER of another structure, named from `root`.
    case octetsContaining(OCSPShape, root: String)
    /// Anything (AlgorithmIdentifier parameters, a Name, a certificate): not walked.
    case any

    /// The universal tag of a primitive shape; nil for the shapes that carry none of their own.
    var universalTag: OCSPTag? {
        switch self {
        case .sequence, .sequenceOf: OCSPTag(.universal, 16)
        case .integer: OCSPTag(.universal, 2)
        case .enumerated: OCSPTag(.universal, 10)
        case .boolean: OCSPTag(.universal, 1)
        case .oid: OCSPTag(.universal, 6)
        case .octets, .octetsContaining: OCSPTag(.universal, 4)
        case .bitString: OCSPTag(.universal, 3)
        case .time: OCSPTag(.universal, 24)
        case .null: OCSPTag(.universal, 5)
        case .explicit, .choice, .any: nil
        }
    }
}

/// An identifier's class and number (the constructed bit apart).
struct OCSPTag: Equatable, Sendable, CustomStringConvertible {
    var tagClass: ASN1Identifier.TagClass
    var number: UInt

    init(_ tagClass: ASN1Identifier.TagClass, _ number: UInt) {
        self.tagClass = tagClass
        self.number = number
    }

    init(_ identifier: ASN1Identifier) { self.init(identifier.tagClass, identifier.tagNumber) }

    static func context(_ number: UInt) -> OCSPTag { OCSPTag(.contextSpecific, number) }

    private static let universalNames: [UInt: String] = [
        1: "BOOLEAN", 2: "INTEGER", 3: "BIT STRING", 4: "OCTET STRING", 5: "NULL", 6: "OBJECT IDENTIFIER",
        10: "ENUMERATED", 12: "UTF8String", 16: "SEQUENCE", 17: "SET", 19: "PrintableString", 22: "IA5String",
        23: "UTCTime", 24: "GeneralizedTime",
    ]

    var description: String {
        switch tagClass {
        case .universal: Self.universalNames[number] ?? "[UNIVERSAL \(number)]"
        case .application: "[APPLICATION \(number)]"
        case .contextSpecific: "[\(number)]"
        case .private: "[PRIVATE \(number)]"
        }
    }
}

/// One field of a SEQUENCE or alternative of a CHOICE. `tag` nil: the field's shape says
/// (its universal tag, or a CHOICE's alternatives).
struct OCSPMember: Sendable {
    var name: String
    var tag: OCSPTag?
    var optional: Bool
    var shape: OCSPShape

    init(_ name: String, _ shape: OCSPShape, tag: OCSPTag? = nil, optional: Bool = false) {
        self.name = name
        self.tag = tag
        self.optional = optional
        self.shape = shape
    }

    /// The tags an element of this field may carry.
    var tags: [OCSPTag] {
        if let tag { return [tag] }
        if case .choice(let alternatives) = shape { return alternatives.flatMap(\.tags) }
        return shape.universalTag.map { [$0] } ?? []
    }

    func accepts(_ tag: OCSPTag) -> Bool {
        if case .any = shape, self.tag == nil { return true }
        return tags.contains(tag)
    }

    /// "responseStatus (ENUMERATED)", for messages.
    var expectation: String {
        "\(name) (\(tags.map(\.description).joined(separator: " or ")))"
    }
}

/// Steps through a SEQUENCE's fields as its elements come, skipping absent optional ones.
struct OCSPMemberCursor {
    private let members: [OCSPMember]
    private var position = 0

    init(_ members: [OCSPMember]) { self.members = members }

    enum Match { case field(OCSPMember), missing(OCSPMember), extra }

    /// The field an element with `tag` is; `.missing` names the mandatory field that should
    /// have come first, `.extra` means the SEQUENCE has no field left for it.
    mutating func match(_ tag: OCSPTag) -> Match {
        while position < members.count {
            let member = members[position]
            position += 1
            if member.accepts(tag) { return .field(member) }
            if !member.optional { return .missing(member) }
        }
        return .extra
    }

    /// The first mandatory field not yet seen, once the elements have run out.
    var firstMissing: OCSPMember? { members[position...].first { !$0.optional } }
}

extension OCSPShape {
    /// A field's path: the outer OCSPResponse's fields go by their own names
    /// (`responseStatus`), everything else by its parent's path and its name.
    static func join(_ path: String, _ name: String) -> String {
        path == "OCSPResponse" ? name : path + "." + name
    }

    private static let algorithmIdentifier = OCSPShape.sequence([
        OCSPMember("algorithm", .oid), OCSPMember("parameters", .any, optional: true),
    ])
    private static let extensions = OCSPShape.sequenceOf(.sequence([
        OCSPMember("extnID", .oid), OCSPMember("critical", .boolean, optional: true), OCSPMember("extnValue", .octets),
    ]))
    private static let certID = OCSPShape.sequence([
        OCSPMember("hashAlgorithm", algorithmIdentifier), OCSPMember("issuerNameHash", .octets),
        OCSPMember("issuerKeyHash", .octets), OCSPMember("serialNumber", .integer),
    ])
    private static let certStatus = OCSPShape.choice([
        OCSPMember("good", .null, tag: .context(0)),
        OCSPMember("revoked", .sequence([
            OCSPMember("revocationTime", .time),
            OCSPMember("revocationReason", .explicit(.enumerated), tag: .context(0), optional: true),
        ]), tag: .context(1)),
        OCSPMember("unknown", .null, tag: .context(2)),
    ])
    private static let singleResponse = OCSPShape.sequence([
        OCSPMember("certID", certID), OCSPMember("certStatus", certStatus), OCSPMember("thisUpdate", .time),
        OCSPMember("nextUpdate", .explicit(.time), tag: .context(0), optional: true),
        OCSPMember("singleExtensions", .explicit(extensions), tag: .context(1), optional: true),
    ])
    private static let responseData = OCSPShape.sequence([
        OCSPMember("version", .explicit(.integer), tag: .context(0), optional: true),
        OCSPMember("responderID", .choice([
            OCSPMember("byName", .explicit(.any), tag: .context(1)),
            OCSPMember("byKey", .explicit(.octets), tag: .context(2)),
        ])),
        OCSPMember("producedAt", .time), OCSPMember("responses", .sequenceOf(singleResponse)),
        OCSPMember("responseExtensions", .explicit(extensions), tag: .context(1), optional: true),
    ])
    /// BasicOCSPResponse, named from "BasicOCSPResponse".
    static let basicResponse = OCSPShape.sequence([
        OCSPMember("tbsResponseData", responseData), OCSPMember("signatureAlgorithm", algorithmIdentifier),
        OCSPMember("signature", .bitString),
        OCSPMember("certs", .explicit(.sequenceOf(.any)), tag: .context(0), optional: true),
    ])
    /// OCSPResponse, the outer structure of every staple and responder answer.
    static let response = OCSPShape.sequence([
        OCSPMember("responseStatus", .enumerated),
        OCSPMember("responseBytes", .explicit(.sequence([
            OCSPMember("responseType", .oid),
            OCSPMember("response", .octetsContaining(basicResponse, root: "BasicOCSPResponse")),
        ])), tag: .context(0), optional: true),
    ])
}
