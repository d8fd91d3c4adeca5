/*
 * values_schema - values.schema.json of a chart; see values_schema.h.
 */
#include "values_schema.h"

#include "diag.h"
#include "embedded.h"
#include "emit.h"
#include "json.h"
#include "strbuf.h"

#include <stdbool.h>
#include <string.h>

static bool key_is(const struct fc_pair *p, const char *key)
{
	return p && strlen(key) == p->key_len && memcmp(p->key, key, p->key_len) == 0;
}

static struct fc_node *enum_of(struct fc_arena *arena, const char *const *values)
{
	struct fc_node *seq = fc_tree_seq(arena);
	for (size_t i = 0; values[i]; i++)
		fc_tree_push(arena, seq, fc_tree_str(arena, values[i]));
	return seq;
}

/*
 * Install-time knobs and compiled facts.  A knob is a value the templates
 * render as it is (an image, a pull policy, a quantity, a StorageClass, the
 * NFS share, the scheduling maps) and that nothing computed in C depends
 * on, in a chart where the component or storage kind that uses it exists.
 * Every other value is a compiled fact: the topology decided it and the
 * chart's files, NetworkPolicies, port map and inventory were derived from
 * it, so the schema pins it with "const" (its compiled value) and Helm
 * rejects an override by naming the key.
 */
enum knob {
	KNOB_NONE, /* a compiled fact */
	KNOB_REPOSITORY,
	KNOB_TAG,
	KNOB_PULL_POLICY,
	KNOB_QUANTITY,
	KNOB_STORAGE_CLASS,
	KNOB_NFS_SERVER,
	KNOB_NFS_PATH,
	KNOB_SCHEDULING, /* the whole `scheduling` map */
	KNOB_SWITCH, /* a boolean that turns a rendered part on or off */
	KNOB_LOG_SPEC, /* logging.spec */
	KNOB_LOG_SPEC_OR_DEFAULT, /* logging.<node>.spec: "" keeps logging.spec */
	KNOB_LOG_FORMAT,
	KNOB_LOG_FORMAT_OR_DEFAULT,
	KNOB_CA_LOG_LEVEL,
	KNOB_NAMESPACE, /* metrics.dashboards.namespace: a DNS-1123 label, or "" */
	KNOB_LABELS, /* metrics.labels: Kubernetes labels added to the monitoring objects */
	KNOB_CRON, /* snapshots.schedule: a CronJob schedule */
	KNOB_COUNT, /* snapshots.keep: a positive number */
	KNOB_HOURS, /* identities.renewal.window: whole hours, "720h" */
};

#define MAX_DEPTH 64
#define PINNED_DESCRIPTION_DEPTH 3 /* peerOrganizations.org1.mspId */

struct context {
	struct fc_arena *arena;
	const struct fc_node *values;
	const char *storage_kind;
	const char *path[MAX_DEPTH];
	size_t depth;
};

/*
 * The grammars.  Image references after the distribution reference grammar
 * (github.com/distribution/reference, regexp.go: domain, path components,
 * tag, digest; 255 characters at most for the name); quantities after
 * apimachinery's parser (pkg/api/resource/quantity.go parseQuantityString
 * and suffix.go: a number with digits on at least one side of the point,
 * then a binary-SI suffix, a decimal-SI suffix (n u m k M G T P E) or an
 * integer decimal exponent; no sign, as requests, limits and sizes must not
 * be negative); names after pkg/util/validation (DNS-1123 subdomain).
 */
#define DOMAIN_COMPONENT "([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
#define PATH_COMPONENT "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*"
#define REPOSITORY_PATTERN                             \
	"^((" DOMAIN_COMPONENT "(\\." DOMAIN_COMPONENT \
	")*|\\[[a-fA-F0-9:]+\\])(:[0-9]+)?/)?" PATH_COMPONENT "(/" PATH_COMPONENT ")*$"
#define DIGEST "[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}"
#define TAG_PATTERN "^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}(@" DIGEST ")?$"
#define QUANTITY_PATTERN \
	"^\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][-+]?[0-9]+)?$"
#define SUBDOMAIN "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*"
/*
 * Label keys and values (apimachinery pkg/util/validation IsQualifiedName,
 * IsValidLabelValue): an optional DNS subdomain prefix and '/', then a name
 * of at most 63 alphanumerics, '-', '_', '.' that starts and ends
 * alphanumeric; a value is such a name or empty.
 */
#define LABEL_NAME "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
/* the prefixes of the chart's own labels, which metrics.labels must not restate */
#define RESERVED_LABEL_PREFIX "^(app\\.kubernetes\\.io|helm\\.sh|fabchart\\.dev)/"
/*
 * A CronJob's schedule as Kubernetes takes it (pkg/apis/batch/validation
 * validateScheduleFormat: robfig/cron/v3 ParseStandard, no TZ= prefix):
 * five fields (minute 0-59, hour 0-23, day of month 1-31, month 1-12 or
 * JAN-DEC, day of week 0-6 or SUN-SAT; names in any case), each a list of
 * "*", "?", a value or a range, with an optional /step; or a descriptor
 * (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly) or
 * "@every <Go duration>".
 */
