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
        let items: [BatchItem]
        let trust: LoadedTrust
        do throws(CheckError) {
            items = try batchItems(analysis: analysis)
            trust = try LoadedTrust(analysis.trust, at: analysis.now)
        } catch {
            FileOutput.standardError.write("staplecheck: \(TextRenderer.escape(error.message))\n")
            Glibc.exit(Verdict.error.exitCode)
        }

        let sink = output.batchSink(warnWithin: analysis.warnWithin)
        let runner = BatchRunner(items: items, concurrency: batch.concurrency, trust: trust)
        // Before any other thread exists, so that every thread inherits the blocked signals.
        StopSignals.watch { runner.stop(signal: $0) }
        let out = FileOutput(fd: STDOUT_FILENO)
        let progress = ProgressBar(total: items.count, enabled: ProgressBar.wanted(quiet: batch.quiet))
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
            tick: { progress.draw(tally) },
            finish: { outcome in
                progress.clear()
                let (stdout, stderr) = sink.closing(tally, outcome, total: items.count, held: held)
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

    /// The command line's targets, then the `--targets` file's lines, numbered across both
    /// (0-based) for `--shard`; only this shard's are kept. A line that cannot be parsed, or
    /// a target that is not one, becomes an `error` result of its own.
    func batchItems(analysis: AnalysisOptions) throws(CheckError) -> [BatchItem] {
        var entries: [(BatchInput, [String]?)] = targets.enumerated().map { (BatchInput(source: nil, line: $0.offset + 1, text: $0.element), [$0.element]) }
        if let file = batch.targetsFile {
            let bytes = try TargetListFile.read(file == "-" ? nil : RawArguments.path(for: file))
            for line in TargetListFile.lines(bytes) {
                let input = BatchInput(source: file, line: line.number, text: line.text)
                do throws(ShellWords.Failure) {
                    entries.append((input, try ShellWords.split(line.text)))
                } catch {
                    entries.append((input, nil))
                }
            }
        }
        guard !entries.isEmpty else { throw CheckError.input("no targets in \(batch.targetsFile ?? "the arguments")") }
        let shard = batch.shard ?? .whole
        return entries.indices.filter(shard.includes).map { index in
            let (input, words) = entries[index]
            return BatchItem(index: index, input: input, work: work(input, words: words, analysis: analysis))
        }
    }

    /// What one entry asks for: its words parsed against `TargetLine` (a command-line target
    /// is a single word with the command line's options), then its target.
    private func work(_ input: BatchInput, words: [String]?, analysis: AnalysisOptions) -> BatchItem.Work {
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
