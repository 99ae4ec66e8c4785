/// The characters a terminal acts on instead of showing, which nothing that comes from a
/// server, a certificate or a file may carry to it raw: C0 and C1 controls, DEL, and the
/// bidirectional marks, embeddings, overrides and isolates that reorder what is shown.
/// Text output writes them as `\x1b` / `\u{202e}`; JSON output as `\u001b` / `\u202e`.
public enum TerminalSafety {
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F, 0x80...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
