#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct InspectOptions: Sendable {
    public var analysis: AnalysisOptions
    /// The certificate (or chain, leaf first) an OCSP response file should be about.
    public var certificatePath: String?
    /// The issuer of that certificate, when the chain does not hold it.
    public var issuerPath: String?
    /// With a certificate: what to ask its CA.
    public var revocation: RevocationOptions
    /// Bounds the CA's answers, all files together.
    public var timeout: Double

    public init(analysis: AnalysisOptions, certificatePath: String? = nil, issuerPath: String? = nil,
                revocation: RevocationOptions = .offline, timeout: Double = 10) {
        self.analysis = analysis
        self.certificatePath = certificatePath
        self.issuerPath = issuerPath
        self.revocation = revocation
        self.timeout = timeout
    }
}
