"""cleaner: strip boilerplate from scraped articles, explaining every decision.

>>> from cleaner import clean
>>> clean("Share this article\\n\\nThe council voted 7-2 on Tuesday.")
'The council voted 7-2 on Tuesday.'
"""

from cleaner.compiled import install as _install

_install()  # before any compiled module is imported

from cleaner.engine import Cleaner, Settings, clean  # noqa: E402
from cleaner.errors import RuleError
from cleaner.result import Decision, Metadata, Result

__all__ = ["clean", "Cleaner", "Settings", "Result", "Decision", "Metadata", "RuleError"]
__version__ = "0.1.0"
