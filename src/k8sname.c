/*
 * k8sname - Kubernetes' naming rules on the inventory; see k8sname.h.
 *
 * Every problem becomes a finding (code, the topology value it comes from,
 * a message); at the end the findings are sorted by position and code and
 * the first of each (position, code) is reported, the tightest length limit
 * first: one diagnostic per value and rule, however many objects it names.
 */
#include "k8sname.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the rules ------------------------------------------------------------------ */

static bool lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool alnum(char c)
{
	return lower_alnum(c) || (c >= 'A' && c <= 'Z');
}

/* The form of a DNS-1123 label (no length limit), of n bytes. */
static enum fc_name_fault label_form(const char *s, size_t n, bool letter_first)
{
	if (!n)
		return FC_NAME_EMPTY;
	for (size_t i = 0; i < n; i++)
		if (!lower_alnum(s[i]) && s[i] != '-')
			return FC_NAME_BAD_CHAR;
	if (!lower_alnum(s[0]) || (letter_first && !(s[0] >= 'a' && s[0] <= 'z')))
		return FC_NAME_BAD_START;
	if (!lower_alnum(s[n - 1]))
		return FC_NAME_BAD_END;
	return FC_NAME_OK;
}

enum fc_name_fault fc_k8sname_dns1123_label(const char *name)
{
	enum fc_name_fault f = label_form(name, strlen(name), false);
	return f == FC_NAME_OK && strlen(name) > 63 ? FC_NAME_TOO_LONG : f;
}

enum fc_name_fault fc_k8sname_dns1035_label(const char *name)
{
	enum fc_name_fault f = label_form(name, strlen(name), true);
	return f == FC_NAME_OK && strlen(name) > 63 ? FC_NAME_TOO_LONG : f;
}

enum fc_name_fault fc_k8sname_dns1123_subdomain(const char *name)
{
	size_t n = strlen(name);
	if (!n)
		return FC_NAME_EMPTY;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && name[i] != '.')
			continue;
		if (i == start)
			return FC_NAME_EMPTY_PART;
		enum fc_name_fault f = label_form(name + start, i - start, false);
		if (f != FC_NAME_OK)
			return f;
		start = i + 1;
	}
	return n > 253 ? FC_NAME_TOO_LONG : FC_NAME_OK;
}

enum fc_name_fault fc_k8sname_port_name(const char *name)
{
	size_t n = strlen(name);
	if (!n)
		return FC_NAME_EMPTY;
	bool letter = false;
	for (size_t i = 0; i < n; i++) {
		if (!lower_alnum(name[i]) && name[i] != '-')
			return FC_NAME_BAD_CHAR;
		letter |= name[i] >= 'a' && name[i] <= 'z';
		if (i && name[i] == '-' && name[i - 1] == '-')
			return FC_NAME_DOUBLE_HYPHEN;
	}
	if (name[0] == '-')
		return FC_NAME_BAD_START;
	if (name[n - 1] == '-')
		return FC_NAME_BAD_END;
	if (!letter)
		return FC_NAME_NO_LETTER;
	return n > 15 ? FC_NAME_TOO_LONG : FC_NAME_OK;
}

enum fc_name_fault fc_k8sname_label_value(const char *value)
{
	size_t n = strlen(value);
	if (!n)
		return FC_NAME_OK;
	for (size_t i = 0; i < n; i++)
		if (!alnum(value[i]) && !strchr("-_.", value[i]))
			return FC_NAME_BAD_CHAR;
	if (!alnum(value[0]))
		return FC_NAME_BAD_START;
	if (!alnum(value[n - 1]))
		return FC_NAME_BAD_END;
	return n > 63 ? FC_NAME_TOO_LONG : FC_NAME_OK;
}

/* A rule as the checker applies it: the predicate, the limit, the words. */
struct rule {
	enum fc_name_fault (*fault)(const char *);
	size_t max;
	const char *limit; /* "a Service name is a DNS-1035 label, at most 63" */
	const char *form; /* what the name may hold, for other faults */
};

