"""Evaluation: dataset readers and scorers for the benchmarks in ``../shared/eval``.

Each evaluation prints the standard metric beside the published anchor. The
data is never shipped; commands take its path.
"""
