# Cython's declarations for blocks.py (read only when the build compiles it; the pure path never
# sees this file): segmentation's per-line and per-block helpers as C functions, line numbers
# and counts as C integers.
import cython


# The block as an extension type (its dataclass decorator is Cython's when compiled): each
# field a C slot, read and written without a lookup in the class.
cdef class Block:
    # (In the order of the dataclass's fields, which its fields() follow. The texts typed str:
    # compared with the kinds' names and read as text in C, an identity test first.)
    cdef public object index
    cdef public str kind, text, plain
    cdef public object line, words, link_chars
    cdef public str marker
    cdef public object gap, rest, page


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
