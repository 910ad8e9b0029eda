# Cython's declarations for firstpass.py (read only when the build compiles it; the pure path
# never sees this file): the per-block measures as C functions, their counts as C integers.
import cython


cdef bint _is_image(block)

cpdef _remembered(block, language, stops, bint after_image, t, dict memo)

@cython.locals(count=Py_ssize_t, separators=Py_ssize_t, terminal=bint)
cpdef _measure(block, list words, stops, bint after_image, t, bint calibrated=*)

cpdef _judge_long(item, list words, stops, t, bint calibrated)
