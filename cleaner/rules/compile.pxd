# Cython's declarations for compile.py (read only when the build compiles it; the pure path never
# sees this file): a compiled rule list as an extension type whose per-page prefilter steps are C
# calls, the memo and the candidate sets they fill typed as the dict and sets they are.
import cython


cdef class CompiledRules:
    cdef public object rules, prefilter, needs_digit, line_rules

    @cython.locals(found=list, scanned=set)
    cpdef list candidates(self, blocks)

    @cython.locals(memo=dict, found=list, bucket=set, fresh=list)
    cpdef _scan(self, blocks, indexes, found)

    cpdef _heads(self, blocks, found)