#define CRON_FIELD(V) "(\\*|\\?|" V "(-" V ")?)(/[1-9][0-9]*)?"
#define CRON_LIST(V) CRON_FIELD(V) "(," CRON_FIELD(V) ")*"
#define CRON_MINUTE "([0-5]?[0-9])"
#define CRON_HOUR "(2[0-3]|[01]?[0-9])"
#define CRON_DOM "(3[01]|[12][0-9]|0?[1-9])"
#define CRON_MONTH                                                                          \
	"(1[0-2]|0?[1-9]|[Jj][Aa][Nn]|[Ff][Ee][Bb]|[Mm][Aa][Rr]|[Aa][Pp][Rr]|[Mm][Aa][Yy]|" \
	"[Jj][Uu][Nn]|[Jj][Uu][Ll]|[Aa][Uu][Gg]|[Ss][Ee][Pp]|[Oo][Cc][Tt]|[Nn][Oo][Vv]|[Dd][Ee][Cc])"
#define CRON_DOW                                                                                \
	"([0-6]|[Ss][Uu][Nn]|[Mm][Oo][Nn]|[Tt][Uu][Ee]|[Ww][Ee][Dd]|[Tt][Hh][Uu]|[Ff][Rr][Ii]|" \
	"[Ss][Aa][Tt])"
#define CRON_PATTERN                                                                                                \
	"^(" CRON_LIST(CRON_MINUTE) "[ \t]+" CRON_LIST(CRON_HOUR) "[ \t]+" CRON_LIST(CRON_DOM) "[ \t]+" CRON_LIST(  \
	        CRON_MONTH) "[ \t]+" CRON_LIST(CRON_DOW) "|@(yearly|annually|monthly|weekly|daily|midnight|hourly)" \
	                                                 "|@every ([0-9]+(\\.[0-9]*)?(ns|us|ms|s|m|h))+)$"
#define IPV4_OCTET "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
/*
 * A logging spec as Fabric's flogging takes it (LoggerLevels.ActivateSpec in
 * common/flogging/loggerlevels.go at v1.4.12 and v2.5.12, the same file of
 * fabric-lib-go vendored at v3.1.1): terms joined by ':', each empty, a
 * level, or logger[,logger...]=level; a logger name matches
 * ^[[:alnum:]_#:-]+(\.[[:alnum:]_#:-]+)*$ once a trailing '.' is trimmed (the
 * ':' cannot occur: the spec is split on it first); the levels are
 * nameToLevel's (common/flogging/levels.go), upper or lower case.
 */
#define LOG_LEVEL                                                                       \
	"(PAYLOAD|payload|DEBUG|debug|INFO|info|WARNING|WARN|warning|warn|ERROR|error|" \
	"DPANIC|dpanic|PANIC|panic|FATAL|fatal|NOTICE|notice|CRITICAL|critical)"
#define LOGGER "[A-Za-z0-9_#-]+(\\.[A-Za-z0-9_#-]+)*\\.?"
#define LOG_TERM "(" LOG_LEVEL "|" LOGGER "(," LOGGER ")*=" LOG_LEVEL ")?"
#define LOG_SPEC_PATTERN "^" LOG_TERM "(:" LOG_TERM ")*$"

static bool at(const struct context *c, size_t i, const char *key)
{
	return c->depth > i && strcmp(c->path[i], key) == 0;
}

static bool is_true(const struct fc_node *n)
{
	return n && n->kind == FC_NODE_BOOL && n->boolean;
}

/* Whether the chart has containers of the component whose values key is key. */
static bool component_present(const struct fc_node *values, const char *key)
{
	const struct fc_node *peers = fc_node_get(values, "peerOrganizations");
	const struct fc_node *orderers = fc_node_get(values, "ordererOrganizations");
	const struct fc_node *consensus = fc_node_get(values, "consensus");
	const struct fc_node *type = consensus ? fc_node_get(consensus, "type") : NULL;
	bool kafka = type && type->kind == FC_NODE_STRING && strcmp(type->text, "kafka") == 0;
	const struct fc_node *explorer = fc_node_get(values, "explorer");
	bool with_explorer = explorer && is_true(fc_node_get(explorer, "enabled"));
	if (strcmp(key, "peer") == 0)
		return peers && peers->count > 0;
	if (strcmp(key, "orderer") == 0)
		return orderers && orderers->count > 0;
	if (strcmp(key, "kafka") == 0 || strcmp(key, "zookeeper") == 0)
		return kafka;
	if (strcmp(key, "explorer") == 0 || strcmp(key, "explorerDb") == 0)
		return with_explorer;
	bool couchdb = strcmp(key, "couchdb") == 0, ca = strcmp(key, "ca") == 0;
	if (!couchdb && !ca)
		return true; /* tools, kubectl, test: the identity Job and the helm tests */
	const struct fc_node *groups[] = {peers, orderers};
	for (size_t g = 0; g < 2; g++)
		for (size_t i = 0;
		     groups[g] && groups[g]->kind == FC_NODE_MAP && i < groups[g]->count; i++) {
			const struct fc_node *org = groups[g]->pairs[i].value;
			const struct fc_node *db = fc_node_get(org, "stateDatabase");
			const struct fc_node *org_ca = fc_node_get(org, "ca");
			if (couchdb && db && db->kind == FC_NODE_STRING &&
			    strcmp(db->text, "CouchDB") == 0)
				return true;
			if (ca && org_ca && is_true(fc_node_get(org_ca, "enabled")))
				return true;
		}
	return false;
}

