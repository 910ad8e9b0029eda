"""Tools built on the engine: the command line, explain, eval and compare, learn and rules new."""
