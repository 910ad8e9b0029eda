# Cython's declarations for match.py (read only when the build compiles it; the pure path never
# sees this file): what the rules made of a block as an extension type, its fields in C slots;
# the page the rules run over as one too, so that the per-block steps of a rule (its window's
# blocks, the words test, the remembered search, the verdict) are C calls, and the blocks they
# read typed as the extension type they are compiled (cleaner/text/blocks.pxd).
import cython

from cleaner.text.blocks cimport Block


cdef class Verdict:
    cdef public object kept, reason, detail, removed, edited_by, timed_out


cdef class _Page:
    cdef public object blocks, verdicts, metadata, warnings, timeouts, deadline, over_budget

    cpdef timeout(self)

    cpdef Verdict verdict(self, index)

    cpdef decide(self, index, rule, kept, detail)

    @cython.locals(block=Block, verdict=Verdict)
    cpdef apply(self, rule, only=*, digit=*)

    @cython.locals(block=Block, verdict=Verdict)
    cpdef apply_block(self, rule, index, digit=*)


cpdef _words_ok(rule, words)

cpdef _search(rule, text, timeout)
