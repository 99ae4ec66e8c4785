internal import COpenSSL

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One entry of OpenSSL's per-thread error queue, drained right after a failing call.
struct OpenSSLErrorEntry: Sendable, Equatable {
    var library: Int32
    var reason: Int32
    var text: String
}

enum OpenSSLErrors {
    /// Empties the queue so that what `drain()` returns belongs to the next call only.
    static func clear() { ERR_clear_error() }

    /// Reads and empties this thread's error queue. Call it immediately after the failing
    /// call, with no `await` in between: the queue is per thread.
    static func drain() -> [OpenSSLErrorEntry] {
        var entries: [OpenSSLErrorEntry] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            if code == 0 { break }
            var text = ERR_reason_error_string(code).map { String(cString: $0) } ?? "error \(code)"
            if let data, (flags & ERR_TXT_STRING) != 0 {
                let extra = String(cString: data)
                if !extra.isEmpty { text += " (\(extra))" }
            }
            entries.append(OpenSSLErrorEntry(library: ERR_GET_LIB(code), reason: ERR_GET_REASON(code), text: text))
        }
        return entries
    }

    /// The most useful one-line description of the drained queue (the innermost cause comes first).
    static func describe(_ entries: [OpenSSLErrorEntry], fallback: String) -> String {
        guard !entries.isEmpty else { return fallback }
        var seen: [String] = []
        for e in entries where !seen.contains(e.text) { seen.append(e.text) }
        return seen.joined(separator: ": ")
    }
}
