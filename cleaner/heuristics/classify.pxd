# Cython's declarations for classify.py (read only when the build compiles it; the pure path never
# sees this file): a block's label as an extension type, its fields in C slots; the per-block
# helpers as C functions, their items typed as the extension type they are compiled.
import cython

from cleaner.heuristics.firstpass cimport Item


cdef class Label:
    cdef public object kept, name, detail, first, final, score


cpdef _score(Item item, t, repeated=*)

cpdef _prose_like(Item item)

@cython.locals(item=Item)
cpdef _labels(items, undecided, decided, sources, clean_page, t, metadata=*)

@cython.locals(label=Label)
cpdef list _scored(items, labels, run, t, keep_at)
