#if canImport(Glibc)
import Glibc
#endif

/// The handshake schedule of a check. Per address: the ordinary handshake (the certificate
/// the server picks by default), one offering only RSA, only ECDSA and only Ed25519
/// signature algorithms (each certificate the server holds), then `probes` rounds in which
/// every certificate found is shaken hands for on TLS 1.3 and on TLS 1.2 — every one a
/// fresh handshake (no tickets, no resumption), in a fixed order. With `plan.starttls` each
/// connection speaks that protocol's STARTTLS dialogue first; a refusal is recorded and the
/// schedule goes on (the ordinary handshake is tried `probes` times before giving up).
extension Probe {
    public func survey(_ target: Target, serverName: String?, plan: ProbePlan, deadline: Deadline) throws(CheckError) -> Survey {
        var addresses = try self.addresses(target, plan: plan, deadline: deadline)
        let omitted = max(0, addresses.count - plan.maxAddresses)
        addresses = Array(addresses.prefix(plan.maxAddresses))
        let context = try TLSClientContext.shared.get()
        let upgrade = plan.starttls.map { Upgrade(proto: $0, domain: serverName ?? target.host) }
        // A silent backend must not use up the time of the others.
        let share = Double(deadline.remainingMilliseconds) / 1000 / Double(addresses.count)
        let surveys = addresses.map { address in
            survey(address, context: context, serverName: serverName, upgrade: upgrade, plan: plan,
                   deadline: deadline.capped(atMost: max(share, 1)))
        }
        guard surveys.contains(where: { !$0.captures.isEmpty || !$0.refusals.isEmpty }) else {
            // Nothing could be checked: the first address's reason, unless only this
            // machine's routing stopped it and another address says more.
            let errors = surveys.compactMap(\.error)
            throw errors.first { !$0.noLocalRoute } ?? errors.first ?? CheckError.unreachable("no address of \(target.host) could be reached")
        }
        return Survey(addresses: surveys, omittedAddresses: omitted)
    }

    private func addresses(_ target: Target, plan: ProbePlan, deadline: Deadline) throws(CheckError) -> [SocketAddress] {
        var addresses: [SocketAddress] = []
        if plan.addresses.isEmpty {
            addresses = try resolver.resolve(host: target.host, port: target.port, deadline: deadline)
        } else {
            for text in plan.addresses {
                guard let address = SocketAddress(ip: text, port: target.port) else {
                    throw CheckError.input("--address \(text) is not an IP address")
                }
                if !addresses.contains(address) { addresses.append(address) }
            }
        }
        guard !addresses.isEmpty else { throw CheckError.dns("\(target.host) has no addresses") }
        return addresses
    }

    /// A certificate found at an address, and the handshake that first showed it.
    private struct Found {
        var family: HandshakeRequest.Family
        var leaf: [UInt8]
        var version: TLSVersion
    }

    private func survey(_ address: SocketAddress, context: TLSClientContext, serverName: String?, upgrade: Upgrade?, plan: ProbePlan,
                        deadline: Deadline) -> AddressSurvey {
        var captures: [HandshakeCapture] = []
        var refusals: [StartTLSRefusal] = []
        var backoff = Backoff(plan)
        // Only a server that rejects status requests is asked again without one: for the
        // others a failed handshake means "no such certificate" or "no such version".
        var fallback = true
        /// nil: the server refused STARTTLS this time.
        func shake(_ request: HandshakeRequest) throws(CheckError) -> HandshakeCapture? {
            backoff.waitIfNeeded(deadline, backoffWait)
            let attempt = try attemptWithFallback(address, context: context, serverName: serverName, request: request,
                                                  upgrade: upgrade, fallback: fallback, deadline: deadline)
            guard case .handshake(let capture) = attempt else {
                if case .refused(let refusal) = attempt { refusals.append(refusal) }
                return nil
            }
            captures.append(capture)
            backoff.record(stapled: capture.stapled)
            return capture
        }

        var first: HandshakeCapture?
        do throws(CheckError) {
            // A server that refuses STARTTLS may do so only sometimes: ask again.
            while first == nil && refusals.count < plan.probes {
                first = try shake(.ordinary)
            }
        } catch {
            return AddressSurvey(address: address.description, captures: [], refusals: refusals, error: refusals.isEmpty ? error : nil)
        }
        guard let ordinary = first else { return AddressSurvey(address: address.description, captures: [], refusals: refusals) }
        fallback = ordinary.statusRequestRejection != nil
        var found: [Found] = []
        for family in [HandshakeRequest.Family.rsa, .ecdsa, .ed25519] {
            // A failure means the server holds no certificate for these algorithms.
            guard let capture = try? shake(HandshakeRequest(family: family)), let leaf = capture.chainDER.first else { continue }
            if !found.contains(where: { $0.leaf == leaf }) { found.append(Found(family: family, leaf: leaf, version: capture.tlsVersion)) }
        }
        if let leaf = ordinary.chainDER.first, !found.contains(where: { $0.leaf == leaf }) {
            found.insert(Found(family: .serverDefault, leaf: leaf, version: ordinary.tlsVersion), at: 0)
        }

        var unsupported: Set<HandshakeRequest.Versions> = []
        for round in 0..<plan.probes {
            for certificate in found {
                for versions in HandshakeRequest.Versions.pinned where !unsupported.contains(versions) {
                    // The family's own handshake was the first on the version it negotiated.
                    if round == 0 && versions.rawValue == certificate.version.rawValue { continue }
                    do throws(CheckError) {
                        _ = try shake(HandshakeRequest(family: certificate.family, versions: versions))
                    } catch where error.code == .protocolVersion {
                        unsupported.insert(versions)
                    } catch {
                        // The address stopped answering midway: judge what was seen.
                        return AddressSurvey(address: address.description, captures: captures, refusals: refusals)
                    }
                }
            }
        }
        return AddressSurvey(address: address.description, captures: captures, refusals: refusals)
    }
}
