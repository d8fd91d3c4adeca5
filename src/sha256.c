/*
 * sha256 - digests through Nettle's SHA-256; see sha256.h.
 */
#include "sha256.h"

#include <nettle/sha2.h>

int fc_sha256_hex(const void *data, size_t len, char hex[FC_SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(md), md);
	for (size_t i = 0; i < sizeof(md); i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * sizeof(md)] = '\0';
	return 0;
}
