#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public struct InspectOptions: Sendable {
    public var analysis: AnalysisOptions
    /// The certificate (or chain, leaf first) an OCSP response file should be about.
    public var certificateFile: RawPath?
    /// The issuer of that certificate, when the chain does not hold it.
    public var issuerFile: RawPath?
    /// With a certificate: what to ask its CA.
    public var revocation: RevocationOptions
    /// Bounds the CA's answers, all files together.
    public var timeout: Double

    /// File names as raw bytes (the command line's, unchanged).
    public init(analysis: AnalysisOptions, certificate: RawPath?, issuer: RawPath? = nil,
                revocation: RevocationOptions = .offline, timeout: Double = 10) {
        self.analysis = analysis
        certificateFile = certificate
        issuerFile = issuer
        self.revocation = revocation
        self.timeout = timeout
    }

    /// File names as text (their UTF-8 bytes).
    public init(analysis: AnalysisOptions, certificatePath: String? = nil, issuerPath: String? = nil,
                revocation: RevocationOptions = .offline, timeout: Double = 10) {
        self.init(analysis: analysis, certificate: certificatePath.map { RawPath($0) }, issuer: issuerPath.map { RawPath($0) },
                  revocation: revocation, timeout: timeout)
    }
}
