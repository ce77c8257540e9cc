"""Links to a decision's official documents: the UN documents resolver and the UN Digital
Library (used by the record's exports, ``vote --json`` and the web app)."""

from __future__ import annotations

from urllib.parse import quote

from vetowatch.council.record import DraftRecord

__all__ = ["DOCUMENTS", "LIBRARY", "document_url", "library_url", "links", "resolution_url"]

DOCUMENTS = "https://undocs.org/"
LIBRARY = "https://digitallibrary.un.org/record/"


def document_url(symbol: str | None) -> str | None:
    """The ``undocs.org`` link of a UN document symbol (``S/2011/612``,
    ``S/RES/1973(2011)``, ``S/PV.6627 (Resumption 1)``), or None for no Council symbol."""
    if not symbol or symbol.strip()[:2] not in ("S/", "s/"):
        return None
    return DOCUMENTS + quote("".join(symbol.split()), safe="/.()")


def resolution_url(r: DraftRecord) -> str | None:
    """The resolution's link, ``https://undocs.org/S/RES/1973(2011)``."""
    if r.resolution is None:
        return None
    return document_url(f"S/RES/{r.resolution}({r.date.year})")


def library_url(record_id: str | None) -> str | None:
    """The UN Digital Library page of a record id (digits only), or None."""
    return LIBRARY + record_id if record_id and record_id.isdigit() else None


def links(r: DraftRecord) -> dict[str, str | None]:
    """Every link the record holds for a decision (``None`` where it holds none)."""
    return {"resolution_url": resolution_url(r), "draft_url": document_url(r.draft),
            "meeting_url": document_url(r.meeting),
            "undl_vote_url": library_url(r.undl_vote_record),
            "undl_record_url": library_url(r.undl_doc_record)}
