"""Benchmarks of build time and reader page weight; run as `python -m benchmarks.<name>`, not by pytest."""
