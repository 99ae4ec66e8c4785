import Foundation
import StapleCheckCore
import Testing

/// The fuzz regressions (FuzzRegressionTests) through the real CLI: exit 0-2 with a report,
/// or 3 with one line on stderr.
@Suite("fuzz regressions through the CLI")
struct FuzzRegressionCLITests {
    static let folder = Paths.root.appendingPathComponent("Tests/StapleCheckUnitTests/Fixtures/fuzz-regressions")

    /// The file names in the folder, sorted (FuzzRegressionTests checks that there are some).
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { !$0.hasPrefix(".") }.sorted()

    func path(_ name: String) -> String { Self.folder.appendingPathComponent(name).path }

    @Test("The CLI: exit 0-2 with a report, or 3 with one line on stderr", arguments: files)
    func cli(_ name: String) async throws {
        let lab = try await Lab.shared()
        let file = path(name)
        // Without context, and as the fuzzer's second pass does: as a response about the lab's
        // `good` certificate with its issuer and trust anchors.
        let contexts = [[], ["--cert", lab.path("good.pem"), "--issuer", lab.path("int.pem"), "--ca-file", lab.caBundle]]
        for context in contexts {
            let json = try CLIRun.run(["inspect", file, "--format", "json"] + context)
            #expect((0...3).contains(json.status), "\(name) \(context): exit \(json.status)\n\(json.stderr)")
            let verdict = try #require(json.value("verdict") as? String, "\(name): \(json.stdout)\(json.stderr)")
            #expect(Verdict(rawValue: verdict)?.exitCode == json.status)
            if json.status == 3 { #expect((json.value("error.message") as? String)?.contains(file) == true) }

            let text = try CLIRun.run(["inspect", file] + context)
            #expect(text.status == json.status, "\(name) \(context): \(text.stderr)")
            if text.status == 3 {
                let lines = text.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                #expect(lines.count == 1 && lines.first?.hasPrefix("staplecheck: \(file): ") == true, "\(text.stderr)")
            } else {
                #expect(!text.stdout.isEmpty)
            }
        }
    }
}
