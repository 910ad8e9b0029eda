# Cython's declarations for thread.py (read only when the build compiles it; the pure path never
# sees this file): the per-block test for a commenter's name as a C function, the items and
# blocks it reads typed as the extension types they are compiled.
import cython

from cleaner.heuristics.firstpass cimport Item
from cleaner.text.blocks cimport Block


@cython.locals(block=Block, following=Block)
cpdef _name_header(items, Py_ssize_t index)

cpdef _prose(Item item)

@cython.locals(item=Item)
cpdef thread_start(items, t=*, markers_only=*)
