/*
 * prov - provenance bodies and GPGME clear-signing; see prov.h.
 *
 * GPGME is not linked: the first signing opens FC_GPGME_SONAME (dynlib.h)
 * and every gpgme_* call goes through the table gpgme, whose members have
 * the prototypes of <gpgme.h> (included for them and for the types).
 */
#include "prov.h"

#include "dynlib.h"
#include "sha256.h"

#include <gpgme.h>
#include <stddef.h>
#include <string.h>

#ifndef FC_GPGME_SONAME
#define FC_GPGME_SONAME "libgpgme.so.11"
#endif

/* The functions used, X(name) for gpgme_<name>.  gpgme_check_version() is
 * a macro over check_version_internal, which also checks the layout of
 * struct _gpgme_signature against the headers. */
#define GPGME_FUNCTIONS(X)          \
	X(check_version_internal)   \
	X(engine_check_version)     \
	X(strerror)                 \
	X(new)                      \
	X(release)                  \
	X(ctx_set_engine_info)      \
	X(set_armor)                \
	X(op_keylist_start)         \
	X(op_keylist_next)          \
	X(op_keylist_end)           \
	X(key_unref)                \
	X(signers_add)              \
	X(data_new_from_mem)        \
	X(data_new)                 \
	X(data_release)             \
	X(data_release_and_get_mem) \
	X(op_sign)                  \
	X(op_sign_result)           \
	X(hash_algo_name)           \
	X(free)

static struct gpgme_api {
#define MEMBER(name) __typeof__(gpgme_##name) *name;
	GPGME_FUNCTIONS(MEMBER)
#undef MEMBER
} gpgme;

static const struct fc_dynlib_symbol gpgme_symbols[] = {
#define SYMBOL(name) {"gpgme_" #name, offsetof(struct gpgme_api, name)},
        GPGME_FUNCTIONS(SYMBOL)
#undef SYMBOL
};

static struct fc_dynlib gpgme_lib = {
        .what = "signing needs GPGME",
        .soname = FC_GPGME_SONAME,
        .symbols = gpgme_symbols,
        .nsymbols = sizeof(gpgme_symbols) / sizeof(gpgme_symbols[0]),
        .table = &gpgme,
};

int fc_prov_body(const char *chart_yaml, size_t chart_yaml_len, const char *tgz_name,
                 const void *tgz, size_t tgz_len, struct fc_strbuf *out, struct fc_diags *diags)
{
	char hex[FC_SHA256_HEX_SIZE];
	if (fc_sha256_hex(tgz, tgz_len, hex) != 0) {
		struct fc_pos none = {tgz_name, 0, 0};
		fc_diag_error(diags, "internal", none, NULL, "cannot compute the sha256 digest");
		return -1;
	}
	/* As Helm writes it: the metadata, "\n...\n", then the sums. */
	fc_strbuf_add(out, chart_yaml, chart_yaml_len);
	if (chart_yaml_len && chart_yaml[chart_yaml_len - 1] != '\n')
		fc_strbuf_addch(out, '\n');
	fc_strbuf_addf(out, "\n...\nfiles:\n  %s: sha256:%s\n", tgz_name, hex);
	return 0;
}

static int sign_error(struct fc_diags *diags, const char *what, gpgme_error_t err)
{
	struct fc_pos none = {NULL, 0, 0};
	fc_diag_error(diags, "sign", none, NULL, "%s: %s", what, gpgme.strerror(err));
	return -1;
}

/* The one secret key matching key_name that can sign, in *key. */
static int find_key(gpgme_ctx_t ctx, const char *key_name, gpgme_key_t *key, struct fc_diags *diags)
{
	struct fc_pos none = {NULL, 0, 0};
	*key = NULL;
	gpgme_error_t err = gpgme.op_keylist_start(ctx, key_name, 1);
	if (err)
		return sign_error(diags, "cannot list secret keys", err);
	size_t matches = 0;
	gpgme_key_t k;
	while (gpgme.op_keylist_next(ctx, &k) == 0) {
		if (k->revoked || k->expired || k->disabled || k->invalid || !k->can_sign) {
			gpgme.key_unref(k);
			continue;
		}
		matches++;
		if (*key)
			gpgme.key_unref(k);
		else
			*key = k;
	}
	gpgme.op_keylist_end(ctx);
	if (matches == 1)
		return 0;
	if (*key)
		gpgme.key_unref(*key);
	*key = NULL;
	if (matches == 0)
		fc_diag_error(diags, "sign", none, NULL, "no usable secret key matches '%s'",
		              key_name);
	else
		fc_diag_error(diags, "sign", none, NULL,
		              "%zu secret keys match '%s'; give a fingerprint", matches, key_name);
	return -1;
}

