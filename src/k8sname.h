/*
 * k8sname - Kubernetes' own rules on every name of the chart, checked on the
 * inventory (inventory.h) so that a chart that builds is one the API server
 * accepts.  Rules (Kubernetes' apimachinery validation, in words):
 *
 *  - DNS-1123 label: at most 63 characters, lowercase letters, digits and
 *    '-', starting and ending with a letter or digit.  Namespaces, pod
 *    volumes (and volumeClaimTemplates, which become volumes), containers.
 *  - DNS-1035 label: a DNS-1123 label that starts with a letter.  Services.
 *  - StatefulSets: a DNS-1123 label of at most 52 characters.  Its pods are
 *    named <name>-<ordinal> (a host name) and labelled
 *    controller-revision-hash=<name>-<hash>, the hash up to 10 characters, a
 *    label value of at most 63 (kubernetes/kubernetes#64023).
 *  - DNS-1123 subdomain: at most 253 characters, dot-separated DNS-1123
 *    labels.  Every other object (Secrets, ConfigMaps, PersistentVolumes...).
 *  - Port names (IANA_SVC_NAME): at most 15 characters, lowercase letters,
 *    digits and '-', at least one letter, no "--", no '-' at either end.
 *  - Label values: at most 63 characters, empty or starting and ending with
 *    a letter or digit, with '-', '_', '.' inside.
 *  - Uniqueness: one object per (apiVersion, kind, namespace, name); in a
 *    pod, one volume, container and port per name.
 *
 * Names made from the release name (hook Jobs, the helm test pods) are not
 * checked for form: the templates truncate them, and the release is not
 * known at build time.
 *
 * Diagnostic codes (docs/diagnostics.md): name-too-long, name-invalid,
 * service-name-start, port-name-invalid, label-value-invalid,
 * duplicate-object, reserved-name, duplicate-volume, duplicate-container,
 * duplicate-port, chaincode-name-collision (a chaincode's server or package
 * named as another topology value's object, reported at the chaincode).  Each is reported once per
 * topology value, at the value's position; name-too-long names the tightest limit and the longest
 * value that fits.
 */
#ifndef FC_K8SNAME_H
#define FC_K8SNAME_H

#include "diag.h"
#include "inventory.h"

/* Why a name breaks a rule; FC_NAME_OK when it does not. */
enum fc_name_fault {
	FC_NAME_OK,
	FC_NAME_EMPTY,
	FC_NAME_TOO_LONG,
	FC_NAME_BAD_CHAR, /* a character the rule does not allow */
	FC_NAME_BAD_START, /* not a letter or digit (a letter for DNS-1035) */
	FC_NAME_BAD_END, /* not a letter or digit */
	FC_NAME_EMPTY_PART, /* subdomains: two dots in a row, or a dot at an end */
	FC_NAME_NO_LETTER, /* port names */
	FC_NAME_DOUBLE_HYPHEN, /* port names */
};

enum fc_name_fault fc_k8sname_dns1123_label(const char *name);
enum fc_name_fault fc_k8sname_dns1035_label(const char *name);
enum fc_name_fault fc_k8sname_dns1123_subdomain(const char *name);
enum fc_name_fault fc_k8sname_port_name(const char *name);
enum fc_name_fault fc_k8sname_label_value(const char *value);

/* Checks every name of the inventory; reports into diags. */
void fc_k8sname_check(struct fc_arena *arena, const struct fc_inventory *inv,
                      struct fc_diags *diags);

#endif
