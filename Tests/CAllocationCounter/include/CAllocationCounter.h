// An allocation counter for the tests: the test executable's own malloc, calloc, realloc,
// memalign, aligned_alloc and posix_memalign, which forward to glibc's allocator and, while
// counting is switched on, count every call on every thread (a training step's work runs
// on the engine's worker threads too). The shared libraries' calls (the Swift runtime's
// swift_slowAlloc, Foundation) reach these definitions because an executable's symbols
// come first in the dynamic linker's search.
#ifndef REGULA_ALLOCATION_COUNTER_H
#define REGULA_ALLOCATION_COUNTER_H

// 1 where the counter works (glibc), 0 elsewhere (the allocator is then not replaced).
int regula_allocation_counter_available(void);

// Zeroes the count and starts counting; stops counting.
void regula_allocation_counting_start(void);
void regula_allocation_counting_stop(void);

// Allocations counted since the last start.
unsigned long long regula_allocation_count(void);

#endif
