"""Rule files: loading and validation, examples, the compiled prefilter, and matching blocks."""
