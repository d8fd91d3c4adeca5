/*
 * sha256 - digests through libcrypto's EVP API; see sha256.h.
 */
#include "sha256.h"

#include <openssl/evp.h>

int fc_sha256_hex(const void *data, size_t len, char hex[FC_SHA256_HEX_SIZE])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	static const char digits[] = "0123456789abcdef";
	hex[0] = '\0';
	if (!EVP_Digest(data, len, md, &md_len, EVP_sha256(), NULL) || md_len != 32)
		return -1;
	for (unsigned i = 0; i < md_len; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
	return 0;
}
