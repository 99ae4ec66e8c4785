internal import SwiftASN1

/// Why bytes that should be an OCSPResponse are not one, and where: the structural walk
/// behind `ParseError`. swift-asn1 reads the bytes twice, as DER (strict) and as BER
/// (lenient): "BER but not DER" finds an indefinite or non-minimal length, and the walk of
/// the BER tree along `OCSPShape` names each element, finds INTEGERs with needless leading
/// bytes and fields of the wrong type. Bytes that are not even BER (cut short, followed by
/// garbage) are located by `ResponseBytes+Headers`. OpenSSL remains the judge of validity;
/// this only explains.
enum ResponseBytes {
    /// The first thing wrong with `bytes` as an OCSPResponse, or nil when they are DER of
    /// the right shape (OpenSSL may still refuse them: `ParseError.Kind.rejected`).
    static func diagnose(_ bytes: [UInt8]) -> ParseError? {
        guard !bytes.isEmpty else { return ParseError(.empty, message: "There are no bytes at all (an empty body or file).") }
        if let text = ResponseText.diagnose(bytes) { return text }
        if let other = ResponseText.otherStructure(bytes) { return other }
        return region(bytes[...], shape: .response, root: "OCSPResponse")
    }

    /// For a file `inspect` cannot read: the diagnosis when it was evidently meant as an OCSP
    /// response (a SEQUENCE opening with an ENUMERATED responseStatus) or is an HTML page;
    /// nil for anything else, which may as well be a broken certificate.
    static func diagnoseFile(_ bytes: [UInt8]) -> ParseError? {
        if let text = ResponseText.diagnose(bytes), text.kind == .html { return text }
        if let other = ResponseText.otherStructure(bytes), other.kind != .certificate { return other }
        let walk = HeaderWalk(bytes: bytes[...])
        guard let outer = walk.header(at: 0, limit: bytes.count), outer.tag == OCSPTag(.universal, 16),
              let first = walk.header(at: outer.contentStart, limit: bytes.count), first.tag == OCSPTag(.universal, 10) else { return nil }
        return diagnose(bytes)
    }

    /// One element expected to fill `bytes` exactly, walked as `shape`.
    static func region(_ bytes: ArraySlice<UInt8>, shape: OCSPShape, root: String) -> ParseError? {
        let node: ASN1Node
        do {
            node = try BER.parse(bytes)
        } catch {
            return HeaderWalk(bytes: bytes).locate(shape: shape, root: root)
        }
        var walker = TreeWalk(strict: (try? DER.parse(bytes)) != nil)
        let structural = walker.walkRoot(node, shape, root)
        let strictness = walker.strict ? nil : Self.strictness(node).map { walker.explain($0) }
        switch (structural, strictness) {
        case let (s?, b?): return (b.offset ?? 0) < (s.offset ?? 0) ? b : s
        case let (s, b): return s ?? b
        }
    }

    /// The element whose own header is not DER (all its children are), in a tree that is BER.
    static func strictness(_ node: ASN1Node) -> ASN1Node? {
        guard (try? DER.parse(node.encodedBytes)) == nil else { return nil }
        if case .constructed(let children) = node.content {
            for child in children { if let culprit = strictness(child) { return culprit } }
        }
        return node
    }

}

/// The walk of a BER tree along the structure: the path of every element seen (to name a
/// non-DER header found apart), and the first structural error.
struct TreeWalk {
    /// The whole region is DER, so no element needs its header checked.
    let strict: Bool
    private var seen: [(range: Range<Int>, path: String)] = []
    private var responseType: ArraySlice<UInt8>?

    init(strict: Bool) { self.strict = strict }

    /// id-pkix-ocsp-basic, as its OBJECT IDENTIFIER content.
    private static let basicOID: [UInt8] = [0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01]

    mutating func walkRoot(_ node: ASN1Node, _ shape: OCSPShape, _ root: String) -> ParseError? {
        if let expected = shape.universalTag, OCSPTag(node.identifier) != expected {
            return ParseError(.unexpectedTag, offset: node.encodedBytes.startIndex, path: root,
                              message: "\(root) must be a \(expected) but the bytes start with a \(OCSPTag(node.identifier)) at offset \(node.encodedBytes.startIndex).")
        }
        return walk(node, shape, root)
    }

