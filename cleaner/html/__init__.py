"""HTML input: prune site furniture from the tree, then extract the article through trafilatura."""
