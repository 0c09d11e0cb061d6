"""The demo expo generator: deterministic, at the 6th CIIE's published scale."""
