/*
 * connset - sets of connections; see connset.h.
 */
#include "connset.h"

#include <inttypes.h>

const char *const fc_proto_names[FC_PROTO_COUNT] = {"SCTP", "TCP", "UDP"};

void fc_connset_release(struct fc_connset *c)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		fc_ivset_release(&c->p[i]);
}

void fc_connset_clear(struct fc_connset *c)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		c->p[i].n = 0;
}

void fc_connset_set_all(struct fc_connset *c)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++) {
		c->p[i].n = 0;
		fc_ivset_add(&c->p[i], FC_PORT_MIN, FC_PORT_MAX);
	}
}

static bool is_full_ports(const struct fc_ivset *s)
{
	return s->n == 1 && s->r[0].lo == FC_PORT_MIN && s->r[0].hi == FC_PORT_MAX;
}

bool fc_connset_is_all(const struct fc_connset *c)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		if (!is_full_ports(&c->p[i]))
			return false;
	return true;
}

bool fc_connset_is_empty(const struct fc_connset *c)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		if (c->p[i].n)
			return false;
	return true;
}

void fc_connset_intersect(struct fc_connset *c, const struct fc_connset *t, struct fc_ivset *tmp)
{
	for (int i = 0; i < FC_PROTO_COUNT; i++)
		fc_ivset_intersect(&c->p[i], &t->p[i], tmp);
}

/* "All Connections" or "SCTP 9090,TCP 8000-9000,UDP 53". */
void fc_connset_format(struct fc_strbuf *sb, const struct fc_connset *c)
{
	if (fc_connset_is_all(c)) {
		fc_strbuf_addstr(sb, "All Connections");
		return;
	}
	bool first = true;
	for (int i = 0; i < FC_PROTO_COUNT; i++) {
		const struct fc_ivset *s = &c->p[i];
		if (!s->n)
			continue;
		fc_strbuf_addf(sb, "%s%s ", first ? "" : ",", fc_proto_names[i]);
		first = false;
		for (size_t k = 0; k < s->n; k++) {
			if (k)
				fc_strbuf_addch(sb, ',');
			if (s->r[k].lo == s->r[k].hi)
				fc_strbuf_addf(sb, "%" PRIu32, s->r[k].lo);
			else
				fc_strbuf_addf(sb, "%" PRIu32 "-%" PRIu32, s->r[k].lo, s->r[k].hi);
		}
	}
}
