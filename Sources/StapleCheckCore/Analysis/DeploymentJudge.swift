/// Compares the endpoints of a deployment and says where they disagree: one address
/// (backend) unlike the others, or one certificate stapled unlike the others at an
/// address. Pure: a function of the endpoint reports, judged before the CA is asked (what
/// the CA says is about the certificate, not the endpoint).
enum DeploymentJudge {
    static func findings(_ endpoints: [EndpointReport]) -> [Finding] {
        let checked = endpoints.filter { $0.error == nil }
        return certificatesDiffer(checked) + addressesDiffer(checked)
    }

    /// What sets an endpoint apart: its certificate, whether it staples, and its findings.
    private struct Profile: Equatable {
        var keyType: KeyType?
        var fingerprint: String?
        var stapled: Bool
        var codes: [FindingCode]

        init(_ endpoint: EndpointReport) {
            keyType = endpoint.keyType
            fingerprint = endpoint.certificate?.sha256Fingerprint
            stapled = endpoint.stapled
            codes = Set(endpoint.findings.map(\.code)).sorted { $0.rawValue < $1.rawValue }
        }
    }

    private static func rank(_ endpoint: EndpointReport) -> Int { Int(endpoint.verdict.exitCode) }

    /// At one address, a certificate whose staple is worse than the best one's there.
    private static func certificatesDiffer(_ endpoints: [EndpointReport]) -> [Finding] {
        var findings: [Finding] = []
        for address in ordered(endpoints.map(\.address)) {
            let here = endpoints.filter { $0.address == address }
            guard here.count > 1, let best = here.min(by: { rank($0) < rank($1) }) else { continue }
            for endpoint in here where rank(endpoint) > rank(best) || endpoint.stapled != best.stapled {
                let serial = endpoint.staple?.serialNumber
                let stapledFor = serial.flatMap { serial in
                    here.first { $0 != endpoint && $0.certificate?.serialNumber == serial }
                }
                let what: String
                if let other = stapledFor, endpoint.staple?.matchesCertificate == false {
                    what = "its staple is the response for the \(name(other)) certificate (serial \(serial ?? "?"))"
                } else {
                    what = describe(endpoint)
                }
                findings.append(Finding.certificatesDiffer(address: address, endpoint: name(endpoint), best: name(best), what: what)
                    .located(address: address, keyType: endpoint.keyType))
            }
        }
        return findings
    }

    /// An address whose endpoints are unlike those of most addresses.
    private static func addressesDiffer(_ endpoints: [EndpointReport]) -> [Finding] {
        let addresses = ordered(endpoints.map(\.address))
        guard addresses.count > 1 else { return [] }
        let profiles = addresses.map { address in endpoints.filter { $0.address == address } }
        // The reference is the most common profile; among equals the one that judges best.
        let keyed = profiles.map { ($0, $0.map(Profile.init)) }
        let reference = keyed.max { a, b in
            let ca = keyed.filter { $0.1 == a.1 }.count, cb = keyed.filter { $0.1 == b.1 }.count
            if ca != cb { return ca < cb }
            return (a.0.map(rank).max() ?? 0) > (b.0.map(rank).max() ?? 0)
        }
        guard let reference else { return [] }
        var findings: [Finding] = []
        for (here, profile) in keyed where profile != reference.1 {
            guard let address = here.first?.address else { continue }
            var what: [String] = []
            let referenceFingerprints = Set(reference.0.compactMap { $0.certificate?.sha256Fingerprint })
            for endpoint in here {
                if let fingerprint = endpoint.certificate?.sha256Fingerprint, !referenceFingerprints.contains(fingerprint) {
                    what.append("the \(name(endpoint)) certificate (serial \(endpoint.certificate?.serialNumber ?? "?")) is not the one the others serve")
                }
                if let counterpart = reference.0.first(where: { $0.keyType == endpoint.keyType }), Profile(counterpart).codes != Profile(endpoint).codes
                    || counterpart.stapled != endpoint.stapled {
                    what.append("\(name(endpoint)): \(describe(endpoint))")
                }
            }
            let missing = Set(reference.0.map(\.keyType)).subtracting(here.map(\.keyType))
            for keyType in missing { what.append("no \(keyType?.rawValue ?? "other") certificate") }
            findings.append(Finding.addressesDiffer(address: address, what: what.isEmpty ? "its handshakes differ" : what.joined(separator: "; "),
                                                    others: addresses.count - 1)
                .located(address: address, keyType: nil))
        }
        return findings
    }

    private static func ordered(_ values: [String]) -> [String] {
        values.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    private static func name(_ endpoint: EndpointReport) -> String { endpoint.keyType?.rawValue ?? "other" }

    /// "no staple" or the codes of what is wrong ("staple-expired, chain-untrusted").
    private static func describe(_ endpoint: EndpointReport) -> String {
        let codes = endpoint.findings.filter { $0.severity != .info }.map(\.code.rawValue)
        let list = codes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if !endpoint.stapled && list.isEmpty { return "no staple" }
        return list.isEmpty ? "nothing wrong" : (endpoint.stapled ? "" : "no staple; ") + list.joined(separator: ", ")
    }
}

extension Finding {
    static func certificatesDiffer(address: String, endpoint: String, best: String, what: String) -> Finding {
        Finding(.certificatesDiffer,
                message: "At \(address) the \(endpoint) certificate is stapled unlike the \(best) one: \(what). Clients that pick the \(endpoint) certificate (by their signature algorithms) see this.",
                fix: "Give every certificate its own staple: nginx uses one `ssl_stapling_file` for all the `ssl_certificate`s of a server block — use live stapling (`ssl_stapling on` without a file) or one file per certificate where the server supports it (HAProxy `<cert>.ocsp` next to each certificate), and check each with `staplecheck inspect STAPLE --cert CERT`.")
    }

    static func addressesDiffer(address: String, what: String, others: Int) -> Finding {
        Finding(.addressesDiffer,
                message: "The backend at \(address) differs from the other \(others == 1 ? "address" : "\(others) addresses"): \(what). Clients that reach this address see it.",
                fix: "Bring this backend's certificate and stapling configuration in line with the others (the same certificate files and staple refresh on every node), then check it alone with `--address`.")
    }
}
