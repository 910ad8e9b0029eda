"""Spark: clean a text column of a DataFrame on every executor.

One job: :func:`clean_column`, a pandas (Arrow) UDF around :class:`~cleaner.engine.Cleaner`.
Rules are loaded once per Python worker process and kept in a module-level cache (Spark reuses
its Python workers by default), not once per batch or per row. With ``repeated=True`` the rows
are partitioned by host and sorted by it, and each partition streams through
:meth:`~cleaner.engine.Cleaner.clean_many` batch by batch (``mapInPandas``), so that blocks
repeated across a host's pages go, as ``cleaner batch --repeated`` does, in bounded memory: a
host's pages meet in one partition, never in one pandas frame. Needs the ``spark`` extra.
"""

import importlib
from collections import deque
from collections.abc import Iterator, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.engine import Cleaner
from cleaner.heuristics.records import record_host

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame

# The column that carries each row's host while the rows are partitioned by it.
_HOST = "__cleaner_host"

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


def _hosts(urls: "pd.Series", names: "pd.Series") -> "pd.Series":
    """Each row's host as :meth:`~cleaner.engine.Cleaner.clean_many` groups it: its URL's, else
    the site its host column names, else empty (the page is cleaned alone)."""
    import pandas as pd

    return pd.Series([record_host({"url": url, "host": name}) for url, name in zip(urls, names)],
                     index=urls.index, dtype=object)


def _clean_batches(batches: Iterator["pd.DataFrame"], text_col: str, url_col: str | None, out_col: str,
                   rules: tuple[str, ...]) -> Iterator["pd.DataFrame"]:
    """One partition's batches (sorted by host) with ``out_col`` added, cleaned together by
    ``clean_many``: each batch is given back as soon as its last row is cleaned."""
    import pandas as pd

    pending: deque[pd.DataFrame] = deque()

    def records() -> Iterator[dict[str, Any]]:
        for batch in batches:
            if batch.empty:
                continue
            pending.append(batch)
            urls = batch[url_col] if url_col else repeat(None)
            for text, url, host in zip(batch[text_col], urls, batch[_HOST]):
                yield {"text": text if isinstance(text, str) else "", "url": url if isinstance(url, str) else None,
                       "host": host or None}

    texts: list[str | None] = []
    for result in cleaner_for(rules).clean_many(records()):
        texts.append(result.text)
        batch = pending[0]
        if len(texts) == len(batch):
            missing = batch[text_col].isna()  # a null text gives a null clean text
            cleaned = [None if absent else text for text, absent in zip(texts, missing)]
            yield batch.drop(columns=[_HOST]).assign(**{out_col: pd.Series(cleaned, index=batch.index, dtype=object)})
            pending.popleft()
            texts = []


def clean_column(df: "DataFrame", text_col: str, url_col: str | None = None, out_col: str = "clean_text",
                 rules: Sequence[str | Path] | None = None, *, repeated: bool = False,
                 host_col: str | None = None) -> "DataFrame":
    """``df`` with ``out_col`` added: ``text_col`` cleaned as :func:`cleaner.clean` would, using
    ``url_col`` (if given) to pick site rules and ``rules`` layered over the shipped ones. A null
    text gives a null clean text. ``repeated``: also drop blocks repeated across the pages of a
    host, as :meth:`~cleaner.engine.Cleaner.clean_many` does (a row without a URL is grouped by
    the site its ``host_col`` names); the rows then come back partitioned by host.

    >>> clean_column.__name__  # a Spark example needs a session: see docs/pipelines.md
    'clean_column'
    """
    _need("pandas", "pyspark", "pyarrow")
    import pandas as pd
    from pyspark.sql import functions
    from pyspark.sql.pandas.functions import pandas_udf
    from pyspark.sql.types import StringType, StructField, StructType

    rule_paths = tuple(str(path) for path in rules or ())
    # The stubs' overloads of pandas_udf cannot describe a closure; its type hints are what
    # Spark reads to make it a Series-to-Series (scalar) UDF.
    make_udf: Any = pandas_udf
    url: Any = functions.col(url_col) if url_col else functions.lit(None).cast("string")
    if repeated:
        name: Any = functions.col(host_col) if host_col else functions.lit(None).cast("string")

        def host(urls: pd.Series, names: pd.Series) -> pd.Series:
            return _hosts(urls, names)

        keyed = df.withColumn(_HOST, make_udf(host, "string")(url, name))
        schema = StructType([*df.schema.fields, StructField(out_col, StringType())])
        return (keyed.repartition(_HOST).sortWithinPartitions(_HOST)
                .mapInPandas(lambda batches: _clean_batches(batches, text_col, url_col, out_col, rule_paths), schema))

    # Annotations are evaluated here, not postponed: Spark reads them to pick the UDF's kind.
    def clean_text(texts: pd.Series, urls: pd.Series) -> pd.Series:
        return _clean_series(texts, urls, rule_paths)

    return df.withColumn(out_col, make_udf(clean_text, "string")(functions.col(text_col), url))
