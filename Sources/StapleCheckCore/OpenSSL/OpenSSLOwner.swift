/// An owner of one OpenSSL object. The pointer is private to its owner and never escapes:
/// a caller borrows it for the length of a closure, during which the owner is kept alive
/// (Swift may otherwise release an object right after its last visible use, while C still
/// holds the pointer).
protocol OpenSSLOwner: AnyObject {
    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T
}

/// Two owners' pointers borrowed together, both owners alive throughout.
func withPointers<A: OpenSSLOwner, B: OpenSSLOwner, T, E: Error>(
    _ a: A, _ b: B, _ body: (OpaquePointer, OpaquePointer) throws(E) -> T
) throws(E) -> T {
    try a.withPointer { (pa) throws(E) -> T in try b.withPointer { (pb) throws(E) -> T in try body(pa, pb) } }
}

/// Three owners' pointers borrowed together.
func withPointers<A: OpenSSLOwner, B: OpenSSLOwner, C: OpenSSLOwner, T, E: Error>(
    _ a: A, _ b: B, _ c: C, _ body: (OpaquePointer, OpaquePointer, OpaquePointer) throws(E) -> T
) throws(E) -> T {
    try withPointers(a, b) { (pa, pb) throws(E) -> T in try c.withPointer { (pc) throws(E) -> T in try body(pa, pb, pc) } }
}