#define LABEL_FORM "lowercase letters, digits and '-', starting and ending with a letter or digit"

static const struct rule namespace_rule = {fc_k8sname_dns1123_label, 63,
                                           "a namespace name is a DNS-1123 label, at most 63",
                                           "a namespace name is a DNS-1123 label: " LABEL_FORM};
static const struct rule service_rule = {
        fc_k8sname_dns1035_label, 63, "a Service name is a DNS-1035 label, at most 63",
        "a Service name is a DNS-1035 label: lowercase letters, digits and '-', starting with "
        "a letter and ending with a letter or digit"};
static const struct rule statefulset_rule = {
        fc_k8sname_dns1123_label, 52,
        "a StatefulSet name is at most 52: its pods are labelled "
        "controller-revision-hash=<name>-<a hash of up to 10 characters>, a label value of at "
        "most 63",
        "a StatefulSet names its pods <name>-<ordinal>, host names: " LABEL_FORM};
static const struct rule volume_rule = {fc_k8sname_dns1123_label, 63,
                                        "a volume name is a DNS-1123 label, at most 63",
                                        "a volume name is a DNS-1123 label: " LABEL_FORM};
static const struct rule container_rule = {fc_k8sname_dns1123_label, 63,
                                           "a container name is a DNS-1123 label, at most 63",
                                           "a container name is a DNS-1123 label: " LABEL_FORM};
static const struct rule subdomain_rule = {
        fc_k8sname_dns1123_subdomain, 253, "the name is a DNS-1123 subdomain, at most 253",
        "the name is a DNS-1123 subdomain: dot-separated parts of " LABEL_FORM};
/* The API server takes a DNS-1123 subdomain, but the strict Kubernetes v1.32.2
 * schema the charts are checked against (../shared/ext/k8s-schemas,
 * persistentvolume-v1.json: metadata.name maxLength 63) takes at most 63. */
static const struct rule persistent_volume_rule = {
        fc_k8sname_dns1123_subdomain, 63, "a PersistentVolume name is at most 63",
        "the name is a DNS-1123 subdomain: dot-separated parts of " LABEL_FORM};
static const struct rule port_rule = {
        fc_k8sname_port_name, 15, "a port name is at most 15",
        "a port name holds lowercase letters, digits and '-', at least one letter, no '--' "
        "and no '-' at either end"};
static const struct rule label_rule = {
        fc_k8sname_label_value, 63, "a label value is at most 63",
        "a label value starts and ends with a letter or digit, with letters, digits, '-', "
        "'_' and '.' between"};

static const struct rule *name_rule(const struct fc_inv_object *o)
{
	if (strcmp(o->kind, "Namespace") == 0)
		return &namespace_rule;
	if (strcmp(o->kind, "Service") == 0)
		return &service_rule;
	if (strcmp(o->kind, "StatefulSet") == 0)
		return &statefulset_rule;
	if (strcmp(o->kind, "PersistentVolume") == 0)
		return &persistent_volume_rule;
	return &subdomain_rule;
}

/* ---- findings -------------------------------------------------------------------- */

struct finding {
	const char *code;
	const struct fc_inv_origin *origin;
	size_t fit; /* name-too-long: the longest value that fits; SIZE_MAX otherwise */
	const struct fc_inv_origin *note; /* another value involved, or NULL */
	const char *message;
	size_t seq;
};

struct checker {
	struct fc_arena *arena;
	struct fc_diags *diags;
	struct finding *items;
	size_t count, alloc;
};

static void find(struct checker *c, const char *code, const struct fc_inv_origin *origin,
                 size_t fit, const struct fc_inv_origin *note, const char *fmt, ...)
        __attribute__((format(printf, 6, 7)));
