# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The premise of issue 17's per-page kernel, measured: one call per page, over the page's UTF-8
bytes, that cuts line-mode text into blocks and measures each one into an integer array, with no
Python object per line or per word. Built and run by ``kernel_probe.py``; not part of the package.

It reads alone only the lines that need no markup or script knowledge (ASCII, no ``[ ] * _ ` \\``,
a paragraph or a ``#``/``-``/``*``/``+``/``>`` marker); every other line is marked for the Python
path (kind 9). Words are hashed (64-bit FNV-1a of the lower-cased bytes) into open-addressing
tables of the stopwords, furniture words and comment-thread words: a probe may mistake a word
for another whose hash is equal, which ``kernel_probe.py`` would show as a count that differs
from the Python path's.
"""

from cpython.mem cimport PyMem_Calloc, PyMem_Free
from libc.stdint cimport int32_t, uint64_t

cdef uint64_t FNV_OFFSET = 14695981039346656037ULL
cdef uint64_t FNV_PRIME = 1099511628211ULL
# One array row per block (``kernel_probe.COLUMNS`` columns): kind, start and end byte of its
# text, words, stopwords, furniture words, whether a comment-thread word is among them, " | "
# separators, first label, line * 2 + gap.


cdef class WordSet:
    """Hashes of words, in an open-addressing table (0 marks an empty slot)."""
    cdef uint64_t* slots
    cdef uint64_t mask

    def __cinit__(self, words):
        words = [w.encode("utf-8") for w in words]
        size = 8
        while size < 4 * len(words):
            size *= 2
        self.mask = size - 1
        self.slots = <uint64_t*> PyMem_Calloc(size, sizeof(uint64_t))
        for word in words:
            self.add(_hash(word))

    def __dealloc__(self):
        PyMem_Free(self.slots)

    cdef void add(self, uint64_t h):
        cdef uint64_t i = h & self.mask
        while self.slots[i] != 0 and self.slots[i] != h:
            i = (i + 1) & self.mask
        self.slots[i] = h

    cdef inline bint has(self, uint64_t h) noexcept:
        cdef uint64_t i = h & self.mask
        while self.slots[i] != 0:
            if self.slots[i] == h:
                return True
            i = (i + 1) & self.mask
        return False


cdef uint64_t _hash(bytes word):
    cdef uint64_t h = FNV_OFFSET
    cdef unsigned char c
    for c in word:
        h = (h ^ c) * FNV_PRIME
    return h


cdef inline bint _word_char(unsigned char c) noexcept:
    return (97 <= c <= 122) or (65 <= c <= 90) or (48 <= c <= 57) or c == 95


def measure_page(bytes page, WordSet stops, WordSet furniture, WordSet thread, int short_chars,
                 int long_chars, double good, double near, double sentence, int32_t[:, :] out):
    """Fill ``out`` (a row per block) for a line-mode page; return the
    number of blocks."""
    cdef const unsigned char[:] s = page
    cdef Py_ssize_t n = len(page), i = 0, start, end, j, k, a, b
    cdef int blocks = 0, line = 0, words, stopwords, furnished, threaded, separators, kind, chars, first
    cdef bint gap = True, ends, terminal
    cdef unsigned char c, last
    cdef uint64_t h
    while i <= n:
        start = i
        while i < n and s[i] != 10:
            i += 1
        end = i
        i += 1
        line += 1
        a, b = start, end
        while a < b and (s[a] == 32 or s[a] == 9 or s[a] == 13):
            a += 1
        while b > a and (s[b - 1] == 32 or s[b - 1] == 9 or s[b - 1] == 13):
            b -= 1
        if a == b:
            gap = True
            continue
        kind = 0
        c = s[start]
        if not ((97 <= c <= 122) or (65 <= c <= 90)):
            if c == 35:  # '#': a heading of one to six, then a space
                k = start
                while k < end and s[k] == 35:
                    k += 1
                if k - start > 6 or k >= end or s[k] != 32:
                    kind = 9
                else:
                    kind, a = 1, k + 1
            elif (c == 45 or c == 42 or c == 43) and start + 1 < end and s[start + 1] == 32:
                kind, a = 2, start + 2
            elif c == 62:
                kind, a = 3, start + 1
            else:
                kind = 9
        words = stopwords = furnished = threaded = separators = 0
        ends = False
        j = a
        while j < b and kind != 9:
            c = s[j]
            if c >= 128 or c == 91 or c == 93 or c == 42 or c == 95 or c == 96 or c == 92:
                kind = 9  # another script, or markup: the Python path reads the line
            elif _word_char(c):
                h = FNV_OFFSET
                while j < b and _word_char(s[j]):
                    c = s[j]
                    if 65 <= c <= 90:
                        c += 32
                    h = (h ^ c) * FNV_PRIME
                    j += 1
                words += 1
                stopwords += stops.has(h)
                furnished += furniture.has(h)
                threaded |= thread.has(h)
                continue
            elif c == 124 and j > a and j + 1 < b and s[j - 1] == 32 and s[j + 1] == 32:
                separators += 1
            elif c == 46 or c == 33 or c == 63:
                ends = True
            j += 1
        # A column gap (three spaces or more, or a tab, inside the line) counts as one space.
        chars = 0
        j = a
        while j < b:
            if s[j] == 32 or s[j] == 9:
                k = j
                while k < b and (s[k] == 32 or s[k] == 9):
                    k += 1
                chars += 1 if (k - j >= 3 or s[j] == 9 or s[k - 1] == 9) else k - j
                j = k
            else:
                chars += 1
                j += 1
        # A sentence end last, or before the closing quotes and brackets that end the line.
        last = s[b - 1]
        terminal = last == 46 or last == 33 or last == 63 or ((last == 34 or last == 39 or last == 41) and ends)
        if kind == 9:
            first = -1
        elif chars < short_chars:
            first = 1
        elif words and stopwords * 1.0 / words >= good and chars >= long_chars:
            first = 3
        elif words and stopwords * 1.0 / words >= near:
            first = 2
        elif words and terminal and kind == 0 and stopwords * 1.0 / words >= sentence:
            first = 1  # a sentence crowded with names and figures: short, for its neighbours to judge
        else:
            first = 0
        out[blocks, 0], out[blocks, 1], out[blocks, 2], out[blocks, 3] = kind, a, b, words
        out[blocks, 4], out[blocks, 5], out[blocks, 6], out[blocks, 7] = stopwords, furnished, threaded, separators
        out[blocks, 8], out[blocks, 9] = first, line * 2 + gap
        gap = False
        blocks += 1
    return blocks
