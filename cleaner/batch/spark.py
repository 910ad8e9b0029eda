"""Spark: clean a text column of a DataFrame on every executor.

One job: :func:`clean_column`, a pandas (Arrow) UDF around :class:`~cleaner.engine.Cleaner`.
Rules are loaded once per Python worker process and kept in a module-level cache (Spark reuses
its Python workers by default), not once per batch or per row. Needs the ``spark`` extra.
"""

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.engine import Cleaner

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

__all__ = ["clean_column", "cleaner_for"]

_CLEANERS: dict[tuple[str, ...], Cleaner] = {}


def cleaner_for(rules: tuple[str, ...]) -> Cleaner:
    """The cleaner for these rule directories, built once per process.

    >>> cleaner_for(()) is cleaner_for(())
    True
    """
    if rules not in _CLEANERS:
        _CLEANERS[rules] = Cleaner(rules=rules)
    return _CLEANERS[rules]


def _need(*modules: str) -> None:
    """Fail with an install hint, not a bare ModuleNotFoundError, when a Spark dependency is missing.

    >>> _need("cleaner_no_such_module")
    Traceback (most recent call last):
    ...
    ModuleNotFoundError: cleaner.batch.spark.clean_column needs cleaner_no_such_module (No module named 'cleaner_no_such_module'): pip install 'cleaner[spark]'
    """
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as error:
            raise ModuleNotFoundError(f"cleaner.batch.spark.clean_column needs {module} ({error}): "
                                      "pip install 'cleaner[spark]'", name=module) from error


def _clean_series(texts: "pd.Series", urls: "pd.Series", rules: tuple[str, ...]) -> "pd.Series":
    import pandas as pd

    cleaner = cleaner_for(rules)
    cleaned = [None if text is None or text != text  # NaN != NaN: a missing value from pandas
               else cleaner.clean(text, url=url if isinstance(url, str) else None).text
               for text, url in zip(texts, urls)]
    return pd.Series(cleaned, index=texts.index, dtype=object)


def clean_column(df: "DataFrame", text_col: str, url_col: str | None = None, out_col: str = "clean_text",
                 rules: Sequence[str | Path] | None = None) -> "DataFrame":
    """``df`` with ``out_col`` added: ``text_col`` cleaned as :func:`cleaner.clean` would, using
    ``url_col`` (if given) to pick site rules and ``rules`` layered over the shipped ones. A null
    text gives a null clean text.

    >>> clean_column.__name__  # a Spark example needs a session: see docs/pipelines.md
    'clean_column'
    """
    _need("pandas", "pyspark", "pyarrow")
    import pandas as pd
    from pyspark.sql import functions
    from pyspark.sql.pandas.functions import pandas_udf

    rule_paths = tuple(str(path) for path in rules or ())

    # Annotations are evaluated here, not postponed: Spark reads them to pick the UDF's kind.
    def clean_text(texts: pd.Series, urls: pd.Series) -> pd.Series:
        return _clean_series(texts, urls, rule_paths)

    # The stubs' overloads of pandas_udf cannot describe a closure; its type hints are what
    # Spark reads to make it a Series-to-Series (scalar) UDF.
    make_udf: Any = pandas_udf
    url: Any = functions.col(url_col) if url_col else functions.lit(None).cast("string")
    return df.withColumn(out_col, make_udf(clean_text, "string")(functions.col(text_col), url))
