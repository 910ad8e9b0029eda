# Cython's declarations for firstpass.py (read only when the build compiles it; the pure path
# never sees this file): the per-block measures as C functions, their counts as C integers.
import cython

from cleaner.text.blocks cimport Block


# The item as an extension type, as Block is (cleaner/text/blocks.pxd); its block is typed, so
# that code which types an item reads its block's fields in C too.
cdef class Item:
    cdef public Block block
    # (In the order of the dataclass's fields, which its fields() follow; the labels typed str:
    # compared with the labels' names in C, an identity test first.)
    cdef public object chars, terminal
    cdef public str first, name, detail, label
    cdef public object rule, comment_marker, stamp, dated, comment_label, support, density


cdef _is_image(block)

@cython.locals(count=Py_ssize_t, separators=Py_ssize_t)
cpdef _measure(block, words, stops, after_image, t, calibrated=*)

cpdef _judge_long(item, words, stops, t, calibrated)
