/*
 * sha256 - SHA-256 digests as lowercase hex, through OpenSSL's libcrypto EVP
 * interface (no hand-written cryptography).
 */
#ifndef FC_SHA256_H
#define FC_SHA256_H

#include <stddef.h>

#define FC_SHA256_HEX_SIZE 65 /* 64 hex digits and a NUL */

/* Writes the digest of data into hex; returns 0, or -1 if libcrypto failed. */
int fc_sha256_hex(const void *data, size_t len, char hex[FC_SHA256_HEX_SIZE]);

#endif
