import Foundation
import Testing

/// The rules of docs/ARCHITECTURE.md that the compiler cannot check, checked over the source
/// tree (read as text: no process is started).
@Suite("Architecture")
struct ArchitectureTests {
    static let root = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let core = root.appendingPathComponent("Sources/StapleCheckCore")

    static func swiftFiles(under folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    static func text(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }

    static func relative(_ url: URL) -> String { String(url.path.dropFirst(root.path.count + 1)) }

    @Test("Every folder of the core is described in docs/ARCHITECTURE.md, and every folder it describes exists")
    func foldersDocumented() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.core.path)
            .filter { (try? Self.core.appendingPathComponent($0).resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
        #expect(!folders.isEmpty)
        let doc = Self.text(Self.root.appendingPathComponent("docs/ARCHITECTURE.md"))
        let rows = doc.split(separator: "\n").filter { $0.hasPrefix("| `") }
        let described = Set(rows.compactMap { row -> String? in
            guard let name = row.split(separator: "`").dropFirst().first, name.hasSuffix("/") else { return nil }
            return String(name.dropLast())
        })
        #expect(Set(folders) == described, "folders: \(folders.sorted()); described: \(described.sorted())")
    }

    @Test("The report model, the findings and the shared helpers import no C module")
    func plainDataStaysPlain() {
        for folder in ["Report", "Findings", "Common"] {
            let files = Self.swiftFiles(under: Self.core.appendingPathComponent(folder))
            #expect(!files.isEmpty, "\(folder)/ is empty")
            for file in files {
                let text = Self.text(file)
                #expect(!text.contains("import COpenSSL") && !text.contains("import CCurl"), "\(Self.relative(file)) imports a C module")
            }
        }
    }

    @Test("Only StapleCheckCLI imports ArgumentParser")
    func argumentParserStaysInTheCLI() {
        let sources = Self.root.appendingPathComponent("Sources")
        let importers = Self.swiftFiles(under: sources).filter { Self.text($0).contains("import ArgumentParser") }.map(Self.relative)
        #expect(!importers.isEmpty)
        #expect(importers.allSatisfy { $0.hasPrefix("Sources/StapleCheckCLI/") }, "\(importers)")
    }

    @Test("No source file is over 400 lines")
    func filesStaySmall() {
        for file in Self.swiftFiles(under: Self.root.appendingPathComponent("Sources")) {
            let lines = Self.text(file).split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(lines <= 400, "\(Self.relative(file)) has \(lines) lines")
        }
    }
}