static void find(struct checker *c, const char *code, const struct fc_inv_origin *origin,
                 size_t fit, const struct fc_inv_origin *note, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fc_xgrow((void **)&c->items, &c->alloc, c->count + 1, sizeof(*c->items));
	c->items[c->count] = (struct finding){
	        code, origin, fit, note, fc_arena_vprintf(c->arena, fmt, ap), c->count};
	c->count++;
	va_end(ap);
}

static int compare_findings(const void *pa, const void *pb)
{
	const struct finding *a = pa, *b = pb;
	if (a->origin->pos.line != b->origin->pos.line)
		return a->origin->pos.line < b->origin->pos.line ? -1 : 1;
	if (a->origin->pos.col != b->origin->pos.col)
		return a->origin->pos.col < b->origin->pos.col ? -1 : 1;
	int k = strcmp(a->code, b->code);
	if (k)
		return k;
	if (a->fit != b->fit)
		return a->fit < b->fit ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void report(struct checker *c)
{
	if (c->count)
		qsort(c->items, c->count, sizeof(*c->items), compare_findings);
	for (size_t i = 0; i < c->count; i++) {
		const struct finding *f = &c->items[i];
		if (i && c->items[i - 1].origin->pos.line == f->origin->pos.line &&
		    c->items[i - 1].origin->pos.col == f->origin->pos.col &&
		    strcmp(c->items[i - 1].code, f->code) == 0)
			continue;
		struct fc_diag *d = fc_diag_error(c->diags, f->code, f->origin->pos,
		                                  f->origin->pointer, "%s", f->message);
		if (f->note)
			fc_diag_note(c->diags, d, f->note->pos, "%s '%s' here", f->note->what,
			             f->note->value ? f->note->value : "");
	}
	free(c->items);
}

/* ---- words ----------------------------------------------------------------------- */

/* "'<value>'" of an origin, or its description when the name is fixed. */
static const char *source(struct checker *c, const struct fc_inv_origin *o)
{
	return o->value ? fc_arena_printf(c->arena, "%s '%s'", o->what, o->value)
	                : fc_arena_printf(c->arena, "the %s", o->what);
}

/* " in namespace 'x'" or "" */
static const char *in_namespace(struct checker *c, const char *ns)
{
	return ns ? fc_arena_printf(c->arena, " in namespace '%s'", ns) : "";
}

static const char *fault_words(struct checker *c, enum fc_name_fault f, const char *name)
{
	size_t n = strlen(name);
	switch (f) {
	case FC_NAME_EMPTY: return "is empty";
	case FC_NAME_BAD_START: return fc_arena_printf(c->arena, "starts with '%c'", name[0]);
	case FC_NAME_BAD_END:
		return fc_arena_printf(c->arena, "ends with '%c'", n ? name[n - 1] : ' ');
	case FC_NAME_EMPTY_PART: return "has an empty part between dots";
	case FC_NAME_NO_LETTER: return "has no letter";
	case FC_NAME_DOUBLE_HYPHEN: return "holds '--'";
	case FC_NAME_BAD_CHAR:
	default:
		for (size_t i = 0; i < n; i++)
			if (!lower_alnum(name[i]) && name[i] != '-')
				return fc_arena_printf(c->arena, "holds '%c'", name[i]);
		return "holds a character it may not";
	}
}

static const char *advice(struct checker *c, enum fc_name_fault f, const struct fc_inv_origin *o,
                          bool letter)
{
	const char *what = o->value ? o->what : "topology";
	switch (f) {
	case FC_NAME_BAD_START:
		return fc_arena_printf(c->arena, "start the %s with a letter%s", what,
		                       letter ? "" : " or digit");
	case FC_NAME_BAD_END:
		return fc_arena_printf(c->arena, "end the %s with a letter or digit", what);
	default: return fc_arena_printf(c->arena, "change the %s", what);
	}
}

/* How the message says where a name is: " in namespace 'x'" or " of <role> in ...". */
enum where { IN_NAMESPACE, OF_OBJECT };

static const char *context(struct checker *c, const struct fc_inv_object *o, enum where w)
{
	if (w == IN_NAMESPACE)
		return in_namespace(c, o->namespace);
	return fc_arena_printf(c->arena, " of %s%s", fc_inventory_role(c->arena, o),
	                       in_namespace(c, o->namespace));
}

/*
 * name (of what: "Service", "volume", ...) of object o, made from origin,
 * under rule; the words are made only when the name breaks it.
 */
static void check(struct checker *c, const char *name, const char *what,
                  const struct fc_inv_object *o, enum where w, const struct rule *rule,
                  const struct fc_inv_origin *origin, const char *code_form)
{
	size_t len = strlen(name);
	if (len > rule->max) {
		size_t fixed = len - (origin->value ? strlen(origin->value) : 0);
		size_t fit = origin->value && fixed < rule->max ? rule->max - fixed : 0;
		const char *todo =
		        fit ? fc_arena_printf(c->arena, "use at most %zu characters", fit)
		            : fc_arena_printf(c->arena, "shorten the names it is made of");
		find(c, "name-too-long", origin, fit, NULL,
		     "%s makes %s '%s'%s %zu characters long (%s): %s", source(c, origin), what,
		     name, context(c, o, w), len, rule->limit, todo);
	}
	enum fc_name_fault f = rule->fault(name);
	if (f == FC_NAME_OK || f == FC_NAME_TOO_LONG)
		return;
	bool service = rule == &service_rule;
	if (service && f == FC_NAME_BAD_START && lower_alnum(name[0]))
		code_form = "service-name-start";
	find(c, code_form, origin, SIZE_MAX, NULL, "%s makes %s '%s'%s, which %s (%s): %s",
	     source(c, origin), what, name, context(c, o, w), fault_words(c, f, name), rule->form,
	     advice(c, f, origin, service));
}

/* ---- uniqueness ----------------------------------------------------------------- */

static bool own(const struct fc_inv_object *o)
{
	return !o->origin.value || (o->flags & FC_INV_OWN);
}

static int compare_pos(struct fc_pos a, struct fc_pos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	return a.col < b.col ? -1 : a.col > b.col;
}

static int compare_objects(const void *pa, const void *pb)
{
	const struct fc_inv_object *a = *(const struct fc_inv_object *const *)pa;
	const struct fc_inv_object *b = *(const struct fc_inv_object *const *)pb;
	int k = strcmp(a->api_version, b->api_version);
	if (!k)
		k = strcmp(a->kind, b->kind);
	if (!k)
		k = strcmp(a->namespace ? a->namespace : "", b->namespace ? b->namespace : "");
	if (!k)
		k = strcmp(a->name, b->name);
	if (!k)
		k = compare_pos(a->origin.pos, b->origin.pos);
	return k ? k : (a < b ? -1 : a > b);
}

static bool same_object(const struct fc_inv_object *a, const struct fc_inv_object *b)
{
	return strcmp(a->api_version, b->api_version) == 0 && strcmp(a->kind, b->kind) == 0 &&
	       strcmp(a->namespace ? a->namespace : "", b->namespace ? b->namespace : "") == 0 &&
	       strcmp(a->name, b->name) == 0;
}

/* Two objects of one (apiVersion, kind, namespace, name); first comes first in the topology. */
static void clash(struct checker *c, const struct fc_inv_object *first,
                  const struct fc_inv_object *later)
{
	if (own(first) && own(later))
		return; /* a consequence of another clash (two namespaces that are one) */
	const char *ns = in_namespace(c, later->namespace);
	const struct fc_inv_object *cc = (later->flags & FC_INV_CHAINCODE)   ? later
	                                 : (first->flags & FC_INV_CHAINCODE) ? first
	                                                                     : NULL;
	const struct fc_inv_object *other = cc == later ? first : later;
	if (cc && !own(other) && !(other->flags & FC_INV_CHAINCODE)) {
		/* at the chaincode, wherever it stands in the topology */
		find(c, "chaincode-name-collision", &cc->origin, SIZE_MAX, &other->origin,
		     "%s makes %s '%s'%s (%s), the name of %s: rename one of them",
		     source(c, &cc->origin), cc->kind, cc->name, ns,
		     fc_inventory_role(c->arena, cc), fc_inventory_role(c->arena, other));
		return;
	}
	if (!own(first) && !own(later)) {
		if (!compare_pos(first->origin.pos, later->origin.pos))
			return;
		find(c, "duplicate-object", &later->origin, SIZE_MAX, &first->origin,
		     "%s makes %s '%s'%s, which %s makes too (%s)", source(c, &later->origin),
		     later->kind, later->name, ns, source(c, &first->origin),
		     fc_inventory_role(c->arena, first));
		return;
	}
	const struct fc_inv_object *mine = own(first) ? first : later;
	const struct fc_inv_object *theirs = own(first) ? later : first;
	find(c, "reserved-name", &theirs->origin, SIZE_MAX, NULL,
	     "%s makes %s '%s'%s, a name the chart uses for %s", source(c, &theirs->origin),
	     theirs->kind, theirs->name, ns, fc_inventory_role(c->arena, mine));
}

static void check_unique_objects(struct checker *c, const struct fc_inventory *inv)
{
	const struct fc_inv_object **sorted = fc_xcalloc(inv->count + 1, sizeof(*sorted));
	for (size_t i = 0; i < inv->count; i++)
		sorted[i] = &inv->objects[i];
	qsort(sorted, inv->count, sizeof(*sorted), compare_objects);
	for (size_t i = 1; i < inv->count; i++) {
		size_t first = i - 1;
		while (i < inv->count && same_object(sorted[first], sorted[i]))
			clash(c, sorted[first], sorted[i++]);
	}
	free(sorted);
}

/* A name in a pod (volume, container, port) and the value it comes from. */
struct pod_name {
	const char *name;
	const struct fc_inv_origin *origin;
};

static int compare_pod_names(const void *pa, const void *pb)
{
	const struct pod_name *a = pa, *b = pb;
	int k = strcmp(a->name, b->name);
	return k ? k : compare_pos(a->origin->pos, b->origin->pos);
}

/* Reports the names given twice among n (what: "volume", ...) of the pod of o. */
static void check_unique_names(struct checker *c, const struct fc_inv_object *o,
                               struct pod_name *names, size_t n, const char *code, const char *what)
{
	qsort(names, n, sizeof(*names), compare_pod_names);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(names[i].name, names[i - 1].name) != 0)
			continue;
		const struct fc_inv_origin *a = names[i - 1].origin, *b = names[i].origin;
		bool two = a->value && b->value && compare_pos(a->pos, b->pos);
		find(c, code, b, SIZE_MAX, two ? a : NULL,
		     "%s%s%s make%s the %s '%s' of %s%s twice: its %ss need different names",
		     source(c, b), two ? " and " : "", two ? source(c, a) : "", two ? "" : "s",
		     what, names[i].name, fc_inventory_role(c->arena, o),
		     in_namespace(c, o->namespace), what);
	}
}

