"""Praktikbanken: load, validate and render practice cases.

Plain Python with no dependency on MkDocs, so the guide can move to another static site
generator by replacing only the thin adapters in macros/main.py and macros/hooks.py.
"""