/* fabricMajor of the values (0 when absent). */
static int64_t fabric_major(const struct fc_node *values)
{
	const struct fc_node *major = fc_node_get(values, "fabricMajor");
	return major && major->kind == FC_NODE_INT ? major->integer : 0;
}

/* identities.source is fabric-ca: the renewal's window and schedule are knobs. */
static bool fabric_ca(const struct fc_node *values)
{
	const struct fc_node *id = fc_node_get(values, "identities");
	const struct fc_node *source = id ? fc_node_get(id, "source") : NULL;
	return source && source->kind == FC_NODE_STRING && strcmp(source->text, "fabric-ca") == 0;
}

static enum knob knob_at(const struct context *c)
{
	size_t d = c->depth;
	bool nfs = c->storage_kind && strcmp(c->storage_kind, "nfs") == 0;
	if (d == 1 && at(c, 0, "imagePullPolicy"))
		return KNOB_PULL_POLICY;
	if (d == 1 && at(c, 0, "scheduling"))
		return KNOB_SCHEDULING;
	if (d == 2 && at(c, 0, "disruptionBudgets") && at(c, 1, "enabled"))
		return KNOB_SWITCH; /* the budgets are derived; whether to render them is not */
	if (at(c, 0, "logging"))
		return d == 2 && at(c, 1, "spec")     ? KNOB_LOG_SPEC
		       : d == 2 && at(c, 1, "format") ? KNOB_LOG_FORMAT
		       : d == 3 && at(c, 2, "spec")   ? KNOB_LOG_SPEC_OR_DEFAULT
		       : d == 3 && at(c, 2, "format") ? KNOB_LOG_FORMAT_OR_DEFAULT
		       : d == 3 && at(c, 1, "ca") && component_present(c->values, "ca")
		               ? KNOB_CA_LOG_LEVEL
		               : KNOB_NONE;
	if (d == 2 && at(c, 0, "metrics") && at(c, 1, "labels"))
		return KNOB_LABELS;
	if (d == 2 && at(c, 0, "snapshots") && fabric_major(c->values) >= 2)
		return at(c, 1, "enabled")    ? KNOB_SWITCH
		       : at(c, 1, "schedule") ? KNOB_CRON
		       : at(c, 1, "keep")     ? KNOB_COUNT
		                              : KNOB_NONE; /* rootDir: the peers' setting */
	if (d == 3 && at(c, 0, "identities") && at(c, 1, "renewal") && fabric_ca(c->values))
		return at(c, 2, "schedule") ? KNOB_CRON : KNOB_HOURS;
	if (d == 3 && at(c, 0, "operations") && at(c, 1, "tls") && at(c, 2, "enabled"))
		return KNOB_SWITCH;
	if (d == 3 && at(c, 0, "metrics"))
		return at(c, 2, "enabled")                               ? KNOB_SWITCH
		       : at(c, 1, "dashboards") && at(c, 2, "namespace") ? KNOB_NAMESPACE
		                                                         : KNOB_NONE;
	if (d == 3 && at(c, 0, "images") && component_present(c->values, c->path[1]))
		return at(c, 2, "repository") ? KNOB_REPOSITORY
		       : at(c, 2, "tag")      ? KNOB_TAG
		                              : KNOB_NONE;
	if (d == 4 && at(c, 0, "resources") && component_present(c->values, c->path[1]))
		return KNOB_QUANTITY;
	if (!at(c, 0, "storage") || !c->storage_kind)
		return KNOB_NONE;
	if (d == 2 && at(c, 1, "storageClass") && strcmp(c->storage_kind, "storageClass") == 0)
		return KNOB_STORAGE_CLASS;
	if (d == 3 && at(c, 1, "nfs") && nfs)
		return at(c, 2, "server") ? KNOB_NFS_SERVER
		       : at(c, 2, "path") ? KNOB_NFS_PATH
		                          : KNOB_NONE;
	if (d == 3 && at(c, 1, "sizes"))
		return (at(c, 2, "organization") ? nfs
		                                 : !nfs && component_present(c->values, c->path[2]))
		               ? KNOB_QUANTITY
		               : KNOB_NONE;
	return KNOB_NONE;
}

static void set_str(struct fc_arena *arena, struct fc_node *s, const char *key, const char *value)
{
	fc_tree_set(arena, s, key, fc_tree_str(arena, value), NULL);
}

