extension Inspector {
    /// What the optional --cert, --issuer and --ca-file give, loaded once.
    final class Context {
        let store: TrustStore
        /// The --cert certificate, with the rest of its chain; nil without --cert.
        let certificate: (leaf: X509Certificate, chain: [X509Certificate])?
        let issuer: X509Certificate?
        let chainTrusted: Bool

        var leaf: X509Certificate? { certificate?.leaf }
        /// The certificates given after the leaf.
        var intermediates: [X509Certificate] { certificate?.chain ?? [] }

        convenience init(_ options: InspectOptions) throws(CheckError) {
            try self.init(certificate: options.certificateFile.map { (path) throws(CheckError) in try Self.readCertificate(path) },
                          issuer: options.issuerFile, analysis: options.analysis)
        }

        private init(certificate: (leaf: X509Certificate, chain: [X509Certificate])?, issuer issuerPath: RawPath?,
                     analysis: AnalysisOptions) throws(CheckError) {
            store = try TrustStore(analysis.trust, at: analysis.now)
            var issuer: X509Certificate?
            if let path = issuerPath {
                guard case .certificates(let list) = try InputDecoder.decode(try InputDecoder.read(path), name: path.description).0,
                      let first = list.first else {
                    throw CheckError.input("\(path): --issuer must be a certificate")
                }
                issuer = first
                if let leaf = certificate?.leaf, !first.issued(leaf) {
                    throw CheckError.input("\(path): --issuer did not issue the --cert certificate (\(leaf.issuerName))")
                }
            }
            self.certificate = certificate
            if let certificate {
                let served = [certificate.leaf] + certificate.chain + (issuer.map { [$0] } ?? [])
                let verification = ChainVerification(leaf: certificate.leaf, served: served, store: store)
                self.issuer = issuer ?? verification.issuer
                chainTrusted = verification.trusted
            } else {
                self.issuer = issuer
                chainTrusted = false
            }
        }

        /// `fetch`: the certificate is required, so its subject always exists.
        static func revocationSubject(certificate certificatePath: RawPath, issuer issuerPath: RawPath?,
                                      analysis: AnalysisOptions) throws(CheckError) -> RevocationSubject {
            let certificate = try readCertificate(certificatePath)
            let context = try Context(certificate: certificate, issuer: issuerPath, analysis: analysis)
            return context.subject(for: certificate.leaf)
        }

        /// The --cert certificate, for asking its CA; nil without one.
        var revocationSubject: RevocationSubject? { leaf.map(subject(for:)) }

        private func subject(for leaf: X509Certificate) -> RevocationSubject {
            RevocationSubject(leaf: leaf, issuer: issuer, untrusted: intermediates + (issuer.map { [$0] } ?? []),
                              chainTrusted: chainTrusted, store: store)
        }

        /// A certificate or chain file, leaf first.
        private static func readCertificate(_ path: RawPath) throws(CheckError) -> (leaf: X509Certificate, chain: [X509Certificate]) {
            guard case .certificates(let list) = try InputDecoder.decode(try InputDecoder.read(path), name: path.description).0,
                  let leaf = list.first else {
                throw CheckError.input("\(path): --cert must be a certificate or chain")
            }
            return (leaf, Array(list.dropFirst()))
        }
    }
}
