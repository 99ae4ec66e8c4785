/*
 * Why this header exists: staplecheck loads libcurl only when it asks a responder or a CRL
 * distribution point (dlopen), because linking it costs every run, --no-live included,
 * milliseconds of dynamic loading (it brings a dozen libraries). The header gives Swift
 * libcurl's types and constants, and one-line `static inline` trampolines that call a
 * function looked up with dlsym through its exact C type, which also covers the variadic
 * curl_easy_setopt and curl_easy_getinfo Swift cannot call. Nothing here has logic.
 */
#ifndef STAPLECHECK_CCURL_SHIM_H
#define STAPLECHECK_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*sc_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode sc_curl_global_init(void *fn, long flags) { return ((CURLcode (*)(long))fn)(flags); }
static inline CURL *sc_curl_easy_init(void *fn) { return ((CURL *(*)(void))fn)(); }
static inline void sc_curl_easy_cleanup(void *fn, CURL *c) { ((void (*)(CURL *))fn)(c); }
static inline CURLcode sc_curl_easy_perform(void *fn, CURL *c) { return ((CURLcode (*)(CURL *))fn)(c); }
static inline const char *sc_curl_easy_strerror(void *fn, CURLcode code) { return ((const char *(*)(CURLcode))fn)(code); }
static inline struct curl_slist *sc_curl_slist_append(void *fn, struct curl_slist *list, const char *s) { return ((struct curl_slist *(*)(struct curl_slist *, const char *))fn)(list, s); }
static inline void sc_curl_slist_free_all(void *fn, struct curl_slist *list) { ((void (*)(struct curl_slist *))fn)(list); }

typedef CURLcode (*sc_curl_setopt_fn)(CURL *, CURLoption, ...);
static inline CURLcode sc_curl_setopt_long(void *fn, CURL *c, CURLoption o, long v) { return ((sc_curl_setopt_fn)fn)(c, o, v); }
static inline CURLcode sc_curl_setopt_string(void *fn, CURL *c, CURLoption o, const char *v) { return ((sc_curl_setopt_fn)fn)(c, o, v); }
static inline CURLcode sc_curl_setopt_pointer(void *fn, CURL *c, CURLoption o, void *v) { return ((sc_curl_setopt_fn)fn)(c, o, v); }
static inline CURLcode sc_curl_setopt_slist(void *fn, CURL *c, CURLoption o, struct curl_slist *v) { return ((sc_curl_setopt_fn)fn)(c, o, v); }
static inline CURLcode sc_curl_setopt_write(void *fn, CURL *c, sc_curl_write_callback f) { return ((sc_curl_setopt_fn)fn)(c, CURLOPT_WRITEFUNCTION, f); }
/* CURLOPT_POSTFIELDSIZE_LARGE takes a curl_off_t, which must not go through the long trampoline. */
static inline CURLcode sc_curl_setopt_postsize(void *fn, CURL *c, curl_off_t v) { return ((sc_curl_setopt_fn)fn)(c, CURLOPT_POSTFIELDSIZE_LARGE, v); }

typedef CURLcode (*sc_curl_getinfo_fn)(CURL *, CURLINFO, ...);
static inline CURLcode sc_curl_getinfo_long(void *fn, CURL *c, CURLINFO i, long *v) { return ((sc_curl_getinfo_fn)fn)(c, i, v); }
static inline CURLcode sc_curl_getinfo_string(void *fn, CURL *c, CURLINFO i, char **v) { return ((sc_curl_getinfo_fn)fn)(c, i, v); }

#endif
