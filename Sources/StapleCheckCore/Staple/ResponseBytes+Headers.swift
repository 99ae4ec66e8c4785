internal import COpenSSL
internal import SwiftASN1

/// Bytes that are not even BER: an element cut short, garbage after the structure, a
/// header that cannot be read. swift-asn1 refuses them whole, so their TLV headers are read
/// one at a time with OpenSSL's `ASN1_get_object` (which still reports a header whose length
/// runs past the end), along `OCSPShape` for the names, down to the element that breaks.
struct HeaderWalk {
    let bytes: ArraySlice<UInt8>

    struct Header {
        var tag: OCSPTag
        var constructed: Bool
        var indefinite: Bool
        var start: Int
        var contentStart: Int
        var length: Int
        var end: Int { contentStart + length }
    }

    /// The header at `offset`, read within `limit`; nil when not even that can be read.
    func header(at offset: Int, limit: Int) -> Header? {
        guard offset < limit else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Header? in
            guard let base = buffer.baseAddress else { return nil }
            let origin = bytes.startIndex
            var p: UnsafePointer<UInt8>? = base + (offset - origin)
            var length = 0
            var tag: Int32 = 0
            var tagClass: Int32 = 0
            let flags = ASN1_get_object(&p, &length, &tag, &tagClass, limit - offset)
            OpenSSLErrors.clear()
            // On a header it cannot read it returns 0x80 without moving the pointer; on a
            // length that runs past `limit` it sets 0x80 too, with everything filled in.
            guard let p, p - base + origin > offset, length >= 0 else { return nil }
            _ = flags
            let classes: [Int32: ASN1Identifier.TagClass] = [
                V_ASN1_UNIVERSAL: .universal, V_ASN1_APPLICATION: .application, V_ASN1_CONTEXT_SPECIFIC: .contextSpecific,
                V_ASN1_PRIVATE: .private,
            ]
            return Header(tag: OCSPTag(classes[tagClass] ?? .universal, UInt(tag)), constructed: flags & V_ASN1_CONSTRUCTED != 0,
                          indefinite: flags & 0x01 != 0, start: offset, contentStart: p - base + origin, length: length)
        }
    }

    /// The first thing that keeps the region from being one BER element.
    func locate(shape: OCSPShape, root: String) -> ParseError {
        let start = bytes.startIndex
        guard let header = header(at: start, limit: bytes.endIndex) else {
            return ParseError(.notASN1, offset: start, path: root,
                              message: "No ASN.1 element can be read at offset \(start): the bytes are not DER (nor BER) at all.")
        }
        if !header.indefinite, header.end < bytes.endIndex {
            let extra = bytes.endIndex - header.end
            if (try? BER.parse(bytes[start..<header.end])) != nil {
                return ParseError(.trailingData, offset: header.end, path: nil,
                                  message: "\(extra) byte\(extra == 1 ? "" : "s") of trailing data after the \(root) that ends at offset \(header.end); strict DER parsers (Firefox's) reject the whole.")
            }
            return HeaderWalk(bytes: bytes[start..<header.end]).locate(shape: shape, root: root)
        }
        return descend(header, limit: bytes.endIndex, shape: shape, path: root)
            ?? ParseError(.notASN1, offset: start, path: root,
                          message: "\(root) at offset \(start) cannot be read as DER or BER.")
    }

    /// Inside one element whose bytes end at `limit` (its own end, or where its parent's or
    /// the data's end cuts it).
    private func descend(_ element: Header, limit: Int, shape: OCSPShape, path: String) -> ParseError? {
        let end = min(element.indefinite ? limit : element.end, limit)
        if case .octetsContaining(let inner, let root) = shape, let nested = header(at: element.contentStart, limit: end) {
            if let error = descend(nested, limit: end, shape: inner, path: root) { return error }
        } else if element.constructed {
            var cursor = OCSPShape.Children(shape)
            var offset = element.contentStart
            while offset < end {
                guard let child = header(at: offset, limit: end) else {
                    return end < element.end || element.indefinite
                        ? truncated(element, limit: limit, path: path)
                        : ParseError(.notASN1, offset: offset, path: path,
                                     message: "No ASN.1 element can be read at offset \(offset) inside \(path).")
                }
                let (childShape, childPath) = cursor.next(child.tag, parent: path)
                if child.indefinite || child.end > end {
                    return descend(child, limit: end, shape: childShape, path: childPath) ?? truncated(child, limit: end, path: childPath)
                }
                if (try? BER.parse(bytes[child.start..<child.end])) == nil,
                   let error = descend(child, limit: child.end, shape: childShape, path: childPath) {
                    return error
                }
                offset = child.end
            }
        }
        if element.indefinite || element.end > limit { return truncated(element, limit: limit, path: path) }
        return nil
    }

    private func truncated(_ element: Header, limit: Int, path: String) -> ParseError {
        let got = max(0, limit - element.contentStart)
        let cut = limit == bytes.endIndex ? "the data ends" : "its enclosing element ends"
        if element.indefinite {
            return ParseError(.truncated, offset: element.start, path: path,
                              message: "\(path) at offset \(element.start) has an indefinite length whose end-of-contents octets never come: \(cut) at offset \(limit).")
        }
        return ParseError(.truncated, offset: element.start, path: path,
                          message: "Truncated: \(path) at offset \(element.start) declares \(element.length) bytes of content from offset \(element.contentStart), but \(cut) after \(got) (at offset \(limit)).")
    }
}

extension OCSPShape {
    /// Names the elements of one constructed element in order, as `TreeWalk` does; an
    /// element the structure has no field for walks on as `.any` under its parent's path.
    struct Children {
        private let shape: OCSPShape
        private var cursor: OCSPMemberCursor?
        private var index = 0

        init(_ shape: OCSPShape) {
            self.shape = shape
            if case .sequence(let members) = shape { cursor = OCSPMemberCursor(members) }
        }

        mutating func next(_ tag: OCSPTag, parent: String) -> (OCSPShape, String) {
            defer { index += 1 }
            switch shape {
            case .sequence:
                if case .field(let member)? = cursor?.match(tag) {
                    let (shape, name, _) = member.resolve(tag)
                    return (shape, OCSPShape.join(parent, name))
                }
                return (.any, parent)
            case .sequenceOf(let element): return (element, parent + "[\(index)]")
            case .explicit(let inner): return (inner, parent)
            default: return (.any, parent)
            }
        }
    }
}
