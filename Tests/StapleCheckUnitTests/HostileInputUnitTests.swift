import Foundation
@testable import StapleCheckCLI
@testable import StapleCheckCore
import Testing

/// The pure parts of issue 11's fixes: file names as bytes, terminal-safe JSON and usage
/// errors, and the size limits judged on captures (no process, no socket).
@Suite("Hostile inputs, in memory")
struct HostileInputUnitTests {
    @Test("A file name is its bytes; text shows UTF-8 as it is and every other byte as \\xNN")
    func rawPathDescription() {
        #expect(RawPath(bytes: Array("Zürich.der".utf8)).description == "Zürich.der")
        #expect(RawPath(bytes: Array("good-".utf8) + [0xFF] + Array(".der".utf8)).description == "good-\\xff.der")
        #expect(RawPath(bytes: [0xC3]).description == "\\xc3", "a truncated sequence")
        #expect(RawPath(bytes: [0xE2, 0x82, 0x41]).description == "\\xe2\\x82A")
        #expect(RawPath(bytes: [0xFE]) != RawPath(bytes: [0xFF]), "two names never read alike")
        #expect(RawPath(bytes: [0xFE]).description != RawPath(bytes: [0xFF]).description)
    }

    @Test("Parsed arguments map back to the bytes given: operands in order, --option=value, untouched UTF-8")
    func rawArguments() {
        let raw: [[UInt8]] = [Array("inspect".utf8), Array("a".utf8) + [0xFF], Array("a".utf8) + [0xFE],
                              Array("--cert=c".utf8) + [0x80], Array("plain.der".utf8)]
        let repaired = "a\u{FFFD}"
        #expect(RawArguments.paths(for: [repaired, repaired, "plain.der"], in: raw).map(\.bytes)
                == [Array("a".utf8) + [0xFF], Array("a".utf8) + [0xFE], Array("plain.der".utf8)])
        #expect(RawArguments.path(for: "c\u{FFFD}", in: raw).bytes == Array("c".utf8) + [0x80])
        #expect(RawArguments.path(for: "Zürich", in: raw).bytes == Array("Zürich".utf8))
    }
}
