internal import COpenSSL

/// What OpenSSL keeps per thread (the error queue, DRBG state): freed by its thread-exit
/// handler, or now. A worker thread calls this as its last OpenSSL-free step, before it says
/// it is done: the process may exit at once, before the thread itself has ended.
enum OpenSSLThread {
    static func releaseState() {
        OPENSSL_thread_stop()
    }
}
