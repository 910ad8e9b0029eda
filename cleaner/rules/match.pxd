# Cython's declarations for match.py (read only when the build compiles it; the pure path never
# sees this file): what the rules made of a block as an extension type, its fields in C slots.
cdef class Verdict:
    cdef public object kept, reason, detail, removed, edited_by, timed_out
