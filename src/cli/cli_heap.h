/*
 * cli_heap - puts the process's heap on transparent huge pages.
 *
 * A build touches a few MiB of heap once and exits.  On the virtual machines
 * CI and many clusters run on, the first touch of each 4 KiB page costs
 * 10-40 us (a minor fault that the hypervisor backs), which made page faults
 * the largest part of `fabchart build`'s wall time (seed-kafka: 632 faults,
 * 4.9 MiB RSS).  One 2 MiB transparent huge page costs one fault.  Owned by
 * the front end: a process-wide policy, decided once in main() before any
 * other allocation; the library's allocations are unchanged.
 */
#ifndef FC_CLI_HEAP_H
#define FC_CLI_HEAP_H

/* Advises the heap malloc grows next for huge pages (Linux, glibc; a no-op
 * elsewhere or when the kernel says no).  Call first thing in main(). */
void fc_cli_heap_on_huge_pages(void);

#endif
