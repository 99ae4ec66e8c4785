internal import CCurl

#if canImport(Glibc)
import Glibc
#endif

/// libcurl, loaded on first use: linking it would cost every run (--no-live and `inspect`
/// included) the loading of a dozen libraries. Immutable after init: the function
/// addresses dlsym found, called through the trampolines in CCurl's shim.h.
final class CurlLibrary: @unchecked Sendable {
    static let soname = "libcurl.so.4"

    let setopt, getinfo, easyInit, cleanup, perform, strerror, slistAppend, slistFree: UnsafeMutableRawPointer

    /// Loaded, looked up and initialised once (a global's initialiser runs exactly once,
    /// which curl_global_init, not thread-safe, needs).
    static let shared: CurlLibrary? = CurlLibrary()

    static var loadError: String { dlerror().map { String(cString: $0) } ?? "not found" }

    private init?() {
        guard let handle = dlopen(Self.soname, RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        guard let globalInit = symbol("curl_global_init"), let setopt = symbol("curl_easy_setopt"),
              let getinfo = symbol("curl_easy_getinfo"), let easyInit = symbol("curl_easy_init"),
              let cleanup = symbol("curl_easy_cleanup"), let perform = symbol("curl_easy_perform"),
              let strerror = symbol("curl_easy_strerror"), let slistAppend = symbol("curl_slist_append"),
              let slistFree = symbol("curl_slist_free_all"),
              sc_curl_global_init(globalInit, Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
        else { return nil }
        (self.setopt, self.getinfo, self.easyInit, self.cleanup) = (setopt, getinfo, easyInit, cleanup)
        (self.perform, self.strerror, self.slistAppend, self.slistFree) = (perform, strerror, slistAppend, slistFree)
    }
}
