"""The ``cleaner batch`` sub-command: its options, and exit codes for what :func:`run_batch` reports."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cleaner.batch.files import BatchInputError, BatchUsageError
from cleaner.batch.run import DEFAULT_TIMEOUT_S, BatchOptions, run_batch
from cleaner.tools.common import (
    EXIT_IO,
    EXIT_OK,
    EXIT_USAGE,
    add_favor_option,
    add_jobs_option,
    add_rules_option,
)

__all__ = ["add_command"]


def _batch(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        print(f"error: --jobs must be 1 or more, not {args.jobs}", file=sys.stderr)
        return EXIT_USAGE
    if args.resume and args.overwrite:
        print("error: --resume continues an output, --overwrite replaces it: give one", file=sys.stderr)
        return EXIT_USAGE
    options = BatchOptions(
        text_field=args.text_field, url_field=args.url_field, host_field=args.host_field, id_field=args.id_field,
        out_field=args.out_field, with_metadata=args.with_metadata, with_decisions=args.with_decisions,
        output=args.format, timeout=args.timeout, rules=tuple(args.rules),
        jobs=args.jobs, repeated=args.repeated, favor=args.favor,
    )
    try:
        summary = run_batch(args.input, args.output, options, resume=args.resume, overwrite=args.overwrite,
                            progress=not args.quiet and sys.stderr.isatty())
    except BatchUsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BatchInputError as error:  # a truncated or corrupt compressed input; the message names it
        print(f"error: {error}", file=sys.stderr)
        return EXIT_IO
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return EXIT_OK


def add_command(subparsers: Any) -> None:
    """Register ``cleaner batch``."""
    batch = subparsers.add_parser(
        "batch", help="clean every record of a JSONL, Parquet or page-file input",
        description="Clean every record of IN into OUT, one output record per input record.")
    batch.add_argument("input", metavar="IN", help="JSONL (- for stdin; .gz, .zst), Parquet, WARC/WET web archives (a file, glob "
                       "or directory of them), a directory or glob of pages")
    batch.add_argument("output", metavar="OUT", help="JSONL (- for stdout) or .parquet")
    batch.add_argument("--text-field", default="text", help="field holding the page (default: text)")
    batch.add_argument("--url-field", default="url", help="field holding the page's URL (default: url)")
    batch.add_argument("--host-field", default="host",
                       help="field naming the site of a page without a URL, for --repeated (default: host)")
    batch.add_argument("--id-field", default="id", help="field holding the record id (default: id)")
    batch.add_argument("--out-field", default="clean_text", help="field for the clean text (default: clean_text)")
    batch.add_argument("--with-metadata", action="store_true", help="add a metadata field")
    batch.add_argument("--with-decisions", action="store_true", help="add a decisions field")
    batch.add_argument("--format", choices=("text", "markdown"), default="text", help="clean text as text or markdown")
    add_jobs_option(batch)
    batch.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                       help=f"seconds one record may take before it gets an error (default: {DEFAULT_TIMEOUT_S:g}; 0: none)")
    batch.add_argument("--resume", action="store_true", help="continue a killed run from what it wrote")
    batch.add_argument("--overwrite", "--force", dest="overwrite", action="store_true",
                       help="replace the partial output an earlier run left, instead of refusing")
    batch.add_argument("--repeated", action="store_true",
                       help="also drop blocks repeated across pages of a host (Cleaner.clean_many)")
    batch.add_argument("--quiet", action="store_true", help="no progress bar, no summary")
    add_favor_option(batch)
    add_rules_option(batch)
    batch.set_defaults(func=_batch)
