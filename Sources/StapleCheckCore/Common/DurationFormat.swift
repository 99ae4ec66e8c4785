internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// "2 s", "1.5 s".
func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\((seconds * 10).rounded() / 10) s"
}
