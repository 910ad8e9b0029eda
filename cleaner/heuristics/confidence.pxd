# Cython's declarations for confidence.py (read only when the build compiles it; the pure path
# never sees this file): the per-block score as a C function, its positions as C integers. The
# scores themselves stay Python floats: rounded and compared exactly as the source has them.
import cython


cpdef _thin(item, t)

@cython.locals(start=Py_ssize_t, stop=Py_ssize_t)
cpdef body_score(name, kept, item, Py_ssize_t index, run, t=*)
