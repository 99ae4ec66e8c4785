import Foundation
import Testing

/// What `make install` ships beside the binary — the man page and the bash, zsh and fish
/// completions — read by their real consumers: `man -l` (man-db), `bash -n`, `zsh -n`,
/// `fish --no-execute`, bash's own completion machinery and fish's `complete -C`.
@Suite("Packaging: the man page, shell completions, make install and uninstall")
struct PackagingTests {
    @Test("The man page is generated from the command definitions and man renders it without a warning")
    func manPage() async throws {
        let dir = try Scratch("man")
        defer { dir.remove() }
        let made = try await Packaging.run([Paths.root.appendingPathComponent("scripts/generate-manual").path, Paths.binary, dir.path])
        #expect(made.status == 0, "\(made.stdout)\(made.stderr)")
        let page = try Packaging.render(dir.path + "/staplecheck.1")
        #expect(page.contains("staplecheck — Check whether a TLS server's OCSP stapling really works"))
        // Every subcommand and every option the binary defines is in the page.
        for name in try Packaging.definedNames() {
            #expect(page.contains(name), "\(name) is not in the man page")
        }
        // Exit codes under EXIT STATUS (not the generic ".Ex -std" sentence), formats and examples.
        let exitStatus = try #require(page.range(of: "\nEXIT STATUS\n")).upperBound
        let codes = page[exitStatus...]
        #expect(codes.contains("Exit codes: 0 ok, 1 warning, 2 critical, 3 could not check"))
        #expect(codes.contains("130 or 143"))
        #expect(!page.contains("exits 0 on success"))
        #expect(page.contains("Formats (--format): text, json, ndjson, nagios, prometheus."))
        #expect(page.contains("Examples:\n       staplecheck example.com\n"), "examples keep their own lines")
        #expect(page.contains("staplecheck check --targets hosts.txt --format ndjson --concurrency 32"))
    }

    @Test("bash, zsh and fish parse the completion scripts", arguments: ["bash", "zsh", "fish"])
    func completionsParse(shell: String) async throws {
        let dir = try Scratch("completion")
        defer { dir.remove() }
        let script = try await dir.completion(shell)
        let check = switch shell {
        case "bash": ["bash", "-n", script]
        case "zsh": ["zsh", "-n", script]
        default: ["fish", "--no-config", "--no-execute", script]
        }
        let parsed = try await Packaging.run(check)
        #expect(parsed.status == 0, "\(shell): \(parsed.stderr)")
        #expect(parsed.stderr.isEmpty, "\(shell): \(parsed.stderr)")
        let text = try String(contentsOfFile: script, encoding: .utf8)
        switch shell {
        case "bash": #expect(text.contains("complete -o filenames -F _staplecheck staplecheck"))
        // What compinit reads from a site-functions file to bind it to the command.
        case "zsh": #expect(text.hasPrefix("#compdef staplecheck"))
        default: #expect(text.contains("complete -c 'staplecheck'") || text.contains("complete -c staplecheck"))
        }
    }

