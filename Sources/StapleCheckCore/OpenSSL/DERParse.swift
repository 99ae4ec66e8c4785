/// Runs one of OpenSSL's `d2i_…` parsers over the start of `bytes`: the object it made (the
/// caller owns it) and how many bytes it consumed; nil when nothing parsed. Every owner that
/// is built from DER goes through here, so "exactly these bytes" is judged the same way.
func parseDER(_ bytes: [UInt8],
              _ d2i: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?) -> (object: OpaquePointer, consumed: Int)? {
    bytes.withUnsafeBufferPointer { buffer -> (object: OpaquePointer, consumed: Int)? in
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return nil }
        var cursor: UnsafePointer<UInt8>? = base
        guard let object = d2i(&cursor, buffer.count), let end = cursor else { return nil }
        return (object, end - base)
    }
}
