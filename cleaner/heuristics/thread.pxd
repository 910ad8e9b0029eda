# Cython's declarations for thread.py (read only when the build compiles it; the pure path never
# sees this file): the per-block test for a commenter's name as a C function.
cpdef _name_header(items, Py_ssize_t index)

cpdef _prose(item)
