# Cython's declarations for cleanpage.py (read only when the build compiles it; the pure path
# never sees this file): the per-block tests as C functions, their items typed as the extension
# type they are compiled (cleaner/heuristics/firstpass.pxd).
from cleaner.heuristics.firstpass cimport Item


cpdef shows_furniture(Item item)

cpdef furniture_in_clean_page(Item item, links, t)

cpdef _own_links(Item item, t)
