/*
 * ccpackage - CCaaS packages and package IDs; see ccpackage.h.
 */
#include "ccpackage.h"

#include "sha256.h"
#include "tar.h"

#include <string.h>

#define CCPACKAGE_LEVEL 1
#define CCPACKAGE_MTIME 0

/* One gzip'd tar of the files (name, text) in the order given. */
static int archive(struct fc_strbuf *out, const char *const *names, const struct fc_strbuf *texts,
                   size_t count, struct fc_diags *diags)
{
	struct fc_tar_writer *w = fc_tar_writer_new(out, CCPACKAGE_LEVEL, CCPACKAGE_MTIME, diags);
	if (!w)
		return -1;
	for (size_t i = 0; i < count; i++)
		if (fc_tar_writer_add(w, names[i], texts[i].buf, texts[i].len) != 0) {
			fc_tar_writer_free(w);
			return -1;
		}
	return fc_tar_writer_finish(w);
}

int fc_ccpackage_build(struct fc_strbuf *out, const char *label, const char *address,
                       const char *dial_timeout, bool tls_required, struct fc_diags *diags)
{
	/* label, address and timeout are of the schema's characters (letters,
	 * digits, '.', '-', '_', '+', ':'): nothing to escape in JSON */
	struct fc_strbuf connection = FC_STRBUF_INIT, code = FC_STRBUF_INIT, meta = FC_STRBUF_INIT;
	fc_strbuf_addf(&connection, "{\"address\":\"%s\",\"dial_timeout\":\"%s\",", address,
	               dial_timeout);
	if (tls_required)
		/* templates the ccaas builder's build step fills from the peer's
		 * CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG (identity.h): the package and
		 * its ID stay free of the certificates the cluster makes */
		fc_strbuf_addf(&connection,
		               "\"tls_required\":true,\"client_auth_required\":true,"
		               "\"root_cert\":\"{{.%s}}\",\"client_cert\":\"{{.%s}}\","
		               "\"client_key\":\"{{.%s}}\"}\n",
		               FC_CCPACKAGE_ROOT_CERT, FC_CCPACKAGE_CLIENT_CERT,
		               FC_CCPACKAGE_CLIENT_KEY);
	else
		fc_strbuf_addstr(&connection, "\"tls_required\":false}\n");
	static const char *const code_files[] = {"connection.json"};
	int rc = archive(&code, code_files, &connection, 1, diags);
	if (rc == 0) {
		fc_strbuf_addf(&meta, "{\"type\":\"ccaas\",\"label\":\"%s\"}\n", label);
		/* metadata first, as `peer lifecycle chaincode package` writes it
		 * (internal/peer/lifecycle/chaincode/package.go) */
		static const char *const files[] = {"metadata.json", "code.tar.gz"};
		struct fc_strbuf texts[2] = {meta, code};
		rc = archive(out, files, texts, 2, diags);
	}
	fc_strbuf_release(&connection);
	fc_strbuf_release(&code);
	fc_strbuf_release(&meta);
	return rc;
}

int fc_ccpackage_build_all(struct fc_arena *arena, struct fc_network *net, struct fc_diags *diags)
{
	struct fc_strbuf sb = FC_STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < net->chaincode_count && rc == 0; i++) {
		struct fc_chaincode *cc = &net->chaincodes[i];
		for (size_t j = 0; j < cc->org_count && rc == 0; j++) {
			struct fc_chaincode_org *o = &cc->orgs[j];
			fc_strbuf_reset(&sb);
			rc = fc_ccpackage_build(&sb, cc->label, o->address, cc->dial_timeout,
			                        cc->tls_required, diags);
			if (rc != 0)
				break;
			char hex[FC_SHA256_HEX_SIZE];
			if (fc_sha256_hex(sb.buf, sb.len, hex) != 0) {
				fc_diag_error(diags, "internal", (struct fc_pos){0}, cc->pointer,
				              "cannot compute the sha256 of a chaincode package");
				rc = -1;
				break;
			}
			o->package = fc_arena_memdup(arena, sb.buf, sb.len);
			o->package_size = sb.len;
			o->package_id = fc_arena_printf(arena, "%s:%s", cc->label, hex);
		}
	}
	fc_strbuf_release(&sb);
	return rc;
}
