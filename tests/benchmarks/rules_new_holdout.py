"""What ``cleaner rules new`` does for a site: rules proposed from a few of its pages, scored on its
other pages, with and without the proposed file.

Not a test (its name keeps pytest away): a measurement on a dev directory whose manifest gives
each page's ``domain`` and ``site_pages``::

    python tests/benchmarks/rules_new_holdout.py ../shared/dev --learn 3 --min-pages 5

For each site with at least ``--min-pages`` pages (or each of ``--sites``), the first ``--learn``
pages by id propose a site file (:func:`cleaner.tools.propose.propose`); every other page of the
site is cleaned without it and with it, and the mean precision and recall of the two are printed
(the metric of ``cleaner eval``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from cleaner import Cleaner
from cleaner.tools.metric import page_counts, page_scores, strip_links
from cleaner.tools.propose import propose
from cleaner.tools.writer import format_rule_file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dev", type=Path)
    parser.add_argument("--learn", type=int, default=3, help="pages to propose from (default 3)")
    parser.add_argument("--min-pages", type=int, default=5, help="sites with at least this many pages (default 5)")
    parser.add_argument("--sites", default="", help="comma-separated domains instead")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (args.dev / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if line]
    counts = Counter(r["domain"] for r in rows)
    sites = args.sites.split(",") if args.sites else [d for d, n in counts.most_common() if n >= args.min_pages]
    base = Cleaner()
    print(f"{'site':28} {'rules':>5} {'pages':>5}  {'P before':>8} {'after':>6}  {'R before':>8} {'after':>6}")
    for site in sites:
        pages = sorted((r for r in rows if r["domain"] == site), key=lambda r: r["id"])
        learn, held_out = pages[:args.learn], pages[args.learn:]
        proposal = propose(site, [(r["id"], (args.dev / f"{r['id']}.md").read_bytes()) for r in learn])
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, f"{site}.yaml").write_text(format_rule_file(proposal.data, proposal.notes), encoding="utf-8")
            tuned = Cleaner(rules=[folder])
            scores: dict[str, list[tuple[float, float, float]]] = {"before": [], "after": []}
            for row in held_out:
                page = (args.dev / f"{row['id']}.md").read_text(encoding="utf-8")
                gold = (args.dev / f"{row['id']}.gold.txt").read_text(encoding="utf-8")
                for name, cleaner in (("before", base), ("after", tuned)):
                    output = strip_links(cleaner.clean(page, url=row["url"]).text)
                    scores[name].append(page_scores(*page_counts(gold, output)))
        mean = {name: [sum(s[i] for s in values) / len(values) for i in (0, 1)] for name, values in scores.items()}
        print(f"{site:28} {len(proposal.rules):5} {len(held_out):5}  {mean['before'][0]:8.3f} {mean['after'][0]:6.3f}  "
              f"{mean['before'][1]:8.3f} {mean['after'][1]:6.3f}", flush=True)


if __name__ == "__main__":
    main()
