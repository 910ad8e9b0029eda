# Cython's declarations for decide.py (read only when the build compiles it; the pure path never
# sees this file): the merging loop reads each block's verdict and label typed as the extension
# types they are compiled, their fields in C.
import cython

from cleaner.heuristics.classify cimport Label
from cleaner.rules.match cimport Verdict
from cleaner.text.blocks cimport Block


@cython.locals(verdict=Verdict, label=Label)
cpdef list decide(blocks, verdicts, language, heuristics, thresholds, clean_page=*, favor=*, extracted=*, rules=*)

@cython.locals(verdict=Verdict)
cpdef list _metadata_lines(verdicts, rules)

@cython.locals(block=Block)
cpdef list rendered(blocks, rows, output, texts)
