/*
 * cli_heap - puts the process's heap on transparent huge pages; see cli_heap.h.
 *
 * glibc's malloc grows its main heap with brk, 128 KiB at a time, at an
 * address that is not 2 MiB aligned, so the kernel never backs it with huge
 * pages (transparent_hugepage "madvise" mode, the common default, also wants
 * MADV_HUGEPAGE).  So: ask malloc to grow the heap by HEAP_RESERVE at once
 * (M_TOP_PAD), take the bytes from the heap's start to the first 2 MiB
 * boundary as one block that is never touched (virtual memory only: no
 * page of it is ever faulted in), and advise the aligned rest for huge pages.
 * What the program allocates then lands in huge pages.  glibc's own
 * glibc.malloc.hugetlb=1 tunable does the madvise but not the alignment and
 * only from the environment.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE, sbrk */
#include "cli_heap.h"

#include <stdlib.h> /* defines __GLIBC__ */

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)
#define HEAP_RESERVE ((size_t)32 << 20) /* virtual: untouched pages cost nothing */
#define MMAP_THRESHOLD (128 * 1024) /* glibc's default */
#define HEAD_SLACK 64 /* > malloc's chunk header and alignment */
#define PROBE_SIZE ((size_t)256 << 10) /* > glibc's first break (128 KiB + the request) */

/* the unaligned head of the heap, held (never touched) for the whole run */
static void *heap_head;

void fc_cli_heap_on_huge_pages(void)
{
#ifdef MADV_HUGEPAGE
	/* grow by HEAP_RESERVE at once, serve the head from the heap (not by
	 * mmap), and never give the advised pages back (brk would lower the
	 * break and grow it again without the advice) */
	if (heap_head || mallopt(M_TOP_PAD, (int)HEAP_RESERVE) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, (int)(HUGE_PAGE * 2)) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, (int)(HEAP_RESERVE * 2)) != 1)
		return;
	/* where the top chunk starts: a probe larger than any block freed so
	 * far (a malloc(1) could come from a bin, anywhere in the heap) and than
	 * the heap's first break (else it could fit there, the heap would not
	 * grow by M_TOP_PAD and nothing would be advised: about 1 run in 10)
	 * comes from the top chunk and goes back into it when freed.  malloc
	 * writes the header of the chunk after the head just below the boundary:
	 * a page of the advised range touched before the advice would keep the
	 * kernel from ever putting a huge page there. */
	char *probe = malloc(PROBE_SIZE);
	uintptr_t at = (uintptr_t)probe;
	free(probe);
	uintptr_t aligned = (at + HUGE_PAGE) & ~(HUGE_PAGE - 1);
	if (aligned - at < PROBE_SIZE + HEAD_SLACK) /* the head too from the top chunk */
		aligned += HUGE_PAGE;
	if (probe)
		heap_head = malloc(aligned - at - HEAD_SLACK);
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	if (!heap_head || (uintptr_t)heap_head != at) /* not where probed: advise nothing */
		return;
	uintptr_t end = (uintptr_t)sbrk(0) & ~(HUGE_PAGE - 1);
	if (end != ((uintptr_t)-1 & ~(HUGE_PAGE - 1)) && end > aligned)
		madvise((void *)aligned, end - aligned, MADV_HUGEPAGE);
#endif
}

#else
void fc_cli_heap_on_huge_pages(void)
{
}
#endif
