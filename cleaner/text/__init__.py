"""Text stages: read the input, normalize it, split it into blocks, and render the kept ones."""
