"""Why a block was kept or dropped, as a value: the :class:`Reason` every stage's verdict carries."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Literal

__all__ = ["Reason", "ReasonKind", "DEFAULT"]

ReasonKind = Literal["rule", "heuristic", "repeated", "default"]


class Reason(str):
    """Why a block was kept or dropped: ``kind`` and ``name`` as typed fields.

    A reason reads as its display form, ``kind:name`` (``rule:share/share-prompt``,
    ``heuristic:link-density``, ``repeated:3 pages``, ``default``), so it prints, compares and
    serializes as a string; code that needs to know what decided reads ``kind`` and ``name``
    instead of parsing that text. :meth:`of` returns one shared value per kind and name.

    >>> reason = Reason.of("rule", "share/share-prompt")
    >>> reason.kind, reason.name, reason == "rule:share/share-prompt"
    ('rule', 'share/share-prompt', True)
    """

    kind: ReasonKind
    name: str

    def __new__(cls, kind: ReasonKind, name: str = "") -> Reason:
        self = super().__new__(cls, f"{kind}:{name}" if name else kind)
        self.kind, self.name = kind, name
        return self

    def __reduce__(self) -> tuple[Callable[..., Reason], tuple[str, str]]:
        return Reason.of, (self.kind, self.name)

    @staticmethod
    @lru_cache(maxsize=4096)
    def of(kind: ReasonKind, name: str = "") -> Reason:
        """The one reason of this kind and name."""
        return Reason(kind, name)


DEFAULT = Reason.of("default")
