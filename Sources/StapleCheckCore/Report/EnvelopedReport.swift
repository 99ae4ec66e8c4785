/// What the three reports (`Report`, `InspectReport`, `FetchReport`) have in common: the
/// shared envelope, a body holding what the command found, and a verdict derived from that
/// body. Envelope and body get their Codable from the compiler; the members of both read as
/// the report's own (`report.checkedAt`, `report.staple`), and the JSON is one flat object:
/// the envelope's keys, `verdict` and the body's keys side by side.
@dynamicMemberLookup
public protocol EnvelopedReport: Encodable {
    associatedtype Body: Encodable
    var envelope: ReportEnvelope { get set }
    var body: Body { get set }
    /// The overall answer, derived from the body; `error` when nothing could be judged.
    var verdict: Verdict { get }
}

private enum EnvelopeKeys: String, CodingKey {
    case verdict
}

extension EnvelopedReport {
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ReportEnvelope, Value>) -> Value {
        get { envelope[keyPath: keyPath] }
        set { envelope[keyPath: keyPath] = newValue }
    }

    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Body, Value>) -> Value {
        get { body[keyPath: keyPath] }
        set { body[keyPath: keyPath] = newValue }
    }

    public func encode(to encoder: any Encoder) throws {
        try encodeReport(to: encoder)
    }

    /// The envelope, the verdict and the body, into one JSON object. A report with more
    /// derived fields (`stapled`) writes them after calling this from its own `encode(to:)`.
    func encodeReport(to encoder: any Encoder) throws {
        try envelope.encode(to: encoder)
        var container = encoder.container(keyedBy: EnvelopeKeys.self)
        try container.encode(verdict, forKey: .verdict)
        try body.encode(to: encoder)
    }
}
