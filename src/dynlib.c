/*
 * dynlib - dlopen and a table of symbols; see dynlib.h.
 *
 * dlsym returns a data pointer; POSIX guarantees it converts to a function
 * pointer of the same size and representation, so each address is copied
 * into its function-pointer member byte for byte.
 */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
               "dlsym addresses must fit function pointers (POSIX)");

static void clear_table(struct fc_dynlib *lib)
{
	void *none = NULL;
	for (size_t i = 0; i < lib->nsymbols; i++)
		memcpy((char *)lib->table + lib->symbols[i].offset, &none, sizeof(none));
}

static int fail(struct fc_dynlib *lib, const char **error)
{
	clear_table(lib);
	lib->state = FC_DYNLIB_FAILED;
	*error = lib->error;
	return -1;
}

int fc_dynlib_load(struct fc_dynlib *lib, const char **error)
{
	*error = NULL;
	if (lib->state == FC_DYNLIB_LOADED)
		return 0;
	if (lib->state == FC_DYNLIB_FAILED) {
		*error = lib->error;
		return -1;
	}
	dlerror();
	lib->handle = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib->handle) {
		const char *why = dlerror();
		snprintf(lib->error, sizeof(lib->error), "%s (%s): cannot open: %s", lib->what,
		         lib->soname, why ? why : "unknown error");
		return fail(lib, error);
	}
	for (size_t i = 0; i < lib->nsymbols; i++) {
		const struct fc_dynlib_symbol *sym = &lib->symbols[i];
		void *address = dlsym(lib->handle, sym->name); /* a function is never at NULL */
		if (!address) {
			snprintf(lib->error, sizeof(lib->error), "%s (%s): missing symbol '%s'",
			         lib->what, lib->soname, sym->name);
			dlclose(lib->handle); /* nothing of it was used */
			lib->handle = NULL;
			return fail(lib, error);
		}
		memcpy((char *)lib->table + sym->offset, &address, sizeof(address));
	}
	lib->state = FC_DYNLIB_LOADED;
	return 0;
}
