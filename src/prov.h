/*
 * prov - Helm provenance files (<chart>-<version>.tgz.prov).
 *
 * A provenance file is an OpenPGP clear-signed message whose body is the
 * chart's metadata (Chart.yaml) as YAML, a "..." line, then a YAML mapping
 * `files:` from the archive's file name to "sha256:<hex>" of its exact
 * bytes; `helm verify` and `helm install --verify` check the signature
 * against a keyring and the digest against the archive.
 *
 * fc_prov_body() builds the body (pure).  fc_prov_sign() clear-signs it
 * through GnuPG's library (GPGME) with a secret key of the user's GnuPG home
 * (or of keyring_dir).  GPGME is opened at run time on the first signing
 * (dynlib.h), so that the commands that do not sign never load it.  gpg chooses the hash: the key's
 * algorithm and the home's gpg.conf (`personal-digest-preferences SHA512` gives Helm's SHA512); any
 * other hash is reported as a [sign-digest] warning.
 *
 * Errors: [sign] when GPGME cannot be loaded (no libgpgme.so.11, a function
 * missing from it) or when GPGME or gpg fails (no such key, an ambiguous key
 * name, a key that cannot sign, an agent that cannot unlock it), [internal]
 * when the digest cannot be computed.  Nothing here prints or touches files
 * other than through gpg.
 *
 * Ownership: the caller owns the strbufs; nothing is kept between calls.
 */
#ifndef FC_PROV_H
#define FC_PROV_H

#include "diag.h"
#include "strbuf.h"

#include <stddef.h>

/*
 * Appends the provenance body for the archive tgz (tgz_len bytes) named
 * tgz_name, whose Chart.yaml text is chart_yaml, to out.  Returns 0, or -1
 * with an [internal] error when the digest fails.
 */
int fc_prov_body(const char *chart_yaml, size_t chart_yaml_len, const char *tgz_name,
                 const void *tgz, size_t tgz_len, struct fc_strbuf *out, struct fc_diags *diags);

/*
 * Clear-signs body with the secret key that key_name designates (a user ID,
 * part of one, an e-mail address, a key ID or a fingerprint; exactly one
 * secret key must match) and appends the signed message to out.  keyring_dir
 * is a GnuPG home directory, NULL for the default ($GNUPGHOME or ~/.gnupg).
 * Returns 0, or -1 with a [sign] error.
 */
int fc_prov_sign(const char *body, size_t body_len, const char *key_name, const char *keyring_dir,
                 struct fc_strbuf *out, struct fc_diags *diags);

#endif
