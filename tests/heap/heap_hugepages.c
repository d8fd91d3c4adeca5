/*
 * heap_hugepages - fc_cli_heap_on_huge_pages() (src/cli/cli_heap.c) puts
 * what the program allocates next on transparent huge pages.
 *
 * Built without sanitizers (their allocators replace glibc's heap, which the
 * function leaves alone there), it calls the function as main() does, then
 * allocates and touches 3 MiB in 64 KiB blocks, as the arena does, and reads
 * /proc/self/smaps: the mapping that holds the blocks must be advised for
 * huge pages (VmFlags "hg") and, when the kernel backs advised memory with
 * huge pages (transparent_hugepage "always" or "madvise"), hold at least one
 * (AnonHugePages > 0).  Where the kernel has no transparent huge pages the
 * test is Skipped (77), and fails under CI=true, whose machines have them.
 */
#define _DEFAULT_SOURCE
#include "cli_heap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (64 * 1024)
#define BLOCKS 48

static int skip(const char *why)
{
	const char *ci = getenv("CI");
	if (ci && strcmp(ci, "true") == 0) {
		printf("FAIL  %s (CI=true: CI machines have transparent huge pages)\n", why);
		return 1;
	}
	printf("SKIP  %s\n", why);
	return 77;
}

/* "madvise" or "always" is the mode in [brackets] */
static int thp_mode_allows(void)
{
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	char line[128] = "";
	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	return strstr(line, "[always]") || strstr(line, "[madvise]");
}

int main(void)
{
	if (!thp_mode_allows())
		return skip("no transparent huge pages (/sys/kernel/mm/transparent_hugepage)");
	fc_cli_heap_on_huge_pages();
	char *blocks[BLOCKS];
	for (size_t i = 0; i < BLOCKS; i++) {
		blocks[i] = malloc(BLOCK);
		if (!blocks[i]) {
			printf("FAIL  malloc(%d) failed\n", BLOCK);
			return 1;
		}
		memset(blocks[i], (int)i + 1, BLOCK);
	}
	uintptr_t probe = (uintptr_t)blocks[BLOCKS - 1];
	FILE *f = fopen("/proc/self/smaps", "r");
	if (!f)
		return skip("no /proc/self/smaps");
	char line[512];
	int inside = 0, advised = 0;
	long huge_kb = -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, ' ')) {
			inside = probe >= lo && probe < hi;
			continue;
		}
		if (!inside)
			continue;
		if (strncmp(line, "AnonHugePages:", 14) == 0)
			huge_kb = strtol(line + 14, NULL, 10);
		if (strncmp(line, "VmFlags:", 8) == 0)
			advised = strstr(line, " hg") != NULL;
	}
	fclose(f);
	int failed = 0;
	if (advised) {
		printf("ok    the heap that holds the blocks is advised for huge pages (hg)\n");
	} else {
		printf("FAIL  the heap that holds the blocks is not advised for huge pages\n");
		failed = 1;
	}
	if (huge_kb > 0) {
		printf("ok    %ld KiB of it are huge pages\n", huge_kb);
	} else {
		printf("FAIL  no huge page in it (AnonHugePages %ld kB)\n", huge_kb);
		failed = 1;
	}
	for (size_t i = 0; i < BLOCKS; i++)
		free(blocks[i]);
	return failed;
}
