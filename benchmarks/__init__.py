"""Measurements, not tests (README "Benchmarks"): `python benchmarks/NAME.py` or
`python -m benchmarks.NAME` from the repository root."""
