/*
 * rfc3339 - UTC time stamps; see rfc3339.h.
 */
#include "rfc3339.h"

#include <stdio.h>

void fc_rfc3339_format(time_t t, char *buf, size_t size)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}
