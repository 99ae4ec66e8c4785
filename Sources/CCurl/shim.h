/*
 * Why this header exists: libcurl's configuration and query calls, curl_easy_setopt and
 * curl_easy_getinfo, are C variadic functions, which Swift cannot call. Each shim below is
 * a one-line `static inline` wrapper with the `sc_` prefix fixing the argument type of one
 * use; nothing here has logic of its own.
 */
#ifndef STAPLECHECK_CCURL_SHIM_H
#define STAPLECHECK_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*sc_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode sc_curl_setopt_long(CURL *c, CURLoption o, long v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode sc_curl_setopt_string(CURL *c, CURLoption o, const char *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode sc_curl_setopt_pointer(CURL *c, CURLoption o, void *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode sc_curl_setopt_slist(CURL *c, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(c, o, v); }
static inline CURLcode sc_curl_setopt_write(CURL *c, sc_curl_write_callback f) { return curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, f); }
/* CURLOPT_POSTFIELDSIZE_LARGE takes a curl_off_t, which must not go through the long shim. */
static inline CURLcode sc_curl_setopt_postsize(CURL *c, curl_off_t v) { return curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, v); }

static inline CURLcode sc_curl_getinfo_long(CURL *c, CURLINFO i, long *v) { return curl_easy_getinfo(c, i, v); }
static inline CURLcode sc_curl_getinfo_string(CURL *c, CURLINFO i, char **v) { return curl_easy_getinfo(c, i, v); }
static inline CURLcode sc_curl_getinfo_double(CURL *c, CURLINFO i, double *v) { return curl_easy_getinfo(c, i, v); }

#endif