/*
 * pattern, or the compiled default itself: the topology schema accepts
 * some repositories (its registry prefix) and NFS servers (IPv6) that the
 * strict grammar does not; the chart must still install with its defaults.
 */
static void strict_or_default(struct fc_arena *arena, struct fc_node *s, const char *pattern,
                              int64_t max_length, const struct fc_node *value)
{
	struct fc_node *any = fc_tree_set(arena, s, "anyOf", fc_tree_seq(arena), NULL);
	struct fc_node *strict = fc_tree_push(arena, any, fc_tree_map(arena));
	set_str(arena, strict, "pattern", pattern);
	fc_tree_set(arena, strict, "maxLength", fc_tree_int(arena, max_length), NULL);
	struct fc_node *same = fc_tree_push(arena, any, fc_tree_map(arena));
	fc_tree_set(arena, same, "const", (struct fc_node *)value, NULL);
}

/* The schema of a knob's value (s holds its description; value is its default). */
static void knob_schema(struct fc_arena *arena, struct fc_node *s, enum knob knob,
                        const struct fc_node *value)
{
	static const char *const pull[] = {"Always", "IfNotPresent", "Never", NULL};
	/* FABRIC_LOGGING_FORMAT: "json", "logfmt" (Logging.SetFormat), or Fabric's
	 * default console format, which the chart leaves unset */
	static const char *const formats[] = {"", "console", "json", "logfmt", NULL};
	/* lib/common/log/log.go setLogLevel (fabric-ca v1.5.15; v1.4.9 the same) */
	static const char *const ca_levels[] = {"debug",    "info",  "warning", "error",
	                                        "critical", "fatal", NULL};
	switch (knob) {
	case KNOB_REPOSITORY:
		set_str(arena, s, "type", "string");
		strict_or_default(arena, s, REPOSITORY_PATTERN, 255, value);
		break;
	case KNOB_TAG: /* a tag, optionally pinned to a digest: "2.5.12@sha256:..." */
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", TAG_PATTERN);
		break;
	case KNOB_PULL_POLICY:
		set_str(arena, s, "type", "string");
		fc_tree_set(arena, s, "enum", enum_of(arena, pull), NULL);
		break;
	case KNOB_QUANTITY: { /* "500m", "1Gi", or a number as --set writes it */
		struct fc_node *types = fc_tree_set(arena, s, "type", fc_tree_seq(arena), NULL);
		fc_tree_push(arena, types, fc_tree_str(arena, "string"));
		fc_tree_push(arena, types, fc_tree_str(arena, "number"));
		set_str(arena, s, "pattern", QUANTITY_PATTERN);
		fc_tree_set(arena, s, "minimum", fc_tree_int(arena, 0), NULL);
		break;
	}
	case KNOB_STORAGE_CLASS:
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", "^" SUBDOMAIN "$");
		fc_tree_set(arena, s, "maxLength", fc_tree_int(arena, 253), NULL);
		break;
	case KNOB_NFS_SERVER: /* a host name or an IPv4 address */
		set_str(arena, s, "type", "string");
		strict_or_default(arena, s,
		                  "^(" SUBDOMAIN "|(" IPV4_OCTET "\\.){3}" IPV4_OCTET ")$", 253,
		                  value);
		break;
	case KNOB_NFS_PATH: /* absolute (ValidateNFSVolumeSource) */
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", "^/");
		break;
	case KNOB_SWITCH: set_str(arena, s, "type", "boolean"); break;
	case KNOB_LOG_SPEC:
	case KNOB_LOG_SPEC_OR_DEFAULT:
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", LOG_SPEC_PATTERN);
		if (knob == KNOB_LOG_SPEC)
			fc_tree_set(arena, s, "minLength", fc_tree_int(arena, 1), NULL);
		break;
	case KNOB_LOG_FORMAT:
	case KNOB_LOG_FORMAT_OR_DEFAULT:
		set_str(arena, s, "type", "string");
		fc_tree_set(arena, s, "enum",
		            enum_of(arena, knob == KNOB_LOG_FORMAT ? formats + 1 : formats), NULL);
		break;
	case KNOB_CA_LOG_LEVEL:
		set_str(arena, s, "type", "string");
		fc_tree_set(arena, s, "enum", enum_of(arena, ca_levels), NULL);
		break;
	case KNOB_NAMESPACE:
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$");
		fc_tree_set(arena, s, "maxLength", fc_tree_int(arena, 63), NULL);
		break;
	case KNOB_LABELS: {
		set_str(arena, s, "type", "object");
		struct fc_node *names = fc_tree_map(arena);
		set_str(arena, names, "pattern", "^(" SUBDOMAIN "/)?" LABEL_NAME "$");
		fc_tree_set(arena, names, "maxLength", fc_tree_int(arena, 253 + 1 + 63), NULL);
		struct fc_node *reserved = fc_tree_map(arena);
		set_str(arena, reserved, "pattern", RESERVED_LABEL_PREFIX);
		fc_tree_set(arena, names, "not", reserved, NULL);
		fc_tree_set(arena, s, "propertyNames", names, NULL);
		struct fc_node *label_value = fc_tree_map(arena);
		set_str(arena, label_value, "type", "string");
		set_str(arena, label_value, "pattern", "^(" LABEL_NAME ")?$");
		fc_tree_set(arena, s, "additionalProperties", label_value, NULL);
		break;
	}
	case KNOB_CRON:
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", CRON_PATTERN);
		break;
	case KNOB_HOURS:
		set_str(arena, s, "type", "string");
		set_str(arena, s, "pattern", "^[1-9][0-9]{0,6}h$");
		break;
	case KNOB_COUNT:
		set_str(arena, s, "type", "integer");
		fc_tree_set(arena, s, "minimum", fc_tree_int(arena, 1), NULL);
		fc_tree_set(arena, s, "maximum", fc_tree_int(arena, 1000), NULL);
		break;
	case KNOB_NONE:
	case KNOB_SCHEDULING: break;
	}
}

