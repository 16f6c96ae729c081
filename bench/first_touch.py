#!/usr/bin/env python3
"""How long this machine takes to hand a process fresh memory: maps MIB MiB (default 448,
about the 10M report's peak), asks for huge pages as abp's tables do, and writes one byte per
4 KiB page. On a virtual machine the first touch of memory the host has not backed (or has
taken back) costs far more than clearing it: the same call has taken 0.05 s and 1.4 s here,
minutes apart. Every abp run pays this for each page it uses, so it is printed beside the
benchmark's figures to say how noisy the machine was."""

import mmap
import sys
import time

mib = int(sys.argv[1]) if len(sys.argv) > 1 else 448
size = mib << 20
runs = []
for _ in range(3):
    region = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
    if hasattr(mmap, "MADV_HUGEPAGE"):
        region.madvise(mmap.MADV_HUGEPAGE)
    start = time.perf_counter()
    for offset in range(0, size, 4096):
        region[offset] = 1
    runs.append(time.perf_counter() - start)
    region.close()
print(f"first touch of {mib} MiB: " + ", ".join(f"{s:.3f}" for s in runs) + " s")
