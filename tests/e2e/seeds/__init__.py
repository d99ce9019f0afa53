"""Extra seed steps for the browser tests, one module per feature.

Each module defines `seed(base: Base) -> None` and is run, in name order, after the base seed; keep each
feature's data in its own module so features do not edit each other's seeds.
"""
