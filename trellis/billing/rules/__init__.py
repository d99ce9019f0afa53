"""Pure billing rules: which code, how many units, and why a charge would be denied. No Django, no database.

Every number a payer may change (minimum hours, unit rounding, thresholds) arrives as a parameter, usually a
frozen settings dataclass with defaults from REFERENCE.md sections 3-4; the billing app loads the effective
values from payer settings and passes them in.
"""
