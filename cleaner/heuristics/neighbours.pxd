# Cython's declarations for neighbours.py (read only when the build compiles it; the pure path
# never sees this file): the neighbour sweep's positions and counters as C integers.
import cython


@cython.locals(end=Py_ssize_t, passed=Py_ssize_t, skips=Py_ssize_t, gap=Py_ssize_t, distance=Py_ssize_t,
               position=Py_ssize_t, index=Py_ssize_t)
cpdef list _neighbours(labels, skipped, Py_ssize_t step, t, through=*)

@cython.locals(index=Py_ssize_t)
cpdef _introduces_list(items, Py_ssize_t index)

cdef _settle_prose_runs(items, t)

cpdef is_picture(item)
