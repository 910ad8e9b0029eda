# Cython's declarations for headline.py (read only when the build compiles it; the pure path never
# sees this file): the per-block tests as C functions, the items and blocks they read typed as the
# extension types they are compiled (their fields read in C).
import cython

from cleaner.heuristics.firstpass cimport Item
from cleaner.text.blocks cimport Block


cpdef _title_like(Item item, t, min_words=*)

cpdef _is_h1(Block block)

@cython.locals(block=Block)
cpdef _title(items, start, t)

cpdef _linked_title(Item item, t)

@cython.locals(item=Item)
cpdef _permalink(items, start, t, after)
