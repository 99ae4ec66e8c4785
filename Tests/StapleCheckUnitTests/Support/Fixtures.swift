import Foundation

/// Files committed under Fixtures/ (excluded from the target, read by path).
enum Fixtures {
    /// Fixtures/ beside Support/ (this file is Support/Fixtures.swift).
    static let folder: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String { folder.appendingPathComponent(relative).path }

    static func bytes(_ relative: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative)))) }
}
