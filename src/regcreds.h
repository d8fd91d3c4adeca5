/*
 * regcreds - registry credentials saved by `helm registry login` and
 * `docker login`, for `fabchart push` without --username.
 *
 * Looked up, first match wins: Helm's registry config ($HELM_REGISTRY_CONFIG,
 * else $HELM_CONFIG_HOME/registry/config.json, else
 * $XDG_CONFIG_HOME/helm/registry/config.json, else
 * ~/.config/helm/registry/config.json: Helm v3.17.3 pkg/cli/environment.go,
 * pkg/helmpath/lazypath.go, pkg/registry/constants.go), then Docker's
 * ($DOCKER_CONFIG/config.json, else ~/.docker/config.json).  Both are
 * Docker config files: "auths": {"HOST[:PORT]": {"auth": base64("user:pass")}}
 * (keys may also be written as https://HOST/... ).  Credential stores and
 * helpers (credsStore, credHelpers) are not consulted.  Never prints.
 *
 * Ownership: the strings returned live in the arena.
 */
#ifndef FC_REGCREDS_H
#define FC_REGCREDS_H

#include "arena.h"

/* 1 with *username, *password and *file (where they were found) set when a
 * config holds credentials for host (HOST[:PORT]); 0 when none does.  A file
 * that is missing, unreadable or not such JSON is passed over. */
int fc_regcreds_find(struct fc_arena *arena, const char *host, const char **username,
                     const char **password, const char **file);

#endif
