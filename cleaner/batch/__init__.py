"""Many pages at once: the batch runner, its input and output files, and the Spark column UDF."""
