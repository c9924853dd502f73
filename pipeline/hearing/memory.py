"""glibc's allocator, told to give large blocks back to the system.

The pipeline's numpy temporaries are large and short-lived (a spectrogram, a block of
samples). After each large free glibc raises the size above which it maps memory
directly (up to 32 MB), so later arrays come from its heaps and, once freed, stay in the
process; with a heap per thread, transcription workers multiply that. Fixing the
threshold at 16 MB keeps large arrays mapped and unmapped, so resident memory follows what
is in use (at 1 MB CTranslate2's own buffers were mapped and unmapped on every use, which
cost a fifth of the transcription's speed). What stays free inside the heaps is handed
back with `trim` after each piece of transcription. Measured on the 30-minute bench
reading, the largest resident size: 1036 MB with the threshold alone, 767 MB with `trim`.
The heaps are also capped at two, one per transcription worker (not measured on its own).
"""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache

M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8


@lru_cache(maxsize=1)
def _glibc():
    """The C library, where it is glibc (Linux); else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:
        return None


def trim() -> None:
    """Give the free memory inside glibc's heaps back (after a big phase of work)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def return_large_blocks() -> None:
    """Call once at start-up, before threads exist. A no-op where libc is not glibc."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, 16 << 20)
        libc.mallopt(M_ARENA_MAX, 2)
