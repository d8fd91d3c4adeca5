/*
 * helmvalues - a chart's values merged the way Helm merges them, so that an
 * override file is judged as `helm install -f FILE --set K=V` judges it.
 *
 * Helm (pkg/cli/values/options.go and pkg/chartutil/coalesce.go at v3.17.3;
 * pkg/chart/common/util/coalesce.go at v4.1.4):
 *  1. the user's values: every -f file in order, each merged over the ones
 *     before (mappings merge key by key, anything else replaces); files are
 *     read with YAML 1.1 typing (load.h: fc_load_values_yaml);
 *  2. then every --set and --set-string, parsed as pkg/strvals does
 *     (a.b=c, a[0]=x, a={x,y}, commas between assignments, '\' escapes;
 *     --set types true/false/null and decimal integers, --set-string never);
 *  3. then the user's values coalesced over the chart's values.yaml: a key
 *     the user sets to null is deleted from the defaults, mappings merge,
 *     anything else the user gives wins;
 *  4. the result validated against values.schema.json.
 *
 * Positions: values from files keep their file:line:col; a value from the
 * N-th --set (or --set-string) option is at "--set:N:COL", COL being the
 * column of the value in that option's argument.
 *
 * Ownership: every node lives in the arena given to fc_helmvalues_init;
 * nothing else is allocated.  Diagnostics: [values-file] (a file whose root
 * is not a mapping), [values-set] (an option Helm cannot parse), and
 * [values-not-json] (a number Helm cannot convert to JSON: .inf, .nan),
 * plus the loaders' and the schema validator's own.
 */
#ifndef FC_HELMVALUES_H
#define FC_HELMVALUES_H

#include "diag.h"
#include "doc.h"

#include <stdbool.h>
#include <stddef.h>

struct fc_helmvalues {
	struct fc_arena *arena;
	struct fc_diags *diags;
	struct fc_node *user; /* the user's values so far: a mapping */
	unsigned sets; /* --set / --set-string options added so far */
};

void fc_helmvalues_init(struct fc_helmvalues *hv, struct fc_arena *arena, struct fc_diags *diags);

/* Merges the values file text (len bytes, named file) over the user's values
 * so far.  Returns 0, or -1 with errors in the diagnostics. */
int fc_helmvalues_add_file(struct fc_helmvalues *hv, const char *file, const char *text,
                           size_t len);

/* Applies one --set (as_string false) or --set-string (true) argument.
 * Returns 0, or -1 with a [values-set] error. */
int fc_helmvalues_add_set(struct fc_helmvalues *hv, const char *expr, bool as_string);

/* The user's values coalesced over defaults (a mapping, or NULL for none). */
struct fc_node *fc_helmvalues_coalesce(const struct fc_helmvalues *hv,
                                       const struct fc_node *defaults);

/*
 * Steps 3 and 4: reads the chart's values.yaml (defaults_text, named
 * defaults_file) and values.schema.json (schema_text, named schema_file;
 * NULL when the chart has none), coalesces, and validates.  Sets *merged to
 * the coalesced values when they could be built.  Returns 0 when Helm would
 * accept the values, -1 with errors in the diagnostics when not.
 */
int fc_helmvalues_check(struct fc_helmvalues *hv, const char *defaults_file,
                        const char *defaults_text, size_t defaults_len, const char *schema_file,
                        const char *schema_text, size_t schema_len, struct fc_node **merged);

#endif
