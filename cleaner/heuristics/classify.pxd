# Cython's declarations for classify.py (read only when the build compiles it; the pure path never
# sees this file): a block's label as an extension type, its fields in C slots.
cdef class Label:
    cdef public object kept, name, detail, first, final, score
