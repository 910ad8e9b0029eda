# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The compiled per-page kernel: segmentation, words, the language guess, the first pass and the
rule prefilter's literals, in C.

One job: do for a page, in one call and over arrays, what :func:`cleaner.text.blocks.segment`,
:func:`cleaner.text.blocks.tokens`, :func:`cleaner.heuristics.language.detect_language` and
:func:`cleaner.heuristics.firstpass.measure` do in Python, with exactly their results. Those
Python functions are the definition (the pure path, and this module's twin):
``tests/test_equivalence.py`` holds the two to the same decisions on the corpus, generated pages
and every dev page, and ``tests/test_kernel.py`` to the same blocks, words, language and first
pass, field by field.

What the kernel reads alone, and what it hands back to Python:

- A page that may hold a fenced code block, or has more lines than are cut into blocks, is left
  to Python whole (:func:`read_page` returns None).
- Lines are cut and grouped into blocks in C, and their block markers (headings, list items,
  quotes, separators), links and images read in C as cleaner.text.blocks and
  cleaner.text.markup read them. A line with other markup (emphasis, code spans, escapes,
  autolinks), a bidi mark or a character outside the ranges the kernel knows is told its kind by
  :func:`~cleaner.text.blocks.line_kind` and its block read by
  :func:`~cleaner.text.blocks.known` (the Python reading, with its memo).
- Words are 64-bit FNV-1a hashes of the lower-cased code points, in one array per page; a plain
  text with a character outside the known ranges is cut into words by
  :func:`~cleaner.text.blocks.tokens` and those are hashed. The stopword lists, furniture words
  and comment-thread words are open-addressing tables of the same hashes (two words with the same
  64-bit hash would be taken for each other: about one chance in 10^10 for a page).
- The character classes (``\\w`` as ``regex`` reads it, ``\\s``, sentence ends, closers,
  digits, lower case) are tables made at import by the very patterns the Python path uses, over
  Basic Latin to Latin Extended-B, Greek and Cyrillic, Latin Extended Additional and General
  Punctuation: what the kernel knows. A character it does not know sends its block (or its
  page's language guess) to Python.
- The first pass runs in C for pages whose language has one of the package's own stopword lists;
  every pattern it needs (comment markers, dates, bios ...) is the Python path's, run under the
  same conditions. Other pages, and blocks the kernel did not read, are measured by Python.
- The rule prefilter's literals (:class:`Literals`, built by :mod:`cleaner.rules.compile`): an
  automaton per kind of requirement tells the rules whose literals a block's plain text holds,
  lower-cased and folded as the prefilter's Python scanners do; a text with a character outside
  the known ranges is handed back to them.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport Py_UNICODE_ISALPHA, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil
from libc.stdint cimport uint16_t, uint32_t, uint64_t

import regex

from cleaner.heuristics.language import stopwords
from cleaner.text.fences import may_hold_fences

cdef uint64_t FNV_OFFSET = 14695981039346656037ULL
cdef uint64_t FNV_PRIME = 1099511628211ULL

# Character classes, for the code points below TABLE.
DEF TABLE = 0x2100
cdef enum:
    KNOWN = 1      # in a range the kernel knows: every class below is right for it
    WORD = 2       # \w (regex), on the character lower-cased
    SPACE = 4      # \s (regex)
    END = 8        # a sentence end (cleaner.text.scripts.SENTENCE_END)
    CLOSER = 16    # may close a sentence after its end (cleaner.text.scripts.CLOSERS)
    PLAIN = 32     # may stand in a line that is its own plain text (no markup, no bidi mark)
    DIGIT = 64     # \d (re)
    TOKEN = 128    # lower-cases to one character, whatever its neighbours (not a capital sigma)
    BIDI_MARK = 256  # a bidi format character (which reading leaves out)
    RAW_WORD = 512   # \w (regex), on the character as written (emphasis delimiters' neighbours)
cdef uint16_t CLASSES[TABLE]
cdef uint32_t LOWER[TABLE]
_RANGES = ((0, 0x250), (0x370, 0x530), (0x1E00, 0x1F00), (0x2000, 0x20D0))

cdef object line_kind = None
cdef object known = None
cdef object tokens = None
cdef object spaced = None
cdef object signed_bio = None
cdef object THREAD_MARKER, COMMENT_LABEL, WHOLE_EMPHASIS, CREDIT_WORDS, DATE, CLOCK, TABLE_ROWS, LINK_LINE_FILLER
cdef object paragraph_mode = None
cdef list LANGUAGES = []
cdef WordSet FURNITURE = None
cdef WordSet THREAD = None
cdef WordSet LABELS = None
cdef WordSet LANGUAGE_WORDS = None
cdef dict STOPWORDS = {}


cdef class WordSet:
    """Hashes of words, each with a value (a bit mask of languages, or 1), in an open-addressing
    table (hash 0 marks an empty slot; a word hashing to 0 is stored as 1)."""
    cdef uint64_t* keys
    cdef uint32_t* values
    cdef uint64_t mask

    def __cinit__(self, words, values=None):
        words = list(words)
        cdef uint64_t size = 16
        while size < 4 * len(words):
            size *= 2
        self.mask = size - 1
        self.keys = <uint64_t*> PyMem_Malloc(size * sizeof(uint64_t))
        self.values = <uint32_t*> PyMem_Malloc(size * sizeof(uint32_t))
        if self.keys == NULL or self.values == NULL:
            raise MemoryError()
        cdef uint64_t i
        for i in range(size):
            self.keys[i] = 0
            self.values[i] = 0
        for n, word in enumerate(words):
            self.add(_hash(word), 1 if values is None else values[n])

    def __dealloc__(self):
        PyMem_Free(self.keys)
        PyMem_Free(self.values)

    cdef void add(self, uint64_t h, uint32_t value):
        cdef uint64_t i = h & self.mask
        while self.keys[i] != 0 and self.keys[i] != h:
            i = (i + 1) & self.mask
        self.keys[i] = h
        self.values[i] |= value

    cdef inline uint32_t get(self, uint64_t h) noexcept:
        cdef uint64_t i = h & self.mask
        while self.keys[i] != 0:
            if self.keys[i] == h:
                return self.values[i]
            i = (i + 1) & self.mask
        return 0


cdef inline uint64_t _fix(uint64_t h) noexcept:
    return h if h != 0 else 1


cdef uint64_t _hash(str word):
    cdef uint64_t h = FNV_OFFSET
    cdef Py_UCS4 c
    for c in word:
        h = (h ^ <uint32_t> c) * FNV_PRIME
    return _fix(h)


cdef inline uint16_t _classes(Py_UCS4 c) noexcept:
    return CLASSES[c] if c < TABLE else 0


def configure(line_kind_of, known_of, tokens_of, spaced_of, signed_bio_of,
              patterns, paragraph_mode_of, languages, languages_of_words, furniture_words, thread_words,
              label_words, bidi_characters):
    """Hand the kernel the Python path's functions, patterns and word lists (called once, by
    :mod:`cleaner.heuristics.firstpass`, once the kernel is imported: the types it builds, it
    cimports, kernel.pxd)."""
    global line_kind, known, tokens, spaced, signed_bio, paragraph_mode, LANGUAGES
    global THREAD_MARKER, COMMENT_LABEL, WHOLE_EMPHASIS, CREDIT_WORDS, DATE, CLOCK, TABLE_ROWS, LINK_LINE_FILLER
    global FURNITURE, THREAD, LABELS, LANGUAGE_WORDS
    line_kind, known, tokens, spaced = line_kind_of, known_of, tokens_of, spaced_of
    signed_bio, paragraph_mode = signed_bio_of, paragraph_mode_of
    THREAD_MARKER, COMMENT_LABEL, WHOLE_EMPHASIS, CREDIT_WORDS, DATE, CLOCK, TABLE_ROWS, LINK_LINE_FILLER = patterns
    LANGUAGES = list(languages)
    words = list(languages_of_words)
    LANGUAGE_WORDS = WordSet(words, [_mask(languages_of_words[w]) for w in words])
    FURNITURE = WordSet(furniture_words)
    THREAD = WordSet(thread_words)
    LABELS = WordSet(label_words)
    _tables(bidi_characters)


cdef uint32_t _mask(tuple languages):
    cdef uint32_t mask = 0
    for language in languages:
        mask |= 1u << LANGUAGES.index(language)
    return mask


cdef void _tables(str bidi):
    import re
    from cleaner.text.scripts import CLOSERS, SENTENCE_END
    word, space, digit = regex.compile(r"\w"), regex.compile(r"\s"), re.compile(r"\d")
    # A character that the patterns' case-insensitive matching takes for an ASCII letter (the long
    # s for "s") is left to Python: the kernel's checks before a pattern look for ASCII letters.
    ascii_letter = regex.compile(r"(?i)[a-z]")
    cdef int i
    for i in range(TABLE):
        CLASSES[i], LOWER[i] = 0, i
    for start, stop in _RANGES:
        for i in range(start, stop):
            char = chr(i)
            lowered = char.lower()
            if i >= 128 and ascii_letter.match(char):
                continue
            classes = KNOWN
            if len(lowered) == 1 and i != 0x3A3:
                classes |= TOKEN
                LOWER[i] = ord(lowered)
            if word.match(lowered):
                classes |= WORD
            if word.match(char):
                classes |= RAW_WORD
            if space.match(char):
                classes |= SPACE
            if SENTENCE_END.match(char):
                classes |= END
            if char in CLOSERS:
                classes |= CLOSER
            if digit.match(char):
                classes |= DIGIT
            if char not in "[]*_`~\\<" and char not in bidi:
                classes |= PLAIN
            if char in bidi:
                classes |= BIDI_MARK
            CLASSES[i] = classes


cdef struct Row:
    int words            # words (tokens) of the plain text
    Py_ssize_t first     # where its word hashes start in the page's array
    int furniture        # furniture words among them
    Py_ssize_t furniture_at  # the first one's place in the array (-1: none)
    bint thread          # whether a comment-thread word is among them
    bint label           # whether a comment label ("comments") is among them


# The thresholds that the first pass compares its measures with, as C numbers: read once a page
# from its Thresholds, not a dozen attribute reads a block. (Exact: every count and measure
# compared is exact as a double; a whole number past 1e300 stands as 1e300, above them all.)
cdef struct Limits:
    double lexicon_dense_max_words, lexicon_max_words, lexicon_dense_hits, marker_max_words, stamp_max_words
    double max_link_density, menu_separators, comment_label_words, emphasis_max_words, emphasis_bio_max_words
    double caption_max_words, short_chars, long_chars, good_stopword_density, near_stopword_density
    double sentence_stopword_density


cdef double _limit(value) except? -1:
    return 1e300 if value > 1e300 else value


cdef void _limits(Limits* limits, t) except *:
    limits.lexicon_dense_max_words = _limit(t.lexicon_dense_max_words)
    limits.lexicon_max_words = _limit(t.lexicon_max_words)
    limits.lexicon_dense_hits = _limit(t.lexicon_dense_hits)
    limits.marker_max_words = _limit(t.marker_max_words)
    limits.stamp_max_words = _limit(t.stamp_max_words)
    limits.max_link_density = _limit(t.max_link_density)
    limits.menu_separators = _limit(t.menu_separators)
    limits.comment_label_words = _limit(t.comment_label_words)
    limits.emphasis_max_words = _limit(t.emphasis_max_words)
    limits.emphasis_bio_max_words = _limit(t.emphasis_bio_max_words)
    limits.caption_max_words = _limit(t.caption_max_words)
    limits.short_chars = _limit(t.short_chars)
    limits.long_chars = _limit(t.long_chars)
    limits.good_stopword_density = _limit(t.good_stopword_density)
    limits.near_stopword_density = _limit(t.near_stopword_density)
    limits.sentence_stopword_density = _limit(t.sentence_stopword_density)


cdef class Page:
    """One page read by the kernel: a row per block, and the page's word hashes."""
    cdef Row* rows
    cdef Py_ssize_t count, capacity
    cdef uint64_t* hashes
    cdef uint32_t* spans     # where each word starts and ends in its block's plain text
    cdef Py_ssize_t size, room
    cdef list tokens         # each block's words as Python cut them (None: cut by the kernel)
    cdef bint spaced         # every block's words are runs of \w (no script written without spaces)
    cdef readonly bint line_mode  # whether it was read one line per block
    cdef dict stops          # per language: each block's stopwords (a list of ints)
    cdef dict measured       # each block's measures, by its index and after_image (see measure_block)
    cdef object measured_by  # the (language, thresholds) they were measured with
    cdef Limits limits       # those thresholds as C numbers

    def __cinit__(self):
        self.rows = NULL
        self.hashes = NULL
        self.spans = NULL
        self.count = self.capacity = self.size = self.room = 0
        self.tokens = []
        self.spaced = True
        self.stops = {}
        self.measured = {}
        self.measured_by = None

    def __dealloc__(self):
        PyMem_Free(self.rows)
        PyMem_Free(self.hashes)
        PyMem_Free(self.spans)

    cdef Row* _row(self) except NULL:
        if self.count == self.capacity:
            self.capacity = max(64, 2 * self.capacity)
            rows = <Row*> PyMem_Realloc(self.rows, self.capacity * sizeof(Row))
            if rows == NULL:
                raise MemoryError()
            self.rows = rows
        self.count += 1
        return &self.rows[self.count - 1]

    cdef int _hash_room(self, Py_ssize_t more) except -1:
        if self.size + more > self.room:
            self.room = max(1024, 2 * (self.size + more))
            hashes = <uint64_t*> PyMem_Realloc(self.hashes, self.room * sizeof(uint64_t))
            if hashes == NULL:
                raise MemoryError()
            self.hashes = hashes
            spans = <uint32_t*> PyMem_Realloc(self.spans, 2 * self.room * sizeof(uint32_t))
            if spans == NULL:
                raise MemoryError()
            self.spans = spans
        return 0

    cdef int _push(self, uint64_t h, Row* row, Py_ssize_t place, Py_ssize_t start, Py_ssize_t end) except -1:
        self.hashes[self.size] = h
        self.spans[2 * self.size] = start
        self.spans[2 * self.size + 1] = end
        self.size += 1
        row.words += 1
        if FURNITURE.get(h):
            row.furniture += 1
            if row.furniture_at < 0:
                row.furniture_at = place
        if THREAD.get(h):
            row.thread = True
        if LABELS.get(h):
            row.label = True
        return 0

    cdef int add_words(self, str plain) except -1:
        """Cut ``plain`` into words (as :func:`~cleaner.text.blocks.tokens` does) and add the
        block's row."""
        cdef Row* row = self._row()
        row.words, row.furniture, row.furniture_at, row.thread, row.label = 0, 0, -1, False, False
        row.first = self.size
        cdef Py_ssize_t n = len(plain), i = 0, start
        cdef int form = PyUnicode_KIND(plain)
        cdef void* data = PyUnicode_DATA(plain)
        cdef Py_UCS4 c
        cdef uint64_t h
        for i in range(n):
            if not (_classes(PyUnicode_READ(form, data, i)) & TOKEN):
                break
        else:
            self._hash_room(n // 2 + 1)
            i = 0
            while i < n:
                c = PyUnicode_READ(form, data, i)
                if CLASSES[c] & WORD:
                    start = i
                    h = FNV_OFFSET
                    while i < n:
                        c = PyUnicode_READ(form, data, i)
                        if not (CLASSES[c] & WORD):
                            break
                        h = (h ^ LOWER[c]) * FNV_PRIME
                        i += 1
                    self._push(_fix(h), row, row.words, start, i)
                else:
                    i += 1
            self.tokens.append(None)
            return 0
        words = tokens(plain)
        if self.spaced and not spaced(plain):
            self.spaced = False
        self._hash_room(len(words))
        for i, word in enumerate(words):
            self._push(_hash(word), row, i, 0, 0)
        self.tokens.append(words)
        return 0

    cdef str furniture_word(self, Py_ssize_t index, str plain):
        """The first furniture word of block ``index`` (whose plain text is ``plain``)."""
        cdef Row* row = &self.rows[index]
        words = self.tokens[index]
        if words is not None:
            return words[row.furniture_at]
        cdef Py_ssize_t at = row.first + row.furniture_at
        return plain[self.spans[2 * at]:self.spans[2 * at + 1]].lower()

    def language(self, blocks, double sample_words, double share):
        """The page's language as :func:`~cleaner.heuristics.language.detect_language` tells it
        from the words of ``blocks``, or ``...`` where Python must tell (a block of another page
        among them, or words the kernel did not cut)."""
        if not self.spaced:
            return ...
        cdef Block block
        for block in blocks:
            if block.page is not self:
                return ...
        cdef uint32_t hits[32]
        cdef int i
        for i in range(32):
            hits[i] = 0
        cdef Py_ssize_t total = 0, j, limit = <Py_ssize_t> sample_words
        cdef Row* row
        cdef uint32_t mask
        for block in blocks:
            if total >= limit:
                break
            row = &self.rows[<Py_ssize_t> block.index]
            for j in range(row.first, row.first + row.words):
                if total >= limit:
                    break
                total += 1
                mask = LANGUAGE_WORDS.get(self.hashes[j])
                while mask:
                    i = __builtin_ctz(mask)
                    hits[i] += 1
                    mask &= mask - 1
        cdef int best = 0
        for i in range(len(LANGUAGES)):
            if hits[i] > hits[best]:
                best = i
        if total == 0 or hits[best] < share * total:
            return None
        return LANGUAGES[best]

    cdef list stopwords(self, str language):
        found = self.stops.get(language)
        if found is not None:
            return found
        table = STOPWORDS.get(language)
        if table is None:
            table = STOPWORDS[language] = WordSet(stopwords(language))
        cdef WordSet stops = table
        cdef list counts = []
        cdef Row* row
        cdef Py_ssize_t index, j, n
        for index in range(self.count):
            row = &self.rows[index]
            n = 0
            for j in range(row.first, row.first + row.words):
                n += stops.get(self.hashes[j]) != 0
            counts.append(n)
        self.stops[language] = counts
        return counts


cdef extern from *:
    int __builtin_ctz(unsigned int x) nogil


cdef enum:
    BLANK = 1      # a line of nothing but white space
    ALL_PLAIN = 2  # every character may stand in a line that is its own plain text
    LINKED = 4     # a letter first, and "](" or "][" in it (a link's end)
    LETTER = 8     # a letter first
    READABLE = 16  # markdown the kernel reads: every character known and lower-cased alone, no
                   # backslash (an escape), no bidi mark


cdef int _scan(str line):
    """What :func:`read_page` needs to know of a line, in one pass over it."""
    cdef Py_ssize_t n = len(line), i
    cdef int form = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_UCS4 c
    cdef bint blank = True, plain = True, bracket = False, readable = True
    cdef uint16_t classes
    for i in range(n):
        c = PyUnicode_READ(form, data, i)
        if blank and not Py_UNICODE_ISSPACE(c):
            blank = False
        classes = _classes(c)
        if not (classes & PLAIN):
            plain = False
            if c == 93:
                bracket = True
        if not (classes & TOKEN) or classes & BIDI_MARK or c == 92:
            readable = False
    if blank:
        return BLANK
    cdef int found = (ALL_PLAIN if plain else 0) | (READABLE if readable else 0)
    if Py_UNICODE_ISALPHA(PyUnicode_READ(form, data, 0)):
        found |= LETTER
        if bracket and ("](" in line or "][" in line):
            found |= LINKED
    return found


def read_page(str text, line_mode=None, int limit=0):
    """``segment(text, line_mode)`` (``limit``: :func:`~cleaner.text.blocks.block_lines` of the
    text), its blocks carrying the kernel's :class:`Page`; or None, where Python must cut it."""
    if may_hold_fences(text) or text.count("\n") >= limit:
        return None
    cdef list lines = text.split("\n")
    cdef Py_ssize_t n = len(lines), number, blank = 0
    cdef str line
    cdef bytearray scanned = bytearray(n)
    cdef unsigned char[:] flags = scanned
    for number in range(n):
        flags[number] = _scan(lines[number])
        if flags[number] & BLANK:
            blank += 1
    if line_mode is None:
        line_mode = not paragraph_mode(n - blank, blank)
    cdef Page page = Page()
    page.line_mode = line_mode
    cdef list blocks = []
    cdef bint gap = True
    if line_mode:
        for number in range(n):
            if flags[number] & BLANK:
                gap = True
                continue
            line = lines[number]
            kind = "paragraph" if flags[number] & (LETTER | LINKED) == LETTER else _kind(line, flags[number])
            blocks.append(_block(page, len(blocks), kind, line, [line], number + 1, gap, flags[number]))
            gap = False
        return blocks
    cdef list group = []
    group_kind = "paragraph"
    cdef Py_ssize_t group_start = 0
    cdef bint group_gap = True
    cdef int group_flags = ALL_PLAIN | READABLE
    for number in range(n):
        if flags[number] & BLANK:
            if group:
                blocks.append(_group(page, len(blocks), group_kind, group, group_start, group_gap, group_flags))
                group = []
            gap = True
            continue
        line = lines[number]
        kind = "paragraph" if flags[number] & (LETTER | LINKED) == LETTER else _kind(line, flags[number])
        if not group or not ((kind == group_kind and (kind == "paragraph" or kind == "quote"))
                             or (group_kind == "list-item" and kind == "paragraph" and Py_UNICODE_ISSPACE(line[0]))):
            if group:
                blocks.append(_group(page, len(blocks), group_kind, group, group_start, group_gap, group_flags))
                group = []
            group_kind, group_start, group_gap, group_flags = kind, number + 1, gap, ALL_PLAIN | READABLE
        group.append(line)
        group_flags &= flags[number]
        gap = False
    if group:
        blocks.append(_group(page, len(blocks), group_kind, group, group_start, group_gap, group_flags))
    return blocks


cdef object _group(Page page, Py_ssize_t index, kind, list lines, Py_ssize_t line, bint gap, int flags):
    return _block(page, index, kind, lines[0] if len(lines) == 1 else "\n".join(lines), lines, line, gap, flags)


cdef Block _block(Page page, Py_ssize_t index, kind, str text, list lines, Py_ssize_t line, bint gap, int flags):
    """The block made of ``lines``, ``flags`` what :func:`_scan` found in all of them."""
    cdef Py_ssize_t link_chars = 0
    read = None  # (marker, plain text), where the kernel reads the block
    if flags & ALL_PLAIN and kind == "paragraph":
        read = "", text.strip() if len(lines) == 1 else "\n".join([l.strip() for l in lines])
    elif flags & READABLE and kind != "code":
        read = _read(kind, lines, &link_chars)
    if read is None:
        plain, words, link_chars, marker = known(kind, text, lines)
        page.add_words(plain)
    else:
        marker, plain = read
        # (Every character known: a script written with spaces, whose words are its tokens.)
        page.add_words(plain)
        words = page.rows[page.count - 1].words
    # Its fields set in C, not through the class's __init__ (an argument tuple and a call a block).
    cdef Block block = Block.__new__(Block)
    block.index, block.kind, block.text, block.plain, block.line, block.words = index, kind, text, plain, line, words
    block.link_chars, block.marker, block.gap, block.rest, block.page = link_chars, marker, gap, False, page
    return block


# Markdown, read as cleaner.text.blocks and cleaner.text.markup read it, where a line holds no
# escape: block markers, links, images and emphasis. Anything else (code, autolinks, strike-
# through) is left to Python: None.

cdef inline bint _space_at(str s, Py_ssize_t i) noexcept:
    """``\\s`` of ``re`` (str.isspace), which cleaner.text.blocks' patterns use; the first pass's
    ``regex`` patterns read ``\\s`` otherwise (:func:`_space`)."""
    return Py_UNICODE_ISSPACE(s[i])


cdef object _kind(str line, int flags):
    """:func:`~cleaner.text.blocks.line_kind` of a line that does not open with a letter, or
    holds a link's end."""
    if flags & READABLE:
        found = _native_kind(line, flags)
        if found is not None:
            return found
    return line_kind(line)


cdef object _native_kind(str line, int flags):
    cdef Py_ssize_t bounds[3]
    if not flags & LETTER:
        if _separator(line):
            return "separator"
        if _marker(line, 1, bounds):
            return "heading"
        if _marker(line, 2, bounds):
            return "list-item"
        if _marker(line, 3, bounds):
            return "quote"
    if "](" not in line and "][" not in line:
        return "paragraph"
    # A line of links alone (and what may stand between them), or of images alone.
    cdef Py_ssize_t links = 0
    plain = _inline(line, True, &links)
    if plain is None:
        return None
    if links == 0 and not plain.strip():
        return "link-line"
    if links and LINK_LINE_FILLER.match(_inline(line, False, &links)) is not None:
        return "link-line"
    return "paragraph"


cdef bint _separator(str s):
    """``\\s*(?P<mark>[*\\-_=~•·#+])(?:\\s*(?P=mark))*\\s*$``: one mark, repeated, among spaces."""
    cdef Py_ssize_t n = len(s), i = 0
    while i < n and _space_at(s, i):
        i += 1
    if i == n or s[i] not in "*-_=~•·#+":
        return False
    cdef Py_UCS4 mark = s[i]
    for i in range(i + 1, n):
        if s[i] != mark and not _space_at(s, i):
            return False
    return True


cdef bint _marker(str s, int which, Py_ssize_t* bounds):
    """The block marker of a heading (1), list item (2) or quote (3) at the start of ``s``, as
    cleaner.text.blocks' patterns match it: the match's end in ``bounds[0]``, the marker (the
    hashes, the bullet or number, the ">") from ``bounds[1]`` to ``bounds[2]``."""
    cdef Py_ssize_t n = len(s), i = 0, k, start
    if which == 2:  # (\s*)([-*+•]|\d{1,3}[.)])\s+(?=\S)
        while i < n and _space_at(s, i):
            i += 1
        start = i
        if i < n and s[i] in "-*+•":
            i += 1
        else:
            while i < n and i - start < 3 and Py_UNICODE_ISDECIMAL(s[i]):
                i += 1
            if i == start or i == n or s[i] not in ".)":
                return False
            i += 1
        k = _spaces_before_text(s, i, n)
        if k < 0:
            return False
        bounds[0], bounds[1], bounds[2] = k, start, i
        return True
    while i < n and i < 3 and _space_at(s, i):  # \s{0,3}
        i += 1
    start = i
    if which == 3:  # >\s?
        if i == n or s[i] != ">":
            return False
        bounds[0], bounds[1], bounds[2] = i + 2 if i + 1 < n and _space_at(s, i + 1) else i + 1, i, i + 1
        return True
    while i < n and s[i] == "#":  # (#{1,6})\s+(?=\S)
        i += 1
    if i == start or i - start > 6:
        return False
    k = _spaces_before_text(s, i, n)
    if k < 0:
        return False
    bounds[0], bounds[1], bounds[2] = k, start, i
    return True


cdef Py_ssize_t _spaces_before_text(str s, Py_ssize_t i, Py_ssize_t n):
    """Where ``\\s+(?=\\S)`` matching at ``i`` ends, or -1."""
    cdef Py_ssize_t k = i
    while k < n and _space_at(s, k):
        k += 1
    return k if i < k < n else -1


cdef object _read(kind, list lines, Py_ssize_t* links):
    """``_read`` of cleaner.text.blocks, as (marker, plain text), the characters in links in
    ``links``; None where Python must read it."""
    cdef Py_ssize_t bounds[3]
    cdef int which = 1 if kind == "heading" else 2 if kind == "list-item" else 3 if kind == "quote" else 0
    marker = ""
    contents = []
    for number, line in enumerate(lines):
        if which and (which == 3 or number == 0):
            if _marker(line, which, bounds):
                if number == 0:
                    marker = line[bounds[1]:bounds[2]]
                line = line[bounds[0]:]
        contents.append(line.strip())
    if kind == "separator":
        links[0] = 0
        return marker, ""
    plain = _inline(contents[0] if len(contents) == 1 else "\n".join(contents), True, links)
    return None if plain is None else (marker, plain)


cdef object _inline(str s, bint keep, Py_ssize_t* links):
    """:func:`~cleaner.text.markup.plain_and_link_chars` of ``s`` (``keep``; else ``s`` with its
    images and links left out, as ``_only_links`` of cleaner.text.blocks reads it), for text with
    no escape and no bidi mark; None where it holds other markup than links, images and emphasis."""
    links[0] = 0
    cdef Py_UCS4 c
    for c in s:
        if c in "[]*_`~<":
            break
    else:
        return s
    if "![" in s:
        s = _brackets(s, True, keep, links)
    if "[" in s:
        s = _brackets(s, False, keep, links)
    if keep:
        for c in s:
            if c in "`~<":
                return None
        if "*" in s or "_" in s:  # each delimiter in turn, as markup's _EMPHASIS patterns
            for delimiter in range(4):
                if EMPHASIS_DELIMITERS[delimiter] in s:
                    s = _emphasis(s, delimiter)
    return s


# Emphasis delimiters, in the order cleaner.text.markup's _EMPHASIS patterns take them.
EMPHASIS_DELIMITERS = ("**", "__", "*", "_")


cdef str _emphasis(str s, int delimiter):
    """``s`` with each span of ``EMPHASIS_DELIMITERS[delimiter]`` replaced by its text, found
    from left to right as ``regex.sub`` finds them with that delimiter's pattern of
    :data:`cleaner.text.markup._EMPHASIS` (for text with no backslash): an opener, the shortest
    text on the same line up to a closer, and where an opener finds no closer the search goes
    on from the end of its line (the pattern's ``(*SKIP)``)."""
    cdef Py_ssize_t n = len(s), i = 0, done = 0, q, found
    cdef Py_ssize_t width = 2 if delimiter < 2 else 1
    pieces = []
    while i < n:
        if not _opens(s, i, n, delimiter):
            i += 1
            continue
        found = -1
        q = i + width + 1
        while q + width <= n and s[q - 1] != "\n":
            if _closes(s, q, n, delimiter):
                found = q
                break
            q += 1
        if found < 0:
            while i < n and s[i] != "\n":
                i += 1
            continue
        pieces.append(s[done:i])
        pieces.append(s[i + width:found])
        i = done = found + width
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


cdef inline bint _raw_word(Py_UCS4 c) noexcept:
    return (_classes(c) & RAW_WORD) != 0


cdef bint _opens(str s, Py_ssize_t i, Py_ssize_t n, int delimiter):
    """Whether an opener of the delimiter's pattern matches at ``i``."""
    cdef Py_UCS4 mark = "*" if delimiter % 2 == 0 else "_"
    if s[i] != mark:
        return False
    if delimiter == 0:  # (?<!\\)\*\*(?=\S)
        return i + 2 < n and s[i + 1] == mark and not _space(s[i + 2])
    if delimiter == 1:  # (?<![\\_])__(?!__)(?=\S)
        return (i + 2 < n and s[i + 1] == mark and (i == 0 or s[i - 1] != mark)
                and not _space(s[i + 2]) and not (i + 3 < n and s[i + 2] == mark and s[i + 3] == mark))
    # (?<![\w*\\])\*(?=[^\s*]) and (?<![\w\\])_(?=[^\s_])
    return (i + 1 < n and not _space(s[i + 1]) and s[i + 1] != mark
            and (i == 0 or (not _raw_word(s[i - 1]) and s[i - 1] != mark)))


cdef bint _closes(str s, Py_ssize_t q, Py_ssize_t n, int delimiter):
    """Whether a closer of the delimiter's pattern matches at ``q`` (after at least one
    character of the span: ``q`` > 0)."""
    cdef Py_UCS4 mark = "*" if delimiter % 2 == 0 else "_"
    if s[q] != mark or _space(s[q - 1]):
        return False
    if delimiter == 0:  # (?<=[^\s\\])\*\*
        return s[q + 1] == mark
    if delimiter == 1:  # (?<=[^\s\\])(?<!___)__
        return s[q + 1] == mark and not (q >= 3 and s[q - 3] == mark and s[q - 2] == mark and s[q - 1] == mark)
    # (?<=[^\s*\\])\*(?![\w*]) and (?<=[^\s_\\])_(?!\w)
    return s[q - 1] != mark and (q + 1 >= n or (not _raw_word(s[q + 1]) and s[q + 1] != mark))


cdef str _brackets(str s, bint images, bint keep, Py_ssize_t* links):
    """``s`` with its images (``images``) left out, or its links replaced by their text
    (``keep``) or left out, found from left to right as ``re.sub`` finds them."""
    cdef Py_ssize_t n = len(s), i = 0, done = 0, end, inner
    pieces = []
    while i < n:
        if s[i] == "[" and (not images or (i > 0 and s[i - 1] == "!")):
            end = _bracket(s, i, n, &inner)
            if end >= 0:
                pieces.append(s[done:i - 1 if images else i])
                if not images:
                    links[0] += inner - i - 1
                    if keep:
                        pieces.append(s[i + 1:inner])
                done = i = end
                continue
        i += 1
    if not pieces:
        return s
    pieces.append(s[done:])
    return "".join(pieces)


cdef Py_ssize_t _bracket(str s, Py_ssize_t i, Py_ssize_t n, Py_ssize_t* inner):
    """Where a link (or an image's brackets) opening at ``s[i]`` ("[") ends, its text ending at
    ``inner``; -1 if none does: ``\\[[^\\[\\]]*\\](?:\\(\\s*TARGET\\s*\\)|\\[[^\\]]*\\])``
    (:data:`cleaner.text.markup.LINK`, for text with no backslash)."""
    cdef Py_ssize_t j = i + 1, k, start, end
    while j < n and s[j] != "[" and s[j] != "]":
        j += 1
    if j >= n or s[j] != "]":
        return -1
    inner[0] = j
    k = j + 1
    if k < n and s[k] == "[":
        k += 1
        while k < n and s[k] != "]":
            k += 1
        return k + 1 if k < n else -1
    if k >= n or s[k] != "(":
        return -1
    k += 1
    start = k
    while k < n and _space_at(s, k):
        k += 1
    # \s* gives back its spaces one by one when what follows cannot end the link.
    while k >= start:
        end = _target(s, k, n)
        if end >= 0:
            return end
        k -= 1
    return -1


cdef Py_ssize_t _target(str s, Py_ssize_t k, Py_ssize_t n):
    """Where ``TARGET\\s*\\)`` matching from ``k`` ends, or -1: a target of characters that are
    not parentheses or spaces, with groups of one level of parentheses, then perhaps a space and
    a quoted title."""
    cdef Py_ssize_t m, t
    cdef Py_UCS4 quote
    while True:
        while k < n and s[k] != "(" and s[k] != ")" and not _space_at(s, k):
            k += 1
        if k < n and s[k] == "(":
            m = k + 1
            while m < n and s[m] != "(" and s[m] != ")":
                m += 1
            if m < n and s[m] == ")":
                k = m + 1
                continue
        break
    m = k
    while m < n and _space_at(s, m):
        m += 1
    if m > k and m < n and (s[m] == '"' or s[m] == "'"):
        quote = s[m]
        t = m + 1
        while t < n and s[t] != quote:
            t += 1
        if t < n:
            t += 1
            while t < n and _space_at(s, t):
                t += 1
            if t < n and s[t] == ")":
                return t + 1
    t = k
    while t < n and _space_at(s, t):
        t += 1
    return t + 1 if t < n and s[t] == ")" else -1


# The first pass -------------------------------------------------------------------------------

cdef inline bint _space(Py_UCS4 c) noexcept:
    return (_classes(c) & SPACE) != 0


def measure_block(Block block, str language, bint after_image, t):
    """``_measure`` of :mod:`cleaner.heuristics.firstpass` for a block the kernel read, on a page
    in one of the package's own languages; None where Python must measure it."""
    cdef Page page = block.page
    cdef Py_ssize_t index = block.index
    if index >= page.count:
        return None
    # Settling measures the kept blocks again, the same block objects or copies with another gap
    # (which no measure reads): what the first look measured is remembered, by the block's index
    # and after_image, for the page's language and thresholds.
    by = page.measured_by
    if by is None or by[0] != language or by[1] is not t:
        page.measured, page.measured_by = {}, (language, t)
        _limits(&page.limits, t)
    key = 2 * index + after_image
    known = page.measured.get(key)
    if known is not None and (<tuple> known)[0] is block.plain:
        return _item(block, <tuple> known)
    cdef str text = block.plain.strip()
    cdef Py_ssize_t n = len(text), i, k
    cdef int form = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c, before = 0, after
    cdef bint ends = False, digit = False, date = False, month = False, colon = False
    # Its length, a column gap (three spaces or more, or a tab and what follows, between two
    # characters that are not spaces) counted as one; " | ", " · " and " • " (each counted as
    # str.count counts: without overlaps); and whether it may hold a date (a digit before
    # "/", "." or "-", or a month's first three letters and a digit: every date the pattern finds
    # holds one or the other).
    cdef Py_ssize_t chars = n, separators = 0, bar = 0, dot = 0, bullet = 0
    i = 0
    while i < n:
        c = PyUnicode_READ(form, data, i)
        if not (_classes(c) & KNOWN):
            return None
        if CLASSES[c] & END:
            ends = True
        if CLASSES[c] & DIGIT:
            digit = True
            if i + 1 < n:
                after = PyUnicode_READ(form, data, i + 1)
                date = date or after == 47 or after == 46 or after == 45
        elif c == 58:
            colon = True
        elif not month and i + 2 < n and 97 <= _lower(c) <= 122 and _month(_lower(c), _lower(PyUnicode_READ(form, data, i + 1)),
                                                                           _lower(PyUnicode_READ(form, data, i + 2))):
            month = True
        elif c == 32 and i + 2 < n and PyUnicode_READ(form, data, i + 2) == 32:
            after = PyUnicode_READ(form, data, i + 1)
            if after == 124 and i >= bar:
                separators += 1
                bar = i + 3
            elif after == 0xB7 and i >= dot:
                separators += 1
                dot = i + 3
            elif after == 0x2022 and i >= bullet:
                separators += 1
                bullet = i + 3
        if (c == 32 or c == 9) and i > 0 and not _space(before):
            k = i
            if c == 32:
                while k < n and PyUnicode_READ(form, data, k) == 32:
                    k += 1
                if k - i >= 3 and k < n and not _space(PyUnicode_READ(form, data, k)):
                    chars -= k - i - 1
            else:
                while k < n and (PyUnicode_READ(form, data, k) == 32 or PyUnicode_READ(form, data, k) == 9):
                    k += 1
                if k < n and not _space(PyUnicode_READ(form, data, k)):
                    chars -= k - i - 1
        before = c
        i += 1
    date = date or (month and digit)
    cdef Py_UCS4 last = PyUnicode_READ(form, data, n - 1) if n else 0
    cdef bint terminal = n > 0 and ((CLASSES[last] & END) != 0 or ((CLASSES[last] & CLOSER) != 0 and ends))
    cdef Row* row = &page.rows[index]
    cdef Py_ssize_t count = row.words
    cdef list stops = page.stopwords(language)
    cdef Py_ssize_t stopped = stops[index]
    kind = block.kind
    cdef bint hits = (row.furniture > 0 and count <= page.limits.lexicon_dense_max_words
                      and not (block.marker[:1].isdigit() or (kind == "heading" and text[:1].isdigit())))
    cdef bint marker = count <= page.limits.marker_max_words and row.thread and THREAD_MARKER.match(text) is not None
    cdef bint dated = count <= page.limits.stamp_max_words and date and DATE.search(text) is not None
    cdef bint stamp = dated and colon and CLOCK.search(text) is not None
    cdef bint comment_label = False
    first, name, detail = "bad", "", ""
    density = None
    cdef double value
    # Block.link_density, read here in C.
    link_density = block.link_chars / len(block.plain) if block.plain else 0.0
    if kind == "separator":
        name, detail = "separator", "a separator line"
    elif kind == "code":
        first, name, detail = "good", "code", "a fenced code block"
    elif kind == "link-line":
        name, detail = "link-line", "only links"
    elif link_density > page.limits.max_link_density:
        name, detail = "link-density", f"link density {link_density:.2f} > {t.max_link_density:.2f}"
        if kind == "paragraph" and chars >= page.limits.long_chars and terminal:
            value = stopped / <double> count if count else 0.0
            if value >= page.limits.good_stopword_density:
                first = "near-good"
                detail += f", but prose: stopword density {value:.2f} >= {t.good_stopword_density:.2f}"
    elif separators >= page.limits.menu_separators and not terminal and not TABLE_ROWS.match(block.text):
        name, detail = "menu-line", f"{separators} separators >= {t.menu_separators}"
    elif marker:
        name, detail = "comment-marker", "opens a comment thread"
    elif count <= page.limits.comment_label_words and row.label and COMMENT_LABEL.match(text):
        marker = comment_label = True
        name, detail = "comment-marker", "a comment count or label"
    elif hits and count <= page.limits.lexicon_max_words:
        name, detail = "furniture-word", f"{page.furniture_word(index, block.plain)!r} in {count} words <= {t.lexicon_max_words}"
    elif (row.furniture if hits else 0) >= page.limits.lexicon_dense_hits:
        name, detail = "furniture-words", f"{row.furniture if hits else 0} furniture words >= {t.lexicon_dense_hits} in {count} words"
    elif (block.text[:1] in "_*" and WHOLE_EMPHASIS.match(block.text)
          and (count <= page.limits.emphasis_max_words or (count <= page.limits.emphasis_bio_max_words and signed_bio(text)))):
        short = count <= page.limits.emphasis_max_words
        limit = t.emphasis_max_words if short else t.emphasis_bio_max_words
        bio = "" if short else "an author's bio "
        name, detail = "emphasis", f"{bio}set in italics or bold, {count} words <= {limit}"
    elif (after_image and kind != "heading" and count <= page.limits.caption_max_words
          and last != 58 and (not terminal or CREDIT_WORDS.search(text))):
        name, detail = "caption", f"after an image, {count} words <= {t.caption_max_words}"
    elif chars < page.limits.short_chars:
        first, name, detail = "short", "short", f"{chars} chars < {t.short_chars}"
    else:
        value = stopped / <double> count if count else 0.0
        name, density = "stopwords", value
        if value >= page.limits.good_stopword_density and chars >= page.limits.long_chars:
            first, detail = "good", f"stopword density {value:.2f} >= {t.good_stopword_density:.2f}"
        elif value >= page.limits.near_stopword_density:
            first, detail = "near-good", f"stopword density {value:.2f} >= {t.near_stopword_density:.2f}"
        elif terminal and value >= page.limits.sentence_stopword_density and kind == "paragraph":
            first = "short"
            detail = (f"stopword density {value:.2f} < {t.near_stopword_density:.2f}, "
                      f">= {t.sentence_stopword_density:.2f} and ends a sentence")
        else:
            detail = f"stopword density {value:.2f} < {t.near_stopword_density:.2f}"
    measured = (block.plain, chars, terminal, first, name, detail, marker, stamp, dated, comment_label, density)
    page.measured[key] = measured
    return _item(block, measured)


cdef Item _item(Block block, tuple measured):
    """The item of ``block`` from what :func:`measure_block` measured (the block's plain text, then
    the item's fields as ``Item`` lists them, less those a first look leaves at their defaults),
    its fields set in C, not through the class's __init__."""
    cdef Item item = Item.__new__(Item)
    item.block = block
    _, item.chars, item.terminal, item.first, item.name, item.detail, item.comment_marker, item.stamp, \
        item.dated, item.comment_label, item.density = measured
    item.label, item.rule, item.support = "", None, 0
    return item


cdef inline uint32_t _lower(Py_UCS4 c) noexcept:
    """An ASCII letter lower-cased (what other characters become is never a letter)."""
    return (<uint32_t> c) | 32


cdef inline bint _month(uint32_t a, uint32_t b, uint32_t c) noexcept:
    """Whether the three lower-cased letters open an English month's name."""
    if a == 106:  # j: jan jun jul
        return (b == 97 and c == 110) or (b == 117 and (c == 110 or c == 108))
    if a == 102:
        return b == 101 and c == 98
    if a == 109:  # m: mar may
        return b == 97 and (c == 114 or c == 121)
    if a == 97:  # a: apr aug
        return (b == 112 and c == 114) or (b == 117 and c == 103)
    if a == 115:
        return b == 101 and c == 112
    if a == 111:
        return b == 99 and c == 116
    if a == 110:
        return b == 111 and c == 118
    if a == 100:
        return b == 101 and c == 99
    return False


# The rule prefilter's literals (cleaner.rules.compile): lower-cased as the prefilter lowers a
# text (``str.lower``, then the folding that ``regex`` applies and ``str.lower`` does not), for
# the characters below TABLE that lower-case to one character whatever their neighbours;
# NO_CHAR for every other, which sends the text to Python. And which of them ``regex`` reads
# as ``\w`` (on the character as written: the prefilter skips a block's leading ``\W*``).
DEF NO_CHAR = 0xFFFFFFFF
DEF NO_CLASS = 0xFFFF
cdef uint32_t LITERAL_LOWER[TABLE]
cdef bint LITERAL_WORD[TABLE]


cdef void _literal_tables():
    word = regex.compile(r"\w")
    cdef int i
    for i in range(TABLE):
        char = chr(i)
        lowered = char.lower()
        LITERAL_LOWER[i] = ord(lowered) if len(lowered) == 1 and i != 0x3A3 and char != "\x00" else NO_CHAR
        LITERAL_WORD[i] = word.match(char) is not None


_literal_tables()


cdef class Literals:
    """The literals of one kind of prefilter requirement as an automaton over code points, each
    literal with the rules that need it: :meth:`rules_in` tells the rules whose literals a text
    holds, anywhere or at its start (from the first character, or from the first word character).

    States are numbered from 0 (the root); each carries the rules of every literal that ends
    there (anywhere: or at a state its failure links reach). Looking anywhere, the automaton is
    Aho-Corasick's with every failure link followed in advance: one table of moves by state and
    character class (the characters of the literals, and one class for all others). Looking at
    the start, a walk down the trie of the literals, its moves found in an open-addressing table
    keyed by the pair (state, character).
    """
    cdef uint64_t* move_keys
    cdef int* move_states
    cdef uint64_t move_mask
    cdef int* table
    cdef int width
    cdef int* out_start
    cdef int* out_rules
    cdef int* stamps
    cdef int stamp
    cdef int rule_count
    cdef bint anchored, skip_non_word
    cdef uint32_t lower[TABLE]
    cdef uint16_t classes[TABLE]

    def __cinit__(self, keys, rules, int rule_count, where, folding):
        """``keys``: the literals, lower-cased; ``rules``: for each, the rules that need it;
        ``where``: "anywhere", "start" or "first-word"; ``folding``: the characters that
        ``regex`` folds onto a key's character and ``str.lower`` does not (code point: character)."""
        self.move_keys = NULL
        self.move_states = NULL
        self.table = self.out_start = self.out_rules = self.stamps = NULL
        self.anchored = where != "anywhere"
        self.skip_non_word = where == "first-word"
        self.rule_count = rule_count
        self.stamp = 0
        # The trie, in Python: each state's moves, and the rules of the literals ending there.
        moves = [{}]
        ends = [set()]
        for key, key_rules in zip(keys, rules):
            state = 0
            for char in key:
                following = moves[state].get(ord(char))
                if following is None:
                    following = moves[state][ord(char)] = len(moves)
                    moves.append({})
                    ends.append(set())
                state = following
            ends[state].update(key_rules)
        count = len(moves)
        alphabet = {char: number for number, char in enumerate(sorted({ord(c) for key in keys for c in key}), 1)}
        cdef int i
        cdef uint32_t low
        for i in range(TABLE):
            low = LITERAL_LOWER[i]
            if folding and low != NO_CHAR and low in folding:
                low = ord(folding[low])
            self.lower[i] = low
            self.classes[i] = NO_CLASS if low == NO_CHAR else alphabet.get(low, 0)
        order = []
        fails = [0] * count
        if not self.anchored:
            # Breadth first: a state's failure link is the longest proper suffix of its path that
            # is a path of the trie too, and it reports that suffix's rules as well.
            order = list(moves[0].values())
            for state in order:
                for char, following in moves[state].items():
                    back = fails[state]
                    while back and char not in moves[back]:
                        back = fails[back]
                    fails[following] = moves[back].get(char, 0)
                    ends[following] |= ends[fails[following]]
                    order.append(following)
        self.out_start = <int*> PyMem_Malloc((count + 1) * sizeof(int))
        self.out_rules = <int*> PyMem_Malloc(max(1, sum(len(e) for e in ends)) * sizeof(int))
        self.stamps = <int*> PyMem_Malloc(max(1, rule_count) * sizeof(int))
        if self.out_start == NULL or self.out_rules == NULL or self.stamps == NULL:
            raise MemoryError()
        for i in range(rule_count):
            self.stamps[i] = 0
        cdef int at = 0
        for state in range(count):
            self.out_start[state] = at
            for rule in sorted(ends[state]):
                self.out_rules[at] = rule
                at += 1
        self.out_start[count] = at
        if self.anchored:
            self._trie(moves)
        else:
            self._automaton(moves, alphabet, order, fails)

    cdef int _trie(self, list moves) except -1:
        cdef uint64_t size = 16
        while size < 2 * sum(len(m) for m in moves):
            size *= 2
        self.move_mask = size - 1
        self.move_keys = <uint64_t*> PyMem_Malloc(size * sizeof(uint64_t))
        self.move_states = <int*> PyMem_Malloc(size * sizeof(int))
        if self.move_keys == NULL or self.move_states == NULL:
            raise MemoryError()
        cdef uint64_t slot, pair
        for slot in range(size):
            self.move_keys[slot] = 0
        for state, state_moves in enumerate(moves):
            for char, following in state_moves.items():
                pair = _pair(state, char)
                slot = _mix(pair) & self.move_mask
                while self.move_keys[slot] != 0:
                    slot = (slot + 1) & self.move_mask
                self.move_keys[slot] = pair
                self.move_states[slot] = following
        return 0

    cdef int _automaton(self, list moves, dict alphabet, list order, list fails) except -1:
        self.width = len(alphabet) + 1
        cdef Py_ssize_t count = len(moves), cells = count * self.width, k
        self.table = <int*> PyMem_Malloc(cells * sizeof(int))
        if self.table == NULL:
            raise MemoryError()
        for k in range(cells):
            self.table[k] = -1
        for state, state_moves in enumerate(moves):
            for char, following in state_moves.items():
                self.table[<Py_ssize_t> state * self.width + <int> alphabet[char]] = following
        cdef int a, state_at, fail_at
        for a in range(self.width):
            if self.table[a] < 0:
                self.table[a] = 0
        # A missing move is the move of the failure link's state, worked out before (breadth first).
        for state in order:
            state_at, fail_at = state * self.width, fails[state] * self.width
            for a in range(self.width):
                if self.table[state_at + a] < 0:
                    self.table[state_at + a] = self.table[fail_at + a]
        return 0

    def __dealloc__(self):
        PyMem_Free(self.move_keys)
        PyMem_Free(self.move_states)
        PyMem_Free(self.table)
        PyMem_Free(self.out_start)
        PyMem_Free(self.out_rules)
        PyMem_Free(self.stamps)

    cdef inline int _move(self, int state, uint32_t char) noexcept:
        """The state after ``char`` from ``state`` down the trie (-1: no such move)."""
        cdef uint64_t pair = _pair(state, char)
        cdef uint64_t slot = _mix(pair) & self.move_mask
        while self.move_keys[slot] != 0:
            if self.move_keys[slot] == pair:
                return self.move_states[slot]
            slot = (slot + 1) & self.move_mask
        return -1

    def rules_in(self, str text):
        """The rules (a tuple of their numbers, each once) whose literals ``text`` holds where
        this automaton looks; None when ``text`` holds a character it does not know there."""
        cdef Py_ssize_t n = len(text), i = 0
        cdef int form = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_UCS4 c
        cdef uint32_t low
        cdef uint16_t a
        cdef int state = 0, k
        cdef list found = []
        self.stamp += 1
        if self.stamp == 0x7FFFFFFF:
            for k in range(self.rule_count):
                self.stamps[k] = 0
            self.stamp = 1
        if self.anchored:
            if self.skip_non_word:
                while i < n:
                    c = PyUnicode_READ(form, data, i)
                    if c >= TABLE:
                        return None
                    if LITERAL_WORD[c]:
                        break
                    i += 1
            while i < n:
                c = PyUnicode_READ(form, data, i)
                low = self.lower[c] if c < TABLE else NO_CHAR
                if low == NO_CHAR:
                    return None
                state = self._move(state, low)
                if state < 0:
                    break
                self._report(state, found)
                i += 1
            return tuple(found)
        for i in range(n):
            c = PyUnicode_READ(form, data, i)
            if c >= TABLE:
                return None
            a = self.classes[c]
            if a == NO_CLASS:
                return None
            state = self.table[state * self.width + a]
            if self.out_start[state] != self.out_start[state + 1]:
                self._report(state, found)
        return tuple(found)

    def hits(self, list texts):
        """:meth:`rules_in` of each of ``texts``: the (place, rules) of those that hold a literal,
        and the places of those it hands back to Python (None)."""
        cdef list found = [], rest = []
        cdef Py_ssize_t place
        for place in range(len(texts)):
            rules = self.rules_in(texts[place])
            if rules is None:
                rest.append(place)
            elif rules:
                found.append((place, rules))
        return found, rest

    cdef inline int _report(self, int state, list found) except -1:
        cdef int k, rule
        for k in range(self.out_start[state], self.out_start[state + 1]):
            rule = self.out_rules[k]
            if self.stamps[rule] != self.stamp:
                self.stamps[rule] = self.stamp
                found.append(rule)
        return 0


cdef inline uint64_t _pair(int state, uint32_t char) noexcept:
    return ((<uint64_t> state) << 32 | char) + 1


cdef inline uint64_t _mix(uint64_t x) noexcept:
    x ^= x >> 33
    x *= 0xff51afd7ed558ccdULL
    x ^= x >> 33
    return x