    @Test("bash completes subcommands, options, --format and --starttls values, and file names")
    func bashCompletes() async throws {
        let dir = try Scratch("bash")
        defer { dir.remove() }
        let script = try await dir.completion("bash")
        try Data().write(to: URL(fileURLWithPath: dir.path + "/hosts.txt"))
        // Sets COMP_* as readline does for the line typed so far, calls the function that
        // `complete -p staplecheck` names, and prints COMPREPLY.
        let harness = """
            source "$1"
            cd "$2"
            complete -p staplecheck >/dev/null || exit 9
            function=$(complete -p staplecheck | sed -E 's/.* -F ([^ ]+) .*/\\1/')
            while IFS= read -r line; do
                COMP_LINE=$line COMP_POINT=${#line}
                read -ra COMP_WORDS <<<"$line"
                [[ $line == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                COMPREPLY=()
                "$function" staplecheck "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                echo "$line|$(printf '%s ' "${COMPREPLY[@]}")"
            done
            """
        let lines = ["staplecheck in", "staplecheck check --fo", "staplecheck check --format ", "staplecheck check --starttls sm",
                     "staplecheck check --hash ", "staplecheck check --targets ho", "staplecheck inspect ho",
                     "staplecheck fetch --cert ho", "staplecheck check --no-l"]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: dir.path + "/lines"))
        try Data(harness.utf8).write(to: URL(fileURLWithPath: dir.path + "/harness.bash"))
        let run = try await Packaging.run(["bash", "-c", "bash \"$0/harness.bash\" \"$1\" \"$0\" <\"$0/lines\"", dir.path, script])
        #expect(run.status == 0, "\(run.stderr)")
        var replies: [String: [String]] = [:]
        for line in run.stdout.split(separator: "\n") {
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            replies[String(parts[0])] = parts.count > 1 ? parts[1].split(separator: " ").map(String.init) : []
        }
        #expect(replies["staplecheck in"] == ["inspect"])
        #expect(replies["staplecheck check --fo"] == ["--format"])
        #expect(Set(replies["staplecheck check --format "] ?? []) == ["text", "json", "ndjson", "nagios", "prometheus"])
        #expect(replies["staplecheck check --starttls sm"] == ["smtp"])
        #expect(replies["staplecheck check --hash "] == ["sha1", "sha256"])
        #expect(replies["staplecheck check --targets ho"] == ["hosts.txt"])
        #expect(replies["staplecheck inspect ho"] == ["hosts.txt"])
        #expect(replies["staplecheck fetch --cert ho"] == ["hosts.txt"])
        #expect(replies["staplecheck check --no-l"] == ["--no-live"])
    }

    @Test("fish completes options and --format values with their help")
    func fishCompletes() async throws {
        let dir = try Scratch("fish")
        defer { dir.remove() }
        let script = try await dir.completion("fish")
        let run = try await Packaging.run(["fish", "--no-config", "-c",
                                           "source $argv[1]; complete -C 'staplecheck check --fo'; echo ---; complete -C 'staplecheck check --format '",
                                           script])
        #expect(run.status == 0, "\(run.stderr)")
        let halves = run.stdout.components(separatedBy: "---\n")
        #expect(halves.count == 2, "\(run.stdout)")
        #expect(halves[0].hasPrefix("--format\tOutput format: "), "\(halves[0])")
        let values = halves.count == 2 ? halves[1].split(separator: "\n").map { String($0.split(separator: "\t")[0]) } : []
        #expect(Set(values).isSuperset(of: ["text", "json", "ndjson"]), "\(values)")
    }

    @Test("make install DESTDIR=… PREFIX=/usr/local installs the static release binary, the man page and the completions; make uninstall removes them")
    func makeInstall() async throws {
        let dest = try Scratch("destdir")
        defer { dest.remove() }
        // Its own scratch path: the `swift test` running this holds .build. Reused between runs.
        let make = ["make", "-C", Paths.root.path, "SCRATCH=.build-install", "PREFIX=/usr/local", "DESTDIR=\(dest.path)"]
        let installed = try await Packaging.run(make + ["install"], limit: 1800)
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let prefix = dest.path + "/usr/local"
        let files = ["bin/staplecheck": 0o755, "share/man/man1/staplecheck.1": 0o644,
                     "share/bash-completion/completions/staplecheck": 0o644,
                     "share/zsh/site-functions/_staplecheck": 0o644,
                     "share/fish/vendor_completions.d/staplecheck.fish": 0o644]
        for (file, mode) in files {
            let attributes = try FileManager.default.attributesOfItem(atPath: prefix + "/" + file)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(file)")
        }
        let binary = prefix + "/bin/staplecheck"
        let version = try await Packaging.run([binary, "--version"])
        let ours = try await Packaging.run([Paths.binary, "--version"])
        #expect(version.status == 0 && version.stdout == ours.stdout && !version.stdout.isEmpty)
        // The release build with the Swift runtime linked in: no libswiftCore.so to find.
        let libraries = try await Packaging.run(["ldd", binary])
        #expect(libraries.status == 0 && libraries.stdout.contains("libssl") && !libraries.stdout.contains("libswift"),
                "\(libraries.stdout)")
        let page = try Packaging.render(prefix + "/share/man/man1/staplecheck.1")
        #expect(page.contains("EXIT STATUS"))
        // The installed completions are the ones the binary writes: the same definitions.
        let scratch = try Scratch("completion")
        defer { scratch.remove() }
        for (shell, file) in [("bash", "share/bash-completion/completions/staplecheck"), ("zsh", "share/zsh/site-functions/_staplecheck"),
                              ("fish", "share/fish/vendor_completions.d/staplecheck.fish")] {
            let expected = try String(contentsOfFile: try await scratch.completion(shell), encoding: .utf8)
            #expect(try String(contentsOfFile: prefix + "/" + file, encoding: .utf8) == expected, "\(shell)")
        }
        // bash-completion's own lookup finds it there (its completions dir under the prefix).
        let sourced = try await Packaging.run(["bash", "-c", "source \"$0\" && complete -p staplecheck", prefix + "/share/bash-completion/completions/staplecheck"])
        #expect(sourced.stdout.contains("-F _staplecheck staplecheck"), "\(sourced.stderr)")

        let removed = try await Packaging.run(make + ["uninstall"])
        #expect(removed.status == 0, "\(removed.stderr)")
        for file in files.keys {
            #expect(!FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) is still there")
        }
    }
}

