import ArgumentParser
import StapleCheckCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `staplecheck check A B C`, `--targets FILE`: many targets in one run.
extension CheckCommand {
    /// Reads the target list, loads the trust store once, runs the checks `--concurrency` at a
    /// time and writes each result as it completes; then the summary, and the batch's exit
    /// code (128 + the signal when SIGINT or SIGTERM stopped it).
    func runBatch() -> Never {
        let analysis = judgement.analysisOptions(requireStaple: requireStaple)
        let source: TargetListSource
        let trust: LoadedTrust
        do throws(CheckError) {
            source = try TargetListSource(self, analysis: analysis)
            trust = try LoadedTrust(analysis.trust, at: analysis.now)
        } catch {
            FileOutput.standardError.write("staplecheck: \(TextRenderer.escape(error.message))\n")
            Glibc.exit(Verdict.error.exitCode)
        }

        let sink = output.batchSink(warnWithin: analysis.warnWithin)
        let runner = BatchRunner(source: source, concurrency: batch.concurrency, trust: trust)
        // Before any other thread exists, so that every thread inherits the blocked signals.
        StopSignals.watch { runner.stop(signal: $0) }
        let out = FileOutput(fd: STDOUT_FILENO)
        let progress = ProgressBar(total: source.total, enabled: ProgressBar.wanted(quiet: batch.quiet))
        var tally = BatchTally()
        var held: [String] = []
        out.write(sink.opening())
        let outcome = runner.run(
            render: { sink.render($0) },
            deliver: { result, rendered in
                progress.clear()
                if sink.holds {
                    held.append(rendered)
                } else if !out.write(sink.prefix(first: tally.done == 0) + rendered), errno == EPIPE {
                    // A reader that went away (`| head`) ends the batch like a signal would.
                    runner.stop(signal: SIGPIPE)
                }
                tally.add(result)
                progress.draw(tally)
            },
            tick: { total in
                progress.total = total
                progress.draw(tally)
            },
            finish: { outcome in
                progress.clear()
                let (stdout, stderr) = sink.closing(tally, outcome, held: held)
                out.write(stdout)
                FileOutput.standardError.write(stderr)
            })
        let code = outcome.signal.map { 128 + $0 } ?? tally.exitCode
        fflush(nil)
        // Checks abandoned at a stop are still running on their threads: leave without the
        // atexit handlers (OpenSSL's clean-up would free what they use).
        if outcome.abandoned > 0 { _exit(code) }
        Glibc.exit(code)
    }

    /// What one entry asks for: its words parsed against `TargetLine` (a command-line target
    /// is a single word with the command line's options), then its target.
    fileprivate func work(_ input: BatchInput, words: [String]?, analysis: AnalysisOptions) -> BatchItem.Work {
        func failed(_ message: String, host: String) -> BatchItem.Work {
            let error = CheckError.input("\(input.location): \(message)")
            return .failed(.failed(error, target: TargetInfo(host: host, port: Target.defaultPort, serverName: target.servername), at: analysis.now))
        }
        guard let words else {
            var why = "unterminated quote"
            do throws(ShellWords.Failure) { _ = try ShellWords.split(input.text) } catch { why = error.message }
            return failed(why, host: input.text)
        }
        let options: TargetOptions
        let text: String
        if input.source == nil {
            (options, text) = (target, input.text)
        } else {
            do {
                let line = try TargetLine.parse(words)
                (options, text) = (line.options.overriding(target), line.target)
            } catch {
                return failed(TargetLine.message(for: error), host: words.first ?? input.text)
            }
        }
        do throws(CheckError) {
            return .check(try Target(parsing: text), checkOptions(for: options, analysis: analysis))
        } catch {
            return failed(error.message, host: text)
        }
    }
}

/// The command line's targets, then the `--targets` file's lines, numbered across both
/// (0-based) for `--shard`; only this shard's become items. A line that cannot be parsed, or
/// a target that is not one, becomes an `error` result of its own. A named file is read
/// whole (its bytes, not its items, are held); standard input line by line as the batch
/// asks, so a list on a pipe is checked while it is being written.
final class TargetListSource: BatchSource {
    private let command: CheckCommand
    private let analysis: AnalysisOptions
    private let file: String?
    private let reader: TargetListFile.Reader?
    private let shard: Shard
    /// The next target's 0-based position in the whole list.
    private var position = 0
    /// The first item, read before the batch starts (an empty list is an error of its own).
    private var pending: BatchItem?
    private var ended = false
    /// Known before the batch starts for a list read whole; nil for standard input.
    let total: Int?

    /// Reads up to the first target: a list without one is an error.
    init(_ command: CheckCommand, analysis: AnalysisOptions) throws(CheckError) {
        self.command = command
        self.analysis = analysis
        file = command.batch.targetsFile
        shard = command.batch.shard ?? .whole
        // A file's target lines are counted once up front (its bytes are held anyway), for
        // the progress display and the count of targets an interruption left unstarted.
        var count = command.targets.count
        if let file, file != "-" {
            let bytes = try TargetListFile.read(RawArguments.path(for: file))
            count += TargetListFile.lines(bytes).count
            reader = TargetListFile.Reader(bytes: bytes)
        } else {
            reader = file == nil ? nil : TargetListFile.Reader(fd: STDIN_FILENO)
        }
        total = file == "-" ? nil : shard.share(of: count)
        pending = try nextEntry(throwing: true)
        // An empty list is an error; an empty shard of a list is not.
        guard pending != nil || position > 0 else { throw CheckError.input("no targets in \(file ?? "the arguments")") }
    }

    func next() -> BatchItem? {
        if let item = pending {
            pending = nil
            return item
        }
        return try? nextEntry(throwing: false)
    }

    /// The next item of this shard. A failure to read standard input ends the list with an
    /// `error` result saying so, unless `throwing` (before the first target: the batch's own
    /// error).
    private func nextEntry(throwing: Bool) throws(CheckError) -> BatchItem? {
        while !ended {
            let index = position
            let entry: (BatchInput, [String]?)
            if index < command.targets.count {
                let text = command.targets[index]
                entry = (BatchInput(source: nil, line: index + 1, text: text), [text])
            } else {
                let line: TargetListFile.Line?
                do throws(CheckError) {
                    line = try reader?.next()
                } catch {
                    ended = true
                    if throwing { throw error }
                    let input = BatchInput(source: file, line: (reader?.lineNumber ?? 0) + 1, text: "")
                    return BatchItem(index: index, input: input,
                                     work: .failed(.failed(error, target: TargetInfo(host: "-", port: Target.defaultPort), at: analysis.now)))
                }
                guard let line, let file else {
                    ended = true
                    return nil
                }
                let input = BatchInput(source: file, line: line.number, text: line.text)
                do throws(ShellWords.Failure) {
                    entry = (input, try ShellWords.split(line.text))
                } catch {
                    entry = (input, nil)
                }
            }
            position += 1
            guard shard.includes(index) else { continue }
            return BatchItem(index: index, input: entry.0, work: command.work(entry.0, words: entry.1, analysis: analysis))
        }
        return nil
    }
}