int fc_prov_sign(const char *body, size_t body_len, const char *key_name, const char *keyring_dir,
                 struct fc_strbuf *out, struct fc_diags *diags)
{
	struct fc_pos none = {NULL, 0, 0};
	const char *error;
	if (fc_dynlib_load(&gpgme_lib, &error) != 0) {
		fc_diag_error(diags, "sign", none, NULL, "%s", error);
		return -1;
	}
	/* first: initializes GPGME; NULL when the library's structs differ from
	 * the headers' */
	if (!gpgme.check_version_internal(NULL, offsetof(struct _gpgme_signature, validity))) {
		fc_diag_error(diags, "sign", none, NULL,
		              "%s (%s): the library does not match the headers fabchart was "
		              "built with",
		              gpgme_lib.what, gpgme_lib.soname);
		return -1;
	}
	gpgme_error_t err = gpgme.engine_check_version(GPGME_PROTOCOL_OpenPGP);
	if (err)
		return sign_error(diags, "GnuPG (gpg) is not usable", err);
	gpgme_ctx_t ctx;
	if ((err = gpgme.new(&ctx)) != 0)
		return sign_error(diags, "cannot start GPGME", err);
	int status = -1;
	gpgme_key_t key = NULL;
	gpgme_data_t in = NULL, signed_data = NULL;
	if (keyring_dir &&
	    (err = gpgme.ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, NULL, keyring_dir))) {
		sign_error(diags, "cannot use the GnuPG home", err);
		goto done;
	}
	gpgme.set_armor(ctx, 1);
	if (find_key(ctx, key_name, &key, diags) != 0)
		goto done;
	if ((err = gpgme.signers_add(ctx, key)) != 0) {
		sign_error(diags, "cannot add the signing key", err);
		goto done;
	}
	if ((err = gpgme.data_new_from_mem(&in, body, body_len, 0)) != 0 ||
	    (err = gpgme.data_new(&signed_data)) != 0) {
		sign_error(diags, "cannot prepare the message", err);
		goto done;
	}
	if ((err = gpgme.op_sign(ctx, in, signed_data, GPGME_SIG_MODE_CLEAR)) != 0) {
		sign_error(diags, "signing failed", err);
		goto done;
	}
	gpgme_sign_result_t result = gpgme.op_sign_result(ctx);
	if (!result || result->invalid_signers || !result->signatures) {
		fc_diag_error(diags, "sign", none, NULL, "gpg made no signature with '%s'",
		              key_name);
		goto done;
	}
	if (result->signatures->hash_algo != GPGME_MD_SHA512) {
		const char *name = gpgme.hash_algo_name(result->signatures->hash_algo);
		fc_diag_warning(diags, "sign-digest", none, NULL,
		                "gpg signed with %s, Helm signs with SHA512; set "
		                "'personal-digest-preferences SHA512' in gpg.conf",
		                name ? name : "an unknown hash");
	}
	size_t len = 0;
	char *mem = gpgme.data_release_and_get_mem(signed_data, &len);
	signed_data = NULL;
	if (!mem) {
		fc_diag_error(diags, "sign", none, NULL, "cannot read the signed message");
		goto done;
	}
	fc_strbuf_add(out, mem, len);
	gpgme.free(mem);
	status = 0;
done:
	if (in)
		gpgme.data_release(in);
	if (signed_data)
		gpgme.data_release(signed_data);
	if (key)
		gpgme.key_unref(key);
	gpgme.release(ctx);
	return status;
}
