"""`make bench`: placeholder until the benchmark harness lands (issue 8)."""
print("bench: not yet implemented")
