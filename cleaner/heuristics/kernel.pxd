# Cython's declarations for kernel.pyx: the blocks it cuts and the items it measures are the
# extension types of cleaner/text/blocks.pxd and cleaner/heuristics/firstpass.pxd, built and read
# in C. So the kernel runs only where those two modules run compiled (cleaner.compiled).
from cleaner.heuristics.firstpass cimport Item
from cleaner.text.blocks cimport Block
