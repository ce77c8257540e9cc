"""Evaluation: scoring vetowatch against hand-labelled sets.

It reads the library the users call and is never imported by it.
"""