#define SCHEDULING_SCHEMA "schemas/values-scheduling.schema.json"

/* The schema of one scheduling map (scripts/values-scheduling-schema wrote
 * it from the Kubernetes schemas; embedded at build time).  It is ours: if
 * it does not parse, the schema rejects every scheduling map (false). */
static struct fc_node *scheduling_definition(struct fc_arena *arena)
{
	const struct fc_embedded_file *f = fc_embedded_find(SCHEDULING_SCHEMA);
	struct fc_node *def = NULL;
	struct fc_diags internal;
	fc_diags_init(&internal, arena);
	if (!f || fc_json_parse(arena, SCHEDULING_SCHEMA, f->data, (size_t)f->size, NULL, &def,
	                        &internal) != 0)
		def = fc_tree_bool(arena, false);
	fc_diags_release(&internal);
	return def;
}

/* The components whose pods have no Service (the Jobs, helm test Pods and
 * CLI pods): their map is definitions/schedulingPods, the scheduling map
 * without serviceAnnotations and serviceLabels, so that Helm rejects a key
 * that would render nothing. */
static bool has_no_service(const char *component)
{
	return strcmp(component, "jobs") == 0;
}

static bool is_service_key(const char *key)
{
	return strcmp(key, "serviceAnnotations") == 0 || strcmp(key, "serviceLabels") == 0;
}

/* definitions/schedulingPods from definitions/scheduling: its properties but
 * the Service keys, each a $ref to scheduling's. */
static struct fc_node *pods_definition(struct fc_arena *arena, struct fc_node *def)
{
	if (def->kind != FC_NODE_MAP)
		return def;
	struct fc_node *pods = fc_tree_map(arena);
	for (size_t i = 0; i < def->count; i++) {
		const struct fc_node *value = def->pairs[i].value;
		if (strcmp(def->pairs[i].key, "properties") == 0 && value->kind == FC_NODE_MAP) {
			/* each by reference: one copy of the Kubernetes types */
			struct fc_node *props = fc_tree_map(arena);
			for (size_t j = 0; j < value->count; j++) {
				if (is_service_key(value->pairs[j].key))
					continue;
				struct fc_node *ref = fc_tree_map(arena);
				set_str(arena, ref, "$ref",
				        fc_arena_printf(arena,
				                        "#/definitions/scheduling/properties/%s",
				                        value->pairs[j].key));
				fc_tree_set(arena, props, value->pairs[j].key, ref, NULL);
			}
			fc_tree_set(arena, pods, "properties", props, NULL);
		} else if (strcmp(def->pairs[i].key, "description") == 0) {
			set_str(arena, pods, "description",
			        "scheduling of pods without a Service (all optional)");
		} else {
			fc_tree_set(arena, pods, def->pairs[i].key, def->pairs[i].value, NULL);
		}
	}
	return pods;
}

/* The schema of the `scheduling` map: each component's map (and default)
 * is definitions/scheduling (or schedulingPods), all optional. */
static struct fc_node *scheduling_schema(struct fc_arena *arena, const struct fc_node *value,
                                         struct fc_node *s)
{
	set_str(arena, s, "type", "object");
	struct fc_node *props = fc_tree_set(arena, s, "properties", fc_tree_map(arena), NULL);
	for (size_t i = 0; value->kind == FC_NODE_MAP && i < value->count; i++) {
		struct fc_node *ref = fc_tree_map(arena);
		set_str(arena, ref, "$ref",
		        has_no_service(value->pairs[i].key) ? "#/definitions/schedulingPods"
		                                            : "#/definitions/scheduling");
		fc_tree_set(arena, props, value->pairs[i].key, ref, NULL);
	}
	fc_tree_set(arena, s, "additionalProperties", fc_tree_bool(arena, false), NULL);
	return s;
}

static struct fc_node *schema_of(struct context *c, const struct fc_node *value,
                                 const struct fc_pair *pair);

static const char *description_of(struct fc_arena *arena, const struct fc_pair *p)
{
	if (!p || !p->comment)
		return NULL;
	const char *sep = strstr(p->comment, " -- ");
	return fc_arena_strdup(arena, sep ? sep + 4 : p->comment);
}