static void check_pod(struct checker *c, const struct fc_inv_object *o)
{
	const struct fc_inv_pod *p = o->pod;
	size_t n = p->volume_count + p->claim_count, ports = 0;
	for (size_t i = 0; i < p->container_count; i++)
		ports += p->containers[i].port_count;
	struct pod_name *names = fc_xcalloc(n + ports + p->container_count + 1, sizeof(*names));
	for (size_t i = 0; i < p->volume_count; i++) {
		const struct fc_inv_origin *from =
		        p->volumes[i].origin ? p->volumes[i].origin : &o->origin;
		names[i] = (struct pod_name){p->volumes[i].name, from};
		check(c, p->volumes[i].name, "volume", o, OF_OBJECT, &volume_rule, from,
		      "name-invalid");
	}
	for (size_t i = 0; i < p->claim_count; i++) {
		names[p->volume_count + i] = (struct pod_name){p->claims[i], &o->origin};
		check(c, p->claims[i], "volume", o, OF_OBJECT, &volume_rule, &o->origin,
		      "name-invalid");
	}
	check_unique_names(c, o, names, n, "duplicate-volume", "volume");
	for (size_t i = 0; i < p->container_count; i++) {
		names[i] = (struct pod_name){p->containers[i].name, &o->origin};
		check(c, p->containers[i].name, "container", o, OF_OBJECT, &container_rule,
		      &o->origin, "name-invalid");
	}
	check_unique_names(c, o, names, p->container_count, "duplicate-container", "container");
	n = 0;
	for (size_t i = 0; i < p->container_count; i++)
		for (size_t j = 0; j < p->containers[i].port_count; j++) {
			const char *port = p->containers[i].ports[j].name;
			names[n++] = (struct pod_name){port, &o->origin};
			check(c, port, "port", o, OF_OBJECT, &port_rule, &o->origin,
			      "port-name-invalid");
		}
	check_unique_names(c, o, names, n, "duplicate-port", "port");
	free(names);
}

