// staplecheck runs on Linux: sockets and poll through Glibc, process state from /proc,
// OpenSSL 3 and libcurl from the distribution. Say so at build time rather than fail deep
// inside a module that cannot import Glibc.
#if !os(Linux)
#error("staplecheck supports Linux only (Glibc, /proc, OpenSSL 3 and libcurl from the system)")
#endif