/* Whether value, at c's path, is or holds a knob. */
static bool holds_knob(struct context *c, const struct fc_node *value)
{
	if (knob_at(c) != KNOB_NONE)
		return true;
	bool found = false;
	for (size_t i = 0;
	     value->kind == FC_NODE_MAP && i < value->count && !found && c->depth + 1 < MAX_DEPTH;
	     i++) {
		c->path[c->depth++] = value->pairs[i].key;
		found = holds_knob(c, value->pairs[i].value);
		c->depth--;
	}
	return found;
}

/*
 * A compiled value that is pinned as a whole: lists, scalars, empty maps,
 * and every map below an organization's own keys that holds no knob (each
 * peer, orderer, NetworkPolicy spec, ...).  Helm then names the map
 * (peerOrganizations.org1.peers.peer0) when a key under it is overridden;
 * pinning each of its leaves instead restated every key three times
 * (properties, const, required) and made the schema 2.5 times the bytes of
 * values.yaml, which every build writes and compresses.
 */
static bool pinned_whole(struct context *c, const struct fc_node *value)
{
	if (value->kind != FC_NODE_MAP || value->count == 0)
		return true;
	return c->depth > PINNED_DESCRIPTION_DEPTH && !holds_knob(c, value);
}

static struct fc_node *schema_of(struct context *c, const struct fc_node *value,
                                 const struct fc_pair *pair)
{
	struct fc_arena *arena = c->arena;
	struct fc_node *s = fc_tree_map(arena);
	enum knob knob = knob_at(c);
	/* Values deeper than an organization's own keys (each peer's, orderer's,
	 * NetworkPolicy's) repeat one description per node: values.yaml keeps
	 * it as a comment, the schema would grow by it with the network. */
	const char *desc = knob != KNOB_NONE || c->depth <= PINNED_DESCRIPTION_DEPTH
	                           ? description_of(arena, pair)
	                           : NULL;
	if (desc)
		fc_tree_set(arena, s, "description", fc_tree_str(arena, desc), NULL);
	if (knob == KNOB_SCHEDULING)
		return scheduling_schema(arena, value, s);
	if (knob != KNOB_NONE) {
		knob_schema(arena, s, knob, value);
		return s;
	}
	if (pinned_whole(c, value) || c->depth + 1 >= MAX_DEPTH) {
		fc_tree_set(arena, s, "const", (struct fc_node *)value, NULL);
		return s;
	}
	fc_tree_set(arena, s, "type", fc_tree_str(arena, "object"), NULL);
	struct fc_node *props = fc_tree_set(arena, s, "properties", fc_tree_map(arena), NULL);
	struct fc_node *req = fc_tree_seq(arena);
	for (size_t i = 0; i < value->count; i++) {
		const struct fc_pair *p = &value->pairs[i];
		c->path[c->depth++] = p->key;
		fc_tree_set(arena, props, p->key, schema_of(c, p->value, p), NULL);
		c->depth--;
		fc_tree_push(arena, req, fc_tree_str(arena, p->key));
	}
	fc_tree_set(arena, s, "required", req, NULL);
	fc_tree_set(arena, s, "additionalProperties", fc_tree_bool(arena, false), NULL);
	return s;
}

/*
 * Shared definitions.  The values of a large network repeat one shape per
 * peer, orderer, organization and NetworkPolicy; written out each time the
 * schema grows with the network (2.1 MB at 972 peers) and Helm re-reads it
 * on every template, lint and install.  Object schemas that two or more
 * properties of one object share (their own description aside) are written
 * once under "definitions" and referred to as {"$ref": "#/definitions/NAME"},
 * which validates exactly as the inline schema does; the description of each
 * one ("peer peer0.org1...") is dropped with it (values.yaml keeps it as a
 * comment), so that whole organizations can share one shape too.  NAME is the
 * key of the object holding them ("peers"), "-2", "-3" ... when another shape
 * took it.
 */
#define SHARED_DEF_MIN_BYTES 160 /* smaller shapes stay inline */

static bool same_node(const struct fc_node *a, const struct fc_node *b)
{
	if (a == b)
		return true;
	if (a->kind != b->kind || a->count != b->count || a->len != b->len ||
	    (a->len && memcmp(a->text, b->text, a->len) != 0))
		return false;
	for (size_t i = 0; a->kind == FC_NODE_SEQ && i < a->count; i++)
		if (!same_node(a->items[i], b->items[i]))
			return false;
	for (size_t i = 0; a->kind == FC_NODE_MAP && i < a->count; i++)
		if (a->pairs[i].key_len != b->pairs[i].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[i].key, a->pairs[i].key_len) != 0 ||
		    !same_node(a->pairs[i].value, b->pairs[i].value))
			return false;
	return true;
}

static bool is_object_schema(const struct fc_node *schema)
{
	const struct fc_node *type = fc_node_get(schema, "type");
	return schema->kind == FC_NODE_MAP && type && strcmp(type->text, "object") == 0;
}

