# Cython's declarations for blocks.py (read only when the build compiles it; the pure path never
# sees this file): segmentation's per-line and per-block helpers as C functions, line numbers
# and counts as C integers.
import cython


cpdef tuple _plain_and_link_chars(str text)

cpdef tokens(str plain)

cpdef str line_kind(str line)

cpdef str _link_line_kind(str line)

cpdef _make(Py_ssize_t index, str kind, list lines, Py_ssize_t line_no, gap)

cpdef Py_ssize_t _words(str plain_text) except? -1

@cython.locals(number=Py_ssize_t)
cpdef tuple _read(str kind, list lines)

@cython.locals(number=Py_ssize_t, group_start=Py_ssize_t)
cpdef list _segment_lines(list lines, line_mode)
