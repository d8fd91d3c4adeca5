/*
 * rfc3339 - time stamps as RFC 3339 writes them in UTC, the form Helm's
 * index.yaml ("created", "generated") and OCI annotations
 * (org.opencontainers.image.created) use: "2006-01-02T15:04:05Z".
 */
#ifndef FC_RFC3339_H
#define FC_RFC3339_H

#include <stddef.h>
#include <time.h>

/* Size of a buffer that holds any fc_rfc3339_format() result. */
#define FC_RFC3339_SIZE 32

/* t in UTC, to the second, into buf (size bytes, at least FC_RFC3339_SIZE);
 * a time gmtime cannot convert is written as the epoch. */
void fc_rfc3339_format(time_t t, char *buf, size_t size);

#endif
