#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A live answer as analysed, kept beside its attempt.
struct LiveCandidate {
    var attempt: Int
    var info: StapleInfo
    var der: [UInt8]
    var nonceEchoed: Bool?
    /// What the answer breaks of the responder profile (`StapleAnalyzer.profileCodes`) and
    /// clients accept: a report's findings, beside the answer's facts in `info`. Those
    /// clients reject make the attempt invalid instead.
    var profileFindings: [Finding] = []
}

/// What the live query produced: the model for the report, and the chosen answer with its
/// bytes (what `fetch` writes).
struct LiveOutcome {
    var info: LiveInfo
    var chosen: LiveCandidate?
}
