import ArgumentParser
import StapleCheckCore

/// How many targets are read and run at once: `--targets`, `--concurrency`, `--shard`, `--quiet`.
struct BatchOptions: ParsableArguments {
    @Option(name: .customLong("targets"), help: ArgumentHelp("Read targets from this file (- for standard input): one per line, with its own --servername and --address if need be; # comments and blank lines are skipped.", valueName: "file"), completion: .file())
    var targetsFile: String?

    @Option(help: ArgumentHelp("Check this many targets at once (1: one after the other); a check waiting out its back-off lets the next target start.", valueName: "n"))
    var concurrency = 16

    @Option(help: ArgumentHelp("Check only the K-th of N slices of the target list (1-based: target i, counted from 0, is in slice i % N + 1).", valueName: "K/N"))
    var shard: Shard?

    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "No progress display on standard error.")
    var quiet = false

    func validate() throws {
        guard (1...1024).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 1024") }
    }
}
