/*
 * sha256 - SHA-256 digests as lowercase hex, through GNU Nettle (no
 * hand-written cryptography).  Nettle rather than OpenSSL's libcrypto: the
 * digest is plain functions with no library initialisation, where OpenSSL 3
 * loads its configuration and default provider on first use (3.9 M
 * instructions, ~2.5 ms, for one digest: a quarter of a small build).
 */
#ifndef FC_SHA256_H
#define FC_SHA256_H

#include <stddef.h>

#define FC_SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

/* Writes the digest of data into hex; returns 0 (the int is kept for callers
 * that treat a digest as fallible). */
int fc_sha256_hex(const void *data, size_t len, char hex[FC_SHA256_HEX_SIZE]);

#endif
