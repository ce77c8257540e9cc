"""Near-duplicates across runs: the stored MinHash/LSH index."""

from __future__ import annotations

from vetowatch.news.dedup_store import StoredDuplicateIndex
from vetowatch.store import Store

STORY = ("The Security Council met on Monday to discuss the situation in the region. The "
         "ambassador of the host country told the members that the ceasefire held in most "
         "districts, but that aid convoys still could not reach the northern towns, and asked "
         "the Council to press all parties to open the roads before the winter.")


def test_a_copy_stored_in_an_earlier_run_is_found(store: Store) -> None:
    first = StoredDuplicateIndex(store)
    assert first.check_and_add("a1", STORY) is None
    with store.engine.begin() as conn:
        first.write(conn, "a1")
        first.write(conn, "a1")  # once only
    later = StoredDuplicateIndex(store)  # a new run: nothing in memory
    edited = STORY + " Officials declined to comment."
    assert later.check_and_add("a2", edited) == "a1"
    assert later.check_and_add("a3", "An unrelated text about trade talks in Geneva, "
                                     "where delegates discussed tariffs on grain.") is None
    with store.connect() as conn:
        bands = conn.exec_driver_sql("select count(*) from article_band").scalar()
    assert bands == 16  # one row per band of the one stored signature


def test_in_run_copies_are_found_before_they_are_stored(store: Store) -> None:
    index = StoredDuplicateIndex(store)
    assert index.check_and_add("b1", STORY) is None
    assert index.check_and_add("b2", STORY + " Officials declined to comment.") == "b1"
