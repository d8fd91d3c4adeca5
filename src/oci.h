/*
 * oci - pushing a chart to an OCI registry as `helm push` does, over the
 * OCI distribution API (libcurl).
 *
 * oci://HOST[:PORT]/PATH names the repository PATH/<chart name> of the
 * registry at HOST; the tag is the chart version with '+' replaced by '_'.
 * The push uploads (POST then PUT, skipping blobs the registry has) a config
 * blob (application/vnd.cncf.helm.config.v1+json: the chart metadata as
 * JSON), the chart layer (application/vnd.cncf.helm.chart.content.v1.tar+gzip:
 * the exact .tgz bytes), the provenance layer when given
 * (application/vnd.cncf.helm.chart.provenance.v1.prov), then an OCI image
 * manifest with Helm's annotations (org.opencontainers.image.title, version,
 * description, url, source, authors, created, and the chart's own).
 *
 * A tag that already exists is compared first: when its chart layer has the
 * same digest nothing is uploaded (FC_OCI_UNCHANGED); a different one is an
 * [oci-tag-exists] error (a version names one content).
 *
 * Authentication: on 401 the WWW-Authenticate challenge decides: Basic sends
 * the credentials; Bearer fetches a token from the realm (with the
 * credentials, if any) for repository:<repo>:pull,push and sends it; a token
 * the registry refuses later (expired, too narrow) is fetched again, once per
 * request.  Refused or missing credentials, and a token refused after a fresh
 * fetch, are [oci-auth] errors; a failed connection (to the registry or its
 * token service), TLS
 * handshake or timeout [oci-network]; any other unexpected answer
 * [oci-registry] with the status and the registry's error text.  libcurl
 * is opened at run time on the first push (dynlib.h), so that the other
 * commands never load it; when it cannot be (no libcurl.so.4, a function
 * missing from it) the push is an [oci-network] error.  Nothing here prints.
 *
 * Ownership: results live in the arena; the curl handle lives inside the call.
 */
#ifndef FC_OCI_H
#define FC_OCI_H

#include "chartfile.h"
#include "diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct fc_oci_ref {
	const char *host; /* HOST[:PORT] */
	const char *path; /* PATH, "" when none */
};

/* Splits "oci://HOST[:PORT][/PATH]"; -1 when ref is not of that form. */
int fc_oci_parse_ref(struct fc_arena *arena, const char *ref, struct fc_oci_ref *out);

struct fc_oci_push_options {
	bool plain_http; /* http:// instead of https:// */
	const char *username; /* NULL: anonymous */
	const char *password;
	time_t created; /* the org.opencontainers.image.created annotation */
};

enum fc_oci_outcome { FC_OCI_PUSHED, FC_OCI_UNCHANGED };

struct fc_oci_report {
	enum fc_oci_outcome outcome;
	const char *reference; /* HOST/REPO:TAG */
	const char *digest; /* of the manifest (pushed) or of the chart layer (unchanged) */
};

/*
 * Pushes the chart archive tgz (its metadata in meta) and, when prov is not
 * NULL, its provenance to ref.  Returns 0 with *report filled, or -1 with
 * errors in diags.
 */
int fc_oci_push(struct fc_arena *arena, const struct fc_oci_ref *ref,
                const struct fc_chart_meta *meta, const void *tgz, size_t tgz_len, const void *prov,
                size_t prov_len, const struct fc_oci_push_options *options,
                struct fc_oci_report *report, struct fc_diags *diags);

#endif
