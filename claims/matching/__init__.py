"""Repeated claims, found before the desk re-checks them (#14): see docs/matching.md.

Only `services`, `matcher` and `tasks` are meant to be imported from outside this package.
"""
