# Cython's declarations for confidence.py (read only when the build compiles it; the pure path
# never sees this file): the per-block score as a C function, its positions as C integers, its
# item typed as the extension type it is compiled (cleaner/heuristics/firstpass.pxd). The
# scores themselves stay Python floats: rounded and compared exactly as the source has them.
import cython

from cleaner.heuristics.firstpass cimport Item


cpdef _kept_base(name, Item item)

cpdef _dropped_base(name, Item item)

cpdef _thin(Item item, t)

@cython.locals(start=Py_ssize_t, stop=Py_ssize_t)
cpdef body_score(name, kept, Item item, Py_ssize_t index, run, t=*)

cpdef _rounded(score)