/* Two object schemas that differ at most in their top-level descriptions. */
static bool same_shape(const struct fc_node *a, const struct fc_node *b)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->count && key_is(&a->pairs[i], "description"))
			i++;
		while (j < b->count && key_is(&b->pairs[j], "description"))
			j++;
		if (i == a->count || j == b->count)
			return i == a->count && j == b->count;
		if (!same_node(a->pairs[i].value, b->pairs[j].value) ||
		    a->pairs[i].key_len != b->pairs[j].key_len ||
		    memcmp(a->pairs[i].key, b->pairs[j].key, a->pairs[i].key_len) != 0)
			return false;
		i++;
		j++;
	}
}

/* About the bytes of n as JSON, enough to tell small shapes from large. */
static size_t json_weight(const struct fc_node *n)
{
	size_t w = n->len + 4;
	for (size_t i = 0; n->kind == FC_NODE_SEQ && i < n->count; i++)
		w += json_weight(n->items[i]);
	for (size_t i = 0; n->kind == FC_NODE_MAP && i < n->count; i++)
		w += n->pairs[i].key_len + 4 + json_weight(n->pairs[i].value);
	return w;
}

/* The definition (in defs, the "definitions" mapping) holding schema's shape,
 * added under base if new. */
static const char *definition_for(struct fc_arena *arena, struct fc_node *defs, const char *base,
                                  const struct fc_node *schema)
{
	for (size_t i = 0; i < defs->count; i++)
		if (same_shape(defs->pairs[i].value, schema))
			return defs->pairs[i].key;
	const char *name = base;
	for (unsigned n = 2; fc_node_get(defs, name); n++)
		name = fc_arena_printf(arena, "%s-%u", base, n);
	struct fc_node *def = fc_tree_map(arena);
	for (size_t i = 0; i < schema->count; i++)
		if (!key_is(&schema->pairs[i], "description"))
			fc_tree_set(arena, def, schema->pairs[i].key, schema->pairs[i].value, NULL);
	fc_tree_set(arena, defs, name, def, NULL);
	return name;
}

/* {"$ref": "#/definitions/<name>"} */
static struct fc_node *reference_to(struct fc_arena *arena, const char *name)
{
	struct fc_node *ref = fc_tree_map(arena);
	fc_tree_set(arena, ref, "$ref", fc_tree_strf(arena, "#/definitions/%s", name), NULL);
	return ref;
}

/* Bottom-up: the inner shapes first, so that outer ones compare with their
 * references in place. */
static void share_definitions(struct fc_arena *arena, struct fc_node *defs, struct fc_node *schema,
                              const char *key)
{
	if (schema->kind != FC_NODE_MAP)
		return;
	const struct fc_pair *items = fc_node_get_pair(schema, "items");
	if (items)
		share_definitions(arena, defs, items->value, key);
	const struct fc_pair *props_pair = fc_node_get_pair(schema, "properties");
	if (!props_pair || props_pair->value->kind != FC_NODE_MAP)
		return;
	struct fc_node *props = props_pair->value;
	for (size_t i = 0; i < props->count; i++)
		share_definitions(arena, defs, props->pairs[i].value, props->pairs[i].key);
	if (props->count < 2)
		return;
	bool *done = fc_arena_alloc(arena, props->count * sizeof(*done));
	for (size_t i = 0; i < props->count; i++) {
		struct fc_node *first = props->pairs[i].value;
		if (done[i] || !is_object_schema(first))
			continue;
		const char *name = NULL;
		for (size_t j = i + 1; j < props->count; j++) {
			struct fc_node *other = props->pairs[j].value;
			if (done[j] || !is_object_schema(other) || !same_shape(first, other))
				continue;
			if (!name && json_weight(first) < SHARED_DEF_MIN_BYTES)
				break;
			if (!name)
				name = definition_for(arena, defs, key, first);
			props->pairs[j].value = reference_to(arena, name);
			done[j] = true;
		}
		if (name)
			props->pairs[i].value = reference_to(arena, name);
	}
}

static void init_context(struct context *c, struct fc_arena *arena, const struct fc_node *values)
{
	const struct fc_node *storage = fc_node_get(values, "storage");
	const struct fc_node *kind = storage ? fc_node_get(storage, "kind") : NULL;
	*c = (struct context){
	        .arena = arena,
	        .values = values,
	        .storage_kind = kind && kind->kind == FC_NODE_STRING ? kind->text : NULL,
	};
}

