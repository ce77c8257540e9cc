"""Parsers for each source of the Council record. Each returns plain rows (``types``)."""
