"""Heuristics: the first pass over each block, neighbour revision, language, repetition across pages."""
