import ArgumentParser
import StapleCheckCore

/// The options that belong to one target: given on the command line they apply to every
/// target, and a line of a `--targets` file may carry its own (which replace them for that
/// line). A new per-target option is added here and nowhere else: both places parse this
/// group.
struct TargetOptions: ParsableArguments {
    @Option(help: ArgumentHelp("SNI to send (default: the host name; none for an IP address).", valueName: "name"))
    var servername: String?

    @Option(name: .customLong("address"), help: ArgumentHelp("Check this IP address instead of resolving the host, which is kept for SNI and the report (repeatable: one backend at a time, like curl's --resolve).", valueName: "ip"))
    var addresses: [String] = []

    @OptionGroup var starttls: StartTLSOption

    func validate() throws {
        for address in addresses where SocketAddress(ip: address, port: Target.defaultPort) == nil {
            throw ValidationError("--address takes an IP address (got \(TextRenderer.escape(address)))")
        }
    }

    /// These options for one line, over the command line's: each one the line gives wins.
    func overriding(_ base: TargetOptions) -> TargetOptions {
        var merged = base
        if let servername { merged.servername = servername }
        if !addresses.isEmpty { merged.addresses = addresses }
        if starttls.starttls != nil { merged.starttls = starttls }
        return merged
    }
}

/// One line of a `--targets` file, parsed by ArgumentParser as a command line would be:
/// `TARGET [--servername NAME] [--address IP]... [--starttls PROTOCOL]`.
struct TargetLine: ParsableArguments {
    @Argument(help: ArgumentHelp("The server to check.", valueName: "target"))
    var target: String

    @OptionGroup var options: TargetOptions
}