static void check_labels(struct checker *c, const struct fc_inv_object *o)
{
	for (size_t i = 0; i < o->label_count; i++) {
		const struct fc_inv_label *l = &o->labels[i];
		enum fc_name_fault f = fc_k8sname_label_value(l->value);
		if (f == FC_NAME_OK)
			continue;
		const struct fc_inv_origin *from = l->origin ? l->origin : &o->origin;
		const char *why =
		        f == FC_NAME_TOO_LONG
		                ? fc_arena_printf(c->arena, "is %zu characters long (%s)",
		                                  strlen(l->value), label_rule.limit)
		                : fc_arena_printf(c->arena, "%s (%s)", fault_words(c, f, l->value),
		                                  label_rule.form);
		/* the helm.sh/chart label is "<name>-<version>" cut to 63 characters */
		bool chart = strcmp(from->what, "chart name and version") == 0;
		find(c, "label-value-invalid", from, SIZE_MAX, NULL,
		     "%s makes the label %s=%s of %s%s, which %s: %s", source(c, from), l->key,
		     l->value, fc_inventory_role(c->arena, o), in_namespace(c, o->namespace), why,
		     chart ? "shorten the chart name or change the version (Helm cuts "
		             "<name>-<version> to 63 characters for this label)"
		           : advice(c, f, from, false));
	}
}

void fc_k8sname_check(struct fc_arena *arena, const struct fc_inventory *inv,
                      struct fc_diags *diags)
{
	struct checker cs = {arena, diags, NULL, 0, 0}, *c = &cs;
	for (size_t i = 0; i < inv->count; i++) {
		const struct fc_inv_object *o = &inv->objects[i];
		if (!(o->flags & FC_INV_RELEASE))
			check(c, o->name, o->kind, o, IN_NAMESPACE, name_rule(o), &o->origin,
			      "name-invalid");
		check_labels(c, o);
		if (o->service_port_count) {
			struct pod_name *names = fc_xcalloc(o->service_port_count, sizeof(*names));
			for (size_t j = 0; j < o->service_port_count; j++) {
				names[j] = (struct pod_name){o->service_ports[j].name, &o->origin};
				check(c, o->service_ports[j].name, "port", o, OF_OBJECT, &port_rule,
				      &o->origin, "port-name-invalid");
			}
			check_unique_names(c, o, names, o->service_port_count, "duplicate-port",
			                   "port");
			free(names);
		}
		if (o->pod)
			check_pod(c, o);
	}
	check_unique_objects(c, inv);
	report(c);
}
