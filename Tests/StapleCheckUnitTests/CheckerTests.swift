import Foundation
import StapleCheckCore
import Testing

/// The checker's seams, with no socket: a resolver that fails ends the check before any
/// connection (FailureTests and ResolverSeamTests drive the real ones).
@Suite("Checker seams")
struct CheckerTests {
    @Test("The resolver seam: a failing resolver gives a dns error, no packet sent")
    func resolverSeam() {
        struct NoDNS: Resolver {
            func resolve(host: String, port: Int, deadline: Deadline) throws(CheckError) -> [SocketAddress] {
                throw CheckError.dns("cannot resolve \(host): Name or service not known")
            }
        }
        let report = Checker(probe: Probe(resolver: NoDNS())).check(
            Target(host: "example.test"), options: CheckOptions(analysis: AnalysisOptions(now: FixtureLab.now)))
        #expect(report.verdict == .error)
        #expect(report.error?.code == .dns)
        #expect(report.target.serverName == "example.test")
    }
}
