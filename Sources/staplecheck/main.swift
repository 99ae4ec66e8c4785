// The staplecheck executable. The command line (subcommands, options, text output) is the
// StapleCheckCLI library, the checks themselves StapleCheckCore.
import StapleCheckCLI

StapleCheckCommand.start()
