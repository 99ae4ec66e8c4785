/// What is malformed in a certificate itself, whatever it is used for: a validity time that
/// cannot be decoded, an OCSP URL that is not a URL. Nothing unreadable passes as fine: a
/// field that was present and cannot be read is named, never shown as merely absent.
enum CertificateStructure {
    /// Findings about `certificate`. `position`: nil for the leaf (or the only certificate),
    /// else its 1-based place in the chain, which names it in the message. OCSP URLs are
    /// judged for the leaf only: an intermediate's responder plays no part in stapling.
    static func findings(_ certificate: X509Certificate, position: Int? = nil) -> [Finding] {
        let name = position.map { "Certificate \($0) of the chain (\(certificate.subject))" } ?? "The certificate"
        var findings = certificate.unreadableValidityFields.map { Finding.certificateTimeUnreadable(name, field: $0) }
        if position == nil {
            let urls = certificate.ocspURLs
            findings += urls.invalid.map { Finding.ocspURLInvalid($0, othersUsable: !urls.valid.isEmpty) }
        }
        return findings
    }

    /// The same for every certificate of a chain, leaf first.
    static func findings(chain: [X509Certificate]) -> [Finding] {
        chain.enumerated().flatMap { index, certificate in findings(certificate, position: index == 0 ? nil : index + 1) }
    }
}

extension Finding {
    fileprivate static func certificateTimeUnreadable(_ name: String, field: String) -> Finding {
        Finding(.certificateMalformed,
                message: "\(name)'s \(field) cannot be decoded (not a valid UTCTime or GeneralizedTime), so no client can tell when it is valid; they reject it.",
                fix: "The CA issued a malformed certificate: have it reissued (a new certificate from the CA, or from your ACME client) and install that.")
    }

    fileprivate static func ocspURLInvalid(_ escaped: String, othersUsable: Bool) -> Finding {
        Finding(.ocspURLInvalid,
                message: "The certificate names an OCSP responder URL that is not a valid URL (\(escaped)): it holds a NUL, control, space or non-ASCII byte, so neither clients nor a stapling server can ask it (OpenSSL drops it silently)"
                    + (othersUsable ? "; the certificate's other OCSP URLs are asked instead." : ", and the certificate names no other: no OCSP response can be fetched for it."),
                fix: "The CA issued a malformed certificate: have it reissued with a correct Authority Information Access OCSP URL.")
    }
}