static const char *knob_type(enum knob knob)
{
	switch (knob) {
	case KNOB_REPOSITORY: return "image repository ([registry[:port]/]path)";
	case KNOB_TAG: return "image tag, or tag@sha256:digest";
	case KNOB_PULL_POLICY: return "Always, IfNotPresent or Never";
	case KNOB_QUANTITY: return "Kubernetes quantity, not negative";
	case KNOB_STORAGE_CLASS: return "StorageClass name (DNS-1123 subdomain)";
	case KNOB_NFS_SERVER: return "host name or IPv4 address";
	case KNOB_NFS_PATH: return "absolute path";
	case KNOB_SWITCH: return "true or false";
	case KNOB_LOG_SPEC:
		return "Fabric logging spec: level, or logger[,logger]=level terms joined by ':'";
	case KNOB_LOG_SPEC_OR_DEFAULT: return "Fabric logging spec, or \"\" for logging.spec";
	case KNOB_LOG_FORMAT: return "console, json or logfmt";
	case KNOB_LOG_FORMAT_OR_DEFAULT: return "console, json, logfmt, or \"\" for logging.format";
	case KNOB_CA_LOG_LEVEL: return "debug, info, warning, error, critical or fatal";
	case KNOB_NAMESPACE: return "namespace (DNS-1123 label), or empty";
	case KNOB_LABELS:
		return "map of Kubernetes labels (key: string value; not app.kubernetes.io/, "
		       "helm.sh/ or fabchart.dev/ keys)";
	case KNOB_CRON:
		return "cron schedule: 5 fields (minute hour day-of-month month day-of-week) or "
		       "@hourly, @daily, @weekly, @monthly, @yearly, @every <duration>";
	case KNOB_COUNT: return "number from 1 to 1000";
	case KNOB_HOURS: return "whole hours, like 720h";
	case KNOB_SCHEDULING:
		return "maps of nodeSelector, tolerations, affinity, topologySpreadConstraints, "
		       "imagePullSecrets, priorityClassName, serviceAnnotations, serviceLabels";
	case KNOB_NONE: break;
	}
	return "";
}

struct knob_list {
	struct fc_values_knob *items;
	size_t count, cap;
	const char *docs[MAX_DEPTH]; /* the comment of each key on the path */
};

static void collect_knobs(struct context *c, struct knob_list *list, const struct fc_node *value)
{
	enum knob knob = c->depth ? knob_at(c) : KNOB_NONE;
	if (knob != KNOB_NONE) {
		if (list->count == list->cap) {
			size_t cap = list->cap ? 2 * list->cap : 32;
			struct fc_values_knob *items =
			        fc_arena_alloc(c->arena, cap * sizeof(*items));
			if (list->count)
				memcpy(items, list->items, list->count * sizeof(*items));
			list->items = items;
			list->cap = cap;
		}
		struct fc_strbuf key = FC_STRBUF_INIT;
		for (size_t i = 0; i < c->depth; i++)
			fc_strbuf_addf(&key, "%s%s", i ? "." : "", c->path[i]);
		const char *leaf = list->docs[c->depth - 1],
		           *top = list->docs[c->depth > 2 ? 1 : 0];
		struct fc_values_knob *k = &list->items[list->count++];
		k->key = fc_arena_strdup(c->arena, key.buf);
		k->type = knob_type(knob);
		k->value = value;
		k->doc = c->depth > 2 && top && leaf
		                 ? fc_arena_printf(c->arena, "%s: %s", top, leaf)
		         : leaf ? leaf
		                : "";
		fc_strbuf_release(&key);
		return;
	}
	for (size_t i = 0; value->kind == FC_NODE_MAP && i < value->count && c->depth < MAX_DEPTH;
	     i++) {
		const struct fc_pair *p = &value->pairs[i];
		list->docs[c->depth] = description_of(c->arena, p);
		c->path[c->depth++] = p->key;
		collect_knobs(c, list, p->value);
		c->depth--;
	}
}

size_t fc_values_schema_knobs(struct fc_arena *arena, const struct fc_node *values,
                              struct fc_values_knob **knobs)
{
	struct context c;
	init_context(&c, arena, values);
	struct knob_list list = {0};
	collect_knobs(&c, &list, values);
	*knobs = list.items;
	return list.count;
}

struct fc_node *fc_values_schema_build(struct fc_arena *arena, const struct fc_node *values)
{
	struct context c;
	init_context(&c, arena, values);
	struct fc_node *body = schema_of(&c, values, NULL);
	struct fc_node *s = fc_tree_map(arena);
	fc_tree_set(arena, s, "$schema",
	            fc_tree_str(arena, "http://json-schema.org/draft-07/schema#"), NULL);
	fc_tree_set(arena, s, "title", fc_tree_str(arena, "Values of a fabchart-generated chart"),
	            NULL);
	for (size_t i = 0; i < body->count; i++)
		fc_tree_set(arena, s, body->pairs[i].key, body->pairs[i].value, NULL);
	struct fc_node *defs = fc_tree_map(arena);
	share_definitions(arena, defs, s, "values");
	if (values->kind == FC_NODE_MAP && fc_node_get(values, "scheduling")) {
		struct fc_node *def = scheduling_definition(arena);
		fc_tree_set(arena, defs, "scheduling", def, NULL);
		fc_tree_set(arena, defs, "schedulingPods", pods_definition(arena, def), NULL);
	}
	if (defs->count)
		fc_tree_set(arena, s, "definitions", defs, NULL);
	return s;
}
