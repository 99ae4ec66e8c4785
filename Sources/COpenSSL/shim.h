/*
 * Why this header exists: Swift imports OpenSSL's functions and integer constants, but
 * not its function-like macros (SSL_set_tlsext_*, OPENSSL_free, every sk_TYPE_* in 3.0,
 * BIO_get_mem_data, composite XN_FLAG_* values). Each shim below is a one-line
 * `static inline` wrapper with the `sc_` prefix; nothing here has logic of its own.
 * The module map cannot define macros, so the API level is pinned here: deprecated
 * 3.0 APIs vanish from Swift instead of warning.
 */
#ifndef STAPLECHECK_COPENSSL_SHIM_H
#define STAPLECHECK_COPENSSL_SHIM_H

#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* SSL / SSL_CTX controls */
static inline long sc_SSL_set_tlsext_status_type(SSL *s, int type) { return SSL_set_tlsext_status_type(s, type); }
/* Returns the staple's length and points *resp at bytes the SSL owns; -1 when no staple was sent. */
static inline long sc_SSL_get_tlsext_status_ocsp_resp(SSL *s, const unsigned char **resp) { return SSL_get_tlsext_status_ocsp_resp(s, resp); }
static inline long sc_SSL_set_tlsext_host_name(SSL *s, const char *name) { return SSL_set_tlsext_host_name(s, name); }
static inline long sc_SSL_CTX_set_min_proto_version(SSL_CTX *c, int v) { return SSL_CTX_set_min_proto_version(c, v); }
static inline long sc_SSL_CTX_set_max_proto_version(SSL_CTX *c, int v) { return SSL_CTX_set_max_proto_version(c, v); }
static inline long sc_SSL_set_min_proto_version(SSL *s, int v) { return SSL_set_min_proto_version(s, v); }
static inline long sc_SSL_set_max_proto_version(SSL *s, int v) { return SSL_set_max_proto_version(s, v); }
static inline long sc_SSL_set1_sigalgs_list(SSL *s, const char *list) { return SSL_set1_sigalgs_list(s, list); }
static inline long sc_SSL_CTX_set_max_cert_list(SSL_CTX *c, long m) { return SSL_CTX_set_max_cert_list(c, m); }
static inline long sc_SSL_set_msg_callback_arg(SSL *s, void *arg) { return SSL_set_msg_callback_arg(s, arg); }

static inline uint64_t sc_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline const EVP_MD *sc_EVP_get_digestbyobj(const ASN1_OBJECT *o) { return EVP_get_digestbyobj(o); }

/* Memory */
static inline void sc_OPENSSL_free(void *p) { OPENSSL_free(p); }
static inline long sc_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

/* Name printing: RFC 2253 order (CN first) without escaping UTF-8 bytes. */
static inline unsigned long sc_XN_FLAG_RFC2253_UTF8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

/* STACK_OF(X509) */
static inline STACK_OF(X509) *sc_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int sc_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *sc_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline int sc_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline void sc_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }

/* STACK_OF(X509_INFO), as PEM_X509_INFO_read_bio returns it (owned by the caller) */
static inline int sc_sk_X509_INFO_num(const STACK_OF(X509_INFO) *sk) { return sk_X509_INFO_num(sk); }
static inline X509_INFO *sc_sk_X509_INFO_value(const STACK_OF(X509_INFO) *sk, int i) { return sk_X509_INFO_value(sk, i); }
static inline void sc_sk_X509_INFO_pop_free(STACK_OF(X509_INFO) *sk) { sk_X509_INFO_pop_free(sk, X509_INFO_free); }

/* STACK_OF(OPENSSL_STRING), as X509_get1_ocsp returns it (free with X509_email_free) */
static inline int sc_sk_OPENSSL_STRING_num(const STACK_OF(OPENSSL_STRING) *sk) { return sk_OPENSSL_STRING_num(sk); }
static inline const char *sc_sk_OPENSSL_STRING_value(const STACK_OF(OPENSSL_STRING) *sk, int i) { return sk_OPENSSL_STRING_value(sk, i); }

/* AUTHORITY_INFO_ACCESS = STACK_OF(ACCESS_DESCRIPTION) (free with AUTHORITY_INFO_ACCESS_free) */
static inline int sc_sk_ACCESS_DESCRIPTION_num(const STACK_OF(ACCESS_DESCRIPTION) *sk) { return sk_ACCESS_DESCRIPTION_num(sk); }
static inline ACCESS_DESCRIPTION *sc_sk_ACCESS_DESCRIPTION_value(const STACK_OF(ACCESS_DESCRIPTION) *sk, int i) { return sk_ACCESS_DESCRIPTION_value(sk, i); }

/* TLS_FEATURE = STACK_OF(ASN1_INTEGER) (free with TLS_FEATURE_free) */
static inline int sc_sk_ASN1_INTEGER_num(const STACK_OF(ASN1_INTEGER) *sk) { return sk_ASN1_INTEGER_num(sk); }
static inline const ASN1_INTEGER *sc_sk_ASN1_INTEGER_value(const STACK_OF(ASN1_INTEGER) *sk, int i) { return sk_ASN1_INTEGER_value(sk, i); }

/* EXTENDED_KEY_USAGE = STACK_OF(ASN1_OBJECT) (free with EXTENDED_KEY_USAGE_free) */
static inline int sc_sk_ASN1_OBJECT_num(const STACK_OF(ASN1_OBJECT) *sk) { return sk_ASN1_OBJECT_num(sk); }
static inline const ASN1_OBJECT *sc_sk_ASN1_OBJECT_value(const STACK_OF(ASN1_OBJECT) *sk, int i) { return sk_ASN1_OBJECT_value(sk, i); }

/* GENERAL_NAMES (free with GENERAL_NAMES_free) */
static inline int sc_sk_GENERAL_NAME_num(const GENERAL_NAMES *sk) { return sk_GENERAL_NAME_num(sk); }
static inline GENERAL_NAME *sc_sk_GENERAL_NAME_value(const GENERAL_NAMES *sk, int i) { return sk_GENERAL_NAME_value(sk, i); }

/* CRL_DIST_POINTS = STACK_OF(DIST_POINT) (free with CRL_DIST_POINTS_free) */
static inline int sc_sk_DIST_POINT_num(const STACK_OF(DIST_POINT) *sk) { return sk_DIST_POINT_num(sk); }
static inline DIST_POINT *sc_sk_DIST_POINT_value(const STACK_OF(DIST_POINT) *sk, int i) { return sk_DIST_POINT_value(sk, i); }
/* The fullName of a distribution point, or NULL when it has none (a relative name or no name). */
static inline GENERAL_NAMES *sc_DIST_POINT_fullname(const DIST_POINT *dp) { return (dp->distpoint && dp->distpoint->type == 0) ? dp->distpoint->name.fullname : NULL; }

/* STACK_OF(X509_EXTENSION) as OCSP/CSR accessors return it */
static inline int sc_sk_X509_EXTENSION_num(const STACK_OF(X509_EXTENSION) *sk) { return sk_X509_EXTENSION_num(sk); }
static inline X509_EXTENSION *sc_sk_X509_EXTENSION_value(const STACK_OF(X509_EXTENSION) *sk, int i) { return sk_X509_EXTENSION_value(sk, i); }
static inline void sc_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *sk) { sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free); }

/* STACK_OF(X509_REVOKED) as X509_CRL_get_REVOKED returns it (owned by the CRL) */
static inline int sc_sk_X509_REVOKED_num(const STACK_OF(X509_REVOKED) *sk) { return sk_X509_REVOKED_num(sk); }

#endif
