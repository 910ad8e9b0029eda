# Cython's declarations for neighbours.py (read only when the build compiles it; the pure path
# never sees this file): the neighbour sweep's positions and counters as C integers, and the
# items it reads typed as the extension type they are compiled (their fields read in C).
import cython

from cleaner.heuristics.firstpass cimport Item


@cython.locals(end=Py_ssize_t, passed=Py_ssize_t, skips=Py_ssize_t, gap=Py_ssize_t, distance=Py_ssize_t,
               position=Py_ssize_t, index=Py_ssize_t)
cpdef list _neighbours(labels, skipped, Py_ssize_t step, t, through=*)

@cython.locals(index=Py_ssize_t)
cpdef _introduces_list(items, Py_ssize_t index)

@cython.locals(item=Item)
cdef _settle_prose_runs(items, t)

@cython.locals(item=Item, index=Py_ssize_t)
cpdef revise(items, t, bio=*)

cpdef is_picture(Item item)