/// Helpers for PackagingTests.
enum Packaging {
    /// Runs a command on a thread of its own (see CLIRun.execute) under a hang guard.
    static func run(_ argv: [String], limit: Int = 300, environment: [String: String] = [:]) async throws -> Subprocess.Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try Subprocess.run(["timeout", "-s", "KILL", String(limit)] + argv, environment: environment)
                })
            }
        }
    }

    /// `man -l PAGE` as plain text, 100 columns; a warning from man or groff fails the test.
    static func render(_ page: String) throws -> String {
        let run = try Subprocess.run(["timeout", "-s", "KILL", "60", "man", "-l", page],
                                     environment: ["MANWIDTH": "100", "MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"])
        #expect(run.status == 0, "man -l: \(run.stderr)")
        #expect(run.stderr.isEmpty, "man -l: \(run.stderr)")
        return run.stdout
    }

    /// Every subcommand name and every option name (`--format`, `-o`) staplecheck defines, from
    /// ArgumentParser's own description of the command tree.
    static func definedNames() throws -> Set<String> {
        let dump = try Subprocess.run([Paths.binary, "--experimental-dump-help"])
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var names: Set<String> = []
        func walk(_ command: [String: Any]) {
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for name in argument["names"] as? [[String: Any]] ?? [] {
                    guard let kind = name["kind"] as? String, let n = name["name"] as? String else { continue }
                    names.insert(kind == "short" ? "-\(n)" : "--\(n)")
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                if let name = sub["commandName"] as? String { names.insert(name) }
                walk(sub)
            }
        }
        walk(try #require(tree["command"] as? [String: Any]))
        #expect(names.isSuperset(of: ["check", "inspect", "fetch", "--format", "--targets", "--concurrency", "-o"]), "\(names)")
        return names
    }
}

/// A temporary directory for one test.
struct Scratch {
    let path: String

    init(_ what: String) throws {
        var template = Array((FileManager.default.temporaryDirectory.path + "/staplecheck-\(what).XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw LabError(message: "mkdtemp failed") }
        path = String(cString: made)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The completion script the binary writes for `shell`, saved here.
    func completion(_ shell: String) async throws -> String {
        let generated = try await Packaging.run([Paths.binary, "--generate-completion-script", shell])
        #expect(generated.status == 0 && !generated.stdout.isEmpty, "\(shell): \(generated.stderr)")
        let file = path + "/staplecheck.\(shell)"
        try Data(generated.stdout.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }
}
