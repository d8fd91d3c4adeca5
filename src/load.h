/*
 * load - YAML text to a document (libyaml event API), with positions.
 *
 * Rules (each violation is an error diagnostic with the code in brackets):
 *  - exactly one document; an empty stream is an error [yaml-empty],
 *    a second document [yaml-multiple-documents] (fc_load_yaml_stream
 *    relaxes both);
 *  - YAML 1.2 core schema for plain scalars: null (~, null, Null, NULL, empty),
 *    bool (true/True/TRUE/false/False/FALSE), int (decimal, 0o octal, 0x hex),
 *    float (decimal with . or exponent, .inf, .nan); everything else, and
 *    every quoted or block scalar, is a string.  So `no`, `on`, `yes`, `y`
 *    stay strings and `1.10` is the float whose text is "1.10";
 *  - duplicate mapping keys [duplicate-key] with a note at the first one;
 *    keys must be scalars [yaml-complex-key];
 *  - anchors and aliases [yaml-anchor]; tags other than the core schema's
 *    (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) [yaml-tag];
 *  - invalid UTF-8 [yaml-encoding]; input over limits->max_bytes
 *    [input-too-large]; nesting deeper than limits->max_depth
 *    [yaml-too-deep]; a scalar longer than limits->max_scalar
 *    [yaml-scalar-too-long];
 *  - any libyaml error [yaml-syntax] at libyaml's position, 1-based.
 * All positions are 1-based (libyaml marks are 0-based).
 *
 * Ownership: nodes and strings are allocated in the arena; the libyaml parser
 * is created and destroyed inside the call.
 */
#ifndef FC_LOAD_H
#define FC_LOAD_H

#include "doc.h" /* also struct fc_load_limits */

/*
 * Parses text (len bytes; need not be NUL-terminated) named file.  Returns 0
 * and sets *root, or -1 with at least one error in diags.  limits may be NULL
 * for the defaults.
 */
int fc_load_yaml(struct fc_arena *arena, const char *file, const char *text, size_t len,
                 const struct fc_load_limits *limits, struct fc_node **root,
                 struct fc_diags *diags);

/*
 * Parses a stream of documents, as `helm template` or `kubectl get -o yaml`
 * write them: any number of `---`-separated documents.  Documents without
 * content (only comments, a bare `---`) are skipped, and a stream with none
 * is no error.  Every other rule above holds; the size limit is max_bytes
 * (manifests are larger than topologies, e.g. 64 MiB), depth and scalar
 * length keep their defaults.  Returns 0 and sets *docs to an arena array of
 * *count roots in source order (NULL and 0 when there are none), or -1 with
 * at least one error in diags (then *docs is NULL, *count 0).
 */
int fc_load_yaml_stream(struct fc_arena *arena, const char *file, const char *text, size_t len,
                        size_t max_bytes, struct fc_node ***docs, size_t *count,
                        struct fc_diags *diags);

/*
 * Parses a Helm values file: the rules above, but plain scalars are typed by
 * YAML 1.1 as Helm's reader types them (yes/no/on/off are booleans, 0755 is
 * octal, 1_000 is 1000; keys too: `yes:` is the key "true"), and an empty
 * file (or one of comments only) is no error: *root is then NULL.  Returns 0,
 * or -1 with errors in diags.
 */
int fc_load_values_yaml(struct fc_arena *arena, const char *file, const char *text, size_t len,
                        struct fc_node **root, struct fc_diags *diags);

#endif
