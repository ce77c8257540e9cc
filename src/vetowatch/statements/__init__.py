"""Stored statements out: event-data layouts (PLOVER/POLECAT, ICEWS, CAMEO) with provenance.

See :mod:`vetowatch.statements.layouts` and ``docs/codebook.md``.
"""

from vetowatch.statements.layouts import LAYOUTS, Layout, event_rows, write_events

__all__ = ["LAYOUTS", "Layout", "event_rows", "write_events"]
