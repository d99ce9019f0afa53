"""Synthetic demo and benchmark programs: a small realistic IOP for `make run`, and large ones for benchmarks.

Every name, date and number here is invented. Nothing in this app may ever hold or copy real client data.
"""
