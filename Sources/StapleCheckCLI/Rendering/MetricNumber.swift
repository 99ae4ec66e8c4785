import StapleCheckCore

/// Numbers as the monitoring formats write them: plain decimals, never exponents or a
/// locale's separators, so that every perfdata and exposition parser reads them alike.
enum MetricNumber {
    /// Milliseconds as seconds with three decimals: 4 → "0.004", 2500 → "2.500".
    static func seconds(milliseconds ms: Int) -> String {
        fixed(Double(ms) / 1000, places: 3)
    }

    /// A value rounded to `places` decimals: fixed(0.8571, places: 3) → "0.857", -2.5 → "-2.500".
    static func fixed(_ value: Double, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        let sign = value < 0 && scaled > 0 ? "-" : ""
        guard places > 0 else { return sign + String(scaled) }
        let fraction = String(scaled % scale)
        return sign + String(scaled / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// Whole seconds (a span or a Unix time), truncated toward zero: the reports' times
    /// carry whole seconds.
    static func whole(_ seconds: Double) -> String {
        String(Int(seconds))
    }
}

extension Report {
    /// How long the responder took to give the answer the check used; nil without one (a
    /// failed request's time says nothing about the responder's speed).
    var answeredLatencyMs: Int? {
        guard let live = body.live, live.result == .ok else { return nil }
        return live.latencyMs
    }
}