    /// The explanation of a header that is not DER, named by the deepest path seen around it.
    func explain(_ node: ASN1Node) -> ParseError {
        let offset = node.encodedBytes.startIndex
        let path = seen.filter { $0.range.contains(offset) }.max { $0.range.count > $1.range.count }?.path
        let place = "\(path ?? "an element") at offset \(offset)"
        let bytes = node.encodedBytes
        let tagBytes = bytes.first.map { $0 & 0x1f == 0x1f ? 1 + (bytes.dropFirst().firstIndex { $0 & 0x80 == 0 }.map { $0 - bytes.startIndex } ?? 1) : 1 } ?? 1
        let lengthIndex = bytes.startIndex + tagBytes
        let first = lengthIndex < bytes.endIndex ? bytes[lengthIndex] : 0
        if first == 0x80 {
            return ParseError(.indefiniteLength, offset: offset, path: path,
                              message: "\(place) has an indefinite length (0x80, ended by 00 00): that is BER, not DER; strict DER parsers (Firefox's mozilla::pkix, Go's crypto/ocsp) reject it.")
        }
        let used = Int(first & 0x7f)
        let headerLength = tagBytes + 1 + used
        let length = bytes.count - headerLength
        let needed = length < 128 ? 0 : (Int.bitWidth - length.leadingZeroBitCount + 7) / 8
        let form = needed == 0 ? "the one-byte short form" : "\(needed) length byte\(needed == 1 ? "" : "s")"
        return ParseError(.nonMinimalLength, offset: offset, path: path,
                          message: "The length of \(place) (\(length) byte\(length == 1 ? "" : "s")) is encoded in \(used) length byte\(used == 1 ? "" : "s") (0x\(hex(first))…) where DER requires \(form): that is BER, not DER; strict DER parsers (Firefox's mozilla::pkix, Go's crypto/ocsp) reject it.")
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xf)]])
    }

    private mutating func walk(_ node: ASN1Node, _ shape: OCSPShape, _ path: String) -> ParseError? {
        let offset = node.encodedBytes.startIndex
        seen.append((node.encodedBytes.startIndex..<node.encodedBytes.endIndex, path))
        switch (shape, node.content) {
        case (.sequence(let members), .constructed(let children)):
            var cursor = OCSPMemberCursor(members)
            for child in children {
                let tag = OCSPTag(child.identifier)
                switch cursor.match(tag) {
                case .field(let member):
                    let (childShape, name, tagged) = member.resolve(tag)
                    if let error = walkField(child, childShape, OCSPShape.join(path, name), tagged: tagged) { return error }
                case .missing(let member):
                    return ParseError(.unexpectedTag, offset: child.encodedBytes.startIndex, path: OCSPShape.join(path, member.name),
                                      message: "\(path) should continue with \(member.expectation) at offset \(child.encodedBytes.startIndex), but a \(tag) is there.")
                case .extra:
                    return ParseError(.unexpectedTag, offset: child.encodedBytes.startIndex, path: path,
                                      message: "\(path) has an element (\(tag)) at offset \(child.encodedBytes.startIndex) after its last field.")
                }
            }
            if let member = cursor.firstMissing {
                return ParseError(.missingField, offset: offset, path: OCSPShape.join(path, member.name),
                                  message: "\(path) at offset \(offset) ends without its mandatory \(member.expectation).")
            }
        case (.sequenceOf(let element), .constructed(let children)):
            for (i, child) in children.enumerated() {
                if let error = walkField(child, element, path + "[\(i)]") { return error }
            }
        case (.explicit(let inner), .constructed(let children)):
            let list = Array(children)
            guard list.count == 1, let child = list.first else {
                return ParseError(.invalidValue, offset: offset, path: path,
                                  message: "\(path) at offset \(offset) is an EXPLICIT tag that must hold exactly one element; it holds \(list.count).")
            }
            return walkField(child, inner, path)
        case (.integer, .primitive(let content)), (.enumerated, .primitive(let content)):
            return integer(node, content, shape, path)
        case (.boolean, .primitive):
            if (try? Bool(derEncoded: node)) == nil {
                return ParseError(.invalidValue, offset: offset, path: path,
                                  message: "\(path) at offset \(offset) is a BOOLEAN that is not one byte of 00 or FF (DER).")
            }
        case (.oid, .primitive(let content)):
            responseType = content
        case (.octetsContaining(let inner, let root), .primitive(let content)):
            guard responseType.map({ Array($0) == Self.basicOID }) ?? false else { return nil }
            let nested = ResponseBytes.region(content, shape: inner, root: root)
            return nested.map { error in
                var error = error
                if error.kind == .trailingData { error.path = path }
                return error
            }
        case (.sequence, .primitive), (.sequenceOf, .primitive), (.explicit, .primitive):
            return ParseError(.invalidValue, offset: offset, path: path,
                              message: "\(path) at offset \(offset) is encoded primitive; it must be constructed.")
        default:
            break
        }
        return nil
    }

    /// An element in a field: its tag checked against the shape's own, then walked.
    /// `tagged`: the field carries a context tag of its own (`[0] EXPLICIT`, an IMPLICIT
    /// CHOICE alternative), already matched.
    private mutating func walkField(_ node: ASN1Node, _ shape: OCSPShape, _ path: String, tagged: Bool = false) -> ParseError? {
        let tag = OCSPTag(node.identifier)
        if let expected = shape.universalTag, tag != expected, !tagged {
            let offset = node.encodedBytes.startIndex
            return ParseError(.unexpectedTag, offset: offset, path: path,
                              message: "\(path) at offset \(offset) must be a \(expected) but is a \(tag).")
        }
        return walk(node, shape, path)
    }

    private func integer(_ node: ASN1Node, _ content: ArraySlice<UInt8>, _ shape: OCSPShape, _ path: String) -> ParseError? {
        let offset = node.encodedBytes.startIndex
        let what = shape.universalTag?.description ?? "INTEGER"
        guard !content.isEmpty else {
            return ParseError(.invalidValue, offset: offset, path: path, message: "\(path) at offset \(offset) is an \(what) with no content bytes.")
        }
        let identifier = node.identifier
        do {
            _ = try ArraySlice<UInt8>(derEncoded: node, withIdentifier: identifier)
        } catch let error as ASN1Error where error.code == .invalidASN1IntegerEncoding && content.count > 1
                    && ((content.first == 0 && content[content.startIndex + 1] & 0x80 == 0)
                        || (content.first == 0xff && content[content.startIndex + 1] & 0x80 != 0)) {
            _ = error
            let lead = content.first == 0 ? "00" : "FF"
            return ParseError(.nonMinimalInteger, offset: offset, path: path,
                              message: "\(path) at offset \(offset) is an \(what) of \(content.count) bytes with a needless leading \(lead) byte: not the minimal encoding DER requires; strict parsers (OpenSSL, Go's crypto/ocsp) reject it, lenient ones accept it.")
        } catch {
            // Negative values (top bit set) are valid INTEGERs; the unsigned reading refuses them.
        }
        if case .enumerated = shape, path == "responseStatus",
           content.count == 1, ![0, 1, 2, 3, 5, 6].contains(content[content.startIndex]) {
            return ParseError(.invalidValue, offset: offset, path: path,
                              message: "\(path) at offset \(offset) is \(content[content.startIndex]), which RFC 6960 does not define (0–3, 5, 6).")
        }
        return nil
    }
}

extension OCSPMember {
    /// The shape and path name of an element in this field (a CHOICE's alternative by tag),
    /// and whether its tag is a context tag of the field's own.
    func resolve(_ tag: OCSPTag) -> (OCSPShape, String, Bool) {
        if case .choice(let alternatives) = shape, let alternative = alternatives.first(where: { $0.accepts(tag) }) {
            return (alternative.shape, name + "." + alternative.name, alternative.tag != nil)
        }
        return (shape, name, self.tag != nil)
    }
}
