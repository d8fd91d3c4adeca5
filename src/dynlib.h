/*
 * dynlib - shared libraries opened at run time (dlopen), for the libraries
 * only a few commands need: GPGME for `build --sign` (prov.c), libcurl for
 * `push` (oci.c).  Linking them would map and relocate them, and everything
 * they depend on, at the start of every command.
 *
 * A user describes the library once, in a static struct fc_dynlib: the
 * soname, what needs it (the start of every message), and a table of
 * symbols, each a name and the offset of a function-pointer member in the
 * user's own struct (declare the members `__typeof__(lib_fn) *fn;` so that
 * every call through them is checked against the library's prototype).
 * fc_dynlib_load() opens the library with dlopen(RTLD_NOW | RTLD_LOCAL) and
 * fills every member, or none.
 *
 * Invariants: the first fc_dynlib_load() of a struct decides; later calls
 * return the same outcome and message without opening anything (one attempt
 * per process; not thread-safe).  Either every member of the table holds
 * its symbol's address, or every one is NULL.
 *
 * Ownership: the struct and its table belong to the user and must outlive
 * every call through the table (static storage in practice).  A library
 * once opened stays loaded until the process ends: unloading GPGME or
 * libcurl while their atexit handlers or helper threads still refer to them
 * is unsafe, and LeakSanitizer scans the globals of loaded libraries only.
 * The error message lives in the struct.  Nothing here prints or exits.
 */
#ifndef FC_DYNLIB_H
#define FC_DYNLIB_H

#include <stddef.h>

struct fc_dynlib_symbol {
	const char *name; /* as the library exports it, "gpgme_new" */
	size_t offset; /* of its function-pointer member in the table */
};

enum fc_dynlib_state { FC_DYNLIB_UNTRIED, FC_DYNLIB_LOADED, FC_DYNLIB_FAILED };

struct fc_dynlib {
	/* Set by the user. */
	const char *what; /* "signing needs GPGME" */
	const char *soname; /* "libgpgme.so.11" */
	const struct fc_dynlib_symbol *symbols;
	size_t nsymbols;
	void *table; /* the struct whose members the symbols fill */

	/* Kept by fc_dynlib_load(); zero-initialize. */
	enum fc_dynlib_state state;
	void *handle; /* dlopen's, while loaded */
	char error[512];
};

/*
 * Opens lib->soname and resolves every symbol into lib->table, on the first
 * call; returns 0 when the table is filled, or -1 with *error set to a
 * message owned by lib: "<what> (<soname>): cannot open: <dlerror text>" or
 * "<what> (<soname>): missing symbol '<name>'".
 */
int fc_dynlib_load(struct fc_dynlib *lib, const char **error);

#endif
