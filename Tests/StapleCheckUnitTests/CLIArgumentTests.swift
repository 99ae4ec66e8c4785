import ArgumentParser
import Foundation
@testable import StapleCheckCLI
import Testing

/// The command line's argument types and option groups, parsed in-process.
@Suite("Command-line arguments")
struct CLIArgumentTests {
    @Test("Durations: a number with s, m, h or d, or plain seconds", arguments: [
        ("24h", 86400.0), ("90m", 5400), ("2d", 172800), ("3600", 3600), ("30s", 30), ("1.5h", 5400), ("0", 0),
    ])
    func duration(_ text: String, _ seconds: TimeInterval) throws {
        let duration = try #require(DurationArgument(argument: text))
        #expect(duration.seconds == seconds)
        #expect(duration.defaultValueDescription == text)
    }

    @Test("Not durations", arguments: ["-1h", "-5", "abc", "soon", "", "h", "1x", "24 h", "nan"])
    func notDuration(_ text: String) {
        #expect(DurationArgument(argument: text) == nil)
    }

    @Test("The default duration reads as 24h in --help")
    func defaultDuration() {
        #expect(DurationArgument.day.seconds == 86400)
        #expect(DurationArgument.day.defaultValueDescription == "24h")
    }

    @Test("ISO 8601 instants")
    func instant() throws {
        #expect(try #require(InstantArgument(argument: "2026-01-31T12:00:00Z")).date == Date(timeIntervalSince1970: 1_769_860_800))
        #expect(try #require(InstantArgument(argument: "1970-01-01T00:00:00Z")).date == Date(timeIntervalSince1970: 0))
    }

    @Test("Not ISO 8601 instants", arguments: ["yesterday", "2026-13-01T00:00:00Z", "2026-01-31 12:00", "1769860800", ""])
    func notInstant(_ text: String) {
        #expect(InstantArgument(argument: text) == nil)
    }

    @Test("Judgement options become analysis options without parsing anything twice")
    func judgement() throws {
        let options = try JudgementOptions.parse(["--at", "2026-01-31T12:00:00Z", "--warn-within", "90m", "--ca-file", "ca.pem"])
            .analysisOptions(requireStaple: true)
        #expect(options.now == Date(timeIntervalSince1970: 1_769_860_800))
        #expect(options.warnWithin == 5400)
        #expect(options.requireStaple)
        guard case .file("ca.pem") = options.trust else {
            Issue.record("trust: \(options.trust)")
            return
        }
        let defaults = try JudgementOptions.parse([]).analysisOptions(requireStaple: false)
        #expect(defaults.warnWithin == 86400)
        #expect(abs(defaults.now.timeIntervalSinceNow) < 60)
    }

    @Test("Revocation flags: --stale-after and --responder-probes reach the options")
    func revocation() throws {
        let options = try RevocationFlags.parse(["--stale-after", "2d", "--responder-probes", "3", "--no-live", "--hash", "sha256"]).options
        #expect(options.staleAfter == 172800)
        #expect(options.probes == 3)
        #expect(!options.live)
        #expect(options.hash == .sha256)
        #expect(try RevocationFlags.parse([]).options.staleAfter == 86400)
    }

    @Test("Invalid values are usage errors (exit 64) naming the option", arguments: [
        (["--warn-within", "soon", "x"], "--warn-within"),
        (["--stale-after", "abc", "x"], "--stale-after"),
        (["--at", "yesterday", "x"], "--at"),
        (["fetch", "--cert", "c", "-o", "o", "--min-validity", "1x"], "--min-validity"),
        (["--timeout", "0", "x"], "--timeout"),
        (["inspect", "--timeout", "5000", "f"], "--timeout"),
        (["--responder-probes", "51", "x"], "--responder-probes"),
    ])
    func usageError(_ arguments: [String], _ option: String) {
        do {
            _ = try StapleCheckCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(StapleCheckCommand.exitCode(for: error) == ExitCode(64))
            #expect(StapleCheckCommand.message(for: error).contains(option), "\(StapleCheckCommand.message(for: error))")
        }
    }

    @Test("check is the default subcommand; each subcommand gets its own --timeout help")
    func subcommands() throws {
        #expect(try StapleCheckCommand.parseAsRoot(["example.test", "--timeout", "2.5"]) is CheckCommand)
        let check = try #require(try StapleCheckCommand.parseAsRoot(["check", "example.test", "--timeout", "2.5"]) as? CheckCommand)
        #expect(check.timeout.seconds == 2.5)
        let fetch = try #require(try StapleCheckCommand.parseAsRoot(["fetch", "--cert", "c", "-o", "o"]) as? FetchCommand)
        #expect(fetch.timeout.seconds == 10)
        #expect(fetch.minValidity == nil)
        #expect(StapleCheckCommand.helpMessage(for: CheckCommand.self).contains("Seconds the whole check may take."))
        #expect(StapleCheckCommand.helpMessage(for: InspectCommand.self).contains("Seconds the CA's answers may take in all"))
        #expect(StapleCheckCommand.helpMessage(for: FetchCommand.self).contains("Seconds the fetch may take."))
    }

    @Test("--address (repeatable), --max-addresses and --probes reach the probe plan; bad values are usage errors")
    func deploymentOptions() throws {
        let check = try #require(try StapleCheckCommand.parseAsRoot(["good.test", "--address", "127.0.0.2", "--address", "::1",
                                                                     "--max-addresses", "3", "--probes", "1"]) as? CheckCommand)
        #expect(check.target.addresses == ["127.0.0.2", "::1"])
        #expect(check.maxAddresses == 3 && check.probes == 1)
        let defaults = try #require(try StapleCheckCommand.parseAsRoot(["good.test"]) as? CheckCommand)
        #expect(defaults.target.addresses.isEmpty && defaults.maxAddresses == 8 && defaults.probes == 3)
        for arguments in [["good.test", "--probes", "0"], ["good.test", "--max-addresses", "0"], ["good.test", "--address", "good.test"],
                          ["good.test", "--address", "127.0.0.1:443"]] {
            #expect(throws: (any Error).self, "\(arguments)") { _ = try StapleCheckCommand.parseAsRoot(arguments) }
        }
    }
}
