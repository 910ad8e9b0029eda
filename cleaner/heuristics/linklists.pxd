# Cython's declarations for linklists.py (read only when the build compiles it; the pure path
# never sees this file): the per-block tests as C functions, the items they read typed as the
# extension type they are compiled (their fields read in C).
import cython

from cleaner.heuristics.firstpass cimport Item


cpdef _introduces(Item item, listed)

@cython.locals(item=Item, stop=Py_ssize_t)
cpdef Py_ssize_t _list_end(items, Py_ssize_t index) except -1
