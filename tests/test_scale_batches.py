"""Ingest at scale: batches bounded by characters, one transaction per stored batch, and the
near-duplicate signatures kept only while their article is in flight."""

from __future__ import annotations

import platform
from functools import cache
from pathlib import Path
from typing import Any

import psutil
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.news.article import Article
from vetowatch.news.dedup_store import StoredDuplicateIndex
from vetowatch.reading import _store_many, text_batches, trim_heap
from vetowatch.store import Store
from vetowatch.store import schema as s


def _article(n: int, length: int) -> Article:
    return Article(id=f"{n:016x}", title=None, text="x" * length)


@given(lengths=st.lists(st.integers(0, 500), max_size=40), size=st.integers(1, 8),
       max_chars=st.integers(1, 1000))
def test_text_batches_keep_order_and_bounds(lengths: list[int], size: int,
                                            max_chars: int) -> None:
    articles = [_article(i, n) for i, n in enumerate(lengths)]
    out = list(text_batches(articles, size, max_chars))
    assert [a for b in out for a in b] == articles  # every article once, in order
    for batch in out:
        assert 1 <= len(batch) <= size
        chars = sum(len(a.text) for a in batch)
        assert chars <= max_chars or len(batch) == 1  # only a text longer alone goes over


def test_text_batches_cut_on_characters_before_count() -> None:
    articles = [_article(i, 100) for i in range(5)]
    assert [len(b) for b in text_batches(articles, 16, 250)] == [2, 2, 1]
    assert [len(b) for b in text_batches(articles, 2, 10_000)] == [2, 2, 1]


def _statement(article_id: str) -> Statement:
    return Statement(
        article_id=article_id, sentence="Russia said no.", start=0, end=15,
        speaker=Mention("Russia", "RUS"), via=(), cue="said", kind="indirect", content="no",
        target=None, polarity=-1, negated=False, event=Event("013", None, 0.4),
        when=When(None, None, None))


def test_store_many_is_idempotent_and_writes_bands(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'b.db'}")
    store.upgrade()
    index = StoredDuplicateIndex(store)
    a, b = (Article.from_text(t) for t in ("one story about Syria and Russia " * 5,
                                            "another story about Libya and France " * 5))
    for art in (a, b):
        assert index.check_and_add(art.id, art.text) is None
    items = [(a, [_statement(a.id)]), (b, [_statement(b.id), _statement(b.id)])]
    assert _store_many(store, items, None, index) == [True, True]
    assert _store_many(store, items, None, index) == [False, False]  # a rerun adds nothing
    with store.connect() as conn:
        assert len(conn.execute(s.statement.select()).all()) == 3
        signed = {r.article_id for r in conn.execute(s.article_signature.select())}
    assert signed == {a.id, b.id}
    assert index._pending == {}  # forgotten once stored: memory does not grow with the run


def test_blamed_ends_at_the_root_of_a_verbless_sentence() -> None:
    """A word of blame under a root that is no verb once made ingest hang forever (spaCy
    gives a new Token object on each access, so ``head is not node`` never ended)."""
    import signal

    import spacy

    from vetowatch.extract.pipeline import MODEL
    from vetowatch.extract.tone import blame_word, blamed

    doc = spacy.load(MODEL)("Responsibility for the massacre.")
    content = doc[:]
    word = blame_word(content)
    assert word is not None

    def stuck(*_: object) -> None:
        raise TimeoutError("blamed() did not return")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(10)
    try:
        assert isinstance(blamed(word, content), list)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- the hot spots of extraction made linear: same results as the per-token forms -----------

@cache
def _blank() -> Any:
    import spacy

    return spacy.blank("en")


_WORDS = st.sampled_from(["Russia", "said", "no", ".", "\n", "\n\n", " ", "MR. KIRBY:",
                          "Q", "THE PRESIDENT:", "talks", "“", "”"])


def _text(parts: list[str]) -> str:
    return " ".join(parts).replace(" \n", "\n")


def _starts(doc: Any) -> list[Any]:
    return [t.is_sent_start for t in doc]


@given(parts=st.lists(_WORDS, max_size=40))
def test_paragraph_breaks_marked_as_the_token_by_token_rule(parts: list[str]) -> None:
    from vetowatch.extract.pipeline import paragraphs

    nlp = _blank()
    expected, got = nlp.make_doc(_text(parts)), nlp.make_doc(_text(parts))
    for i in range(1, len(expected)):  # the rule as first written, one token at a time
        previous = expected[i - 1]
        if previous.is_space and "\n" in previous.text and not expected[i].is_space:
            expected[i].is_sent_start = True
    assert _starts(paragraphs(got)) == _starts(expected)


@given(parts=st.lists(_WORDS, max_size=40))
def test_turn_labels_marked_as_the_scan_did(parts: list[str]) -> None:
    from vetowatch.extract.pipeline import mark_turns
    from vetowatch.news.genre import transcript_labels

    nlp = _blank()
    text = _text(parts)
    expected, got = nlp.make_doc(text), nlp.make_doc(text)
    for label in transcript_labels(text):  # the scan as first written
        token = next((t for t in expected if t.idx >= label.end and not t.is_space), None)
        if token is not None and token.i > 0:
            token.is_sent_start = True
    assert _starts(mark_turns(got)) == _starts(expected)


def test_doc_text_is_built_once_and_equals_doc_text() -> None:
    from vetowatch.extract.spans import doc_text

    doc = _blank().make_doc("Russia said no.\n\nChina agreed.")
    first = doc_text(doc)
    assert first == doc.text
    assert doc_text(doc) is first  # kept, not joined again from the tokens
    assert doc_text(_blank().make_doc("")) == ""


@given(cuts=st.lists(st.integers(1, 30), max_size=8, unique=True),
       starts=st.lists(st.integers(0, 200), max_size=20))
def test_statements_grouped_by_sentence_as_the_scan_did(cuts: list[int],
                                                        starts: list[int]) -> None:
    from dataclasses import replace

    from vetowatch.extract.quotes import by_sentence

    doc = _blank().make_doc(" ".join(f"w{i}" for i in range(32)) + " .  ")
    for i in range(1, len(doc)):
        doc[i].is_sent_start = i in cuts
    doc[0].is_sent_start = True
    sentences = list(doc.sents)
    found = [replace(_statement(f"{n:016x}"), start=start) for n, start in enumerate(starts)]
    expected = [[st_ for st_ in found if s_.start_char <= st_.start < s_.end_char]
                for s_ in sentences]
    assert by_sentence(sentences, found) == expected


def test_date_phrases_resolved_once_per_publication_day() -> None:
    from datetime import date

    from vetowatch.extract.when import DateResolver

    first = DateResolver(date(2011, 8, 19)).resolve("yesterday")
    again = DateResolver(date(2011, 8, 19)).resolve("yesterday")
    other = DateResolver(date(2012, 1, 2)).resolve("yesterday")
    assert first.date == date(2011, 8, 18) and again is first  # parsed once, shared
    assert other.date == date(2012, 1, 1)  # another day: its own resolution


def test_a_worker_reloads_its_extractor_for_another_database(monkeypatch: Any) -> None:
    """A long-lived Dask worker serving ingests into two databases must not reuse the
    extractor loaded with the first one's user actors."""
    from vetowatch import cluster
    from vetowatch.extract import extractor as extractor_module
    from vetowatch.settings import Settings

    loaded: list[str | None] = []

    def fake_load(settings: Settings, *, store: Any = None) -> str:
        loaded.append(store.url if store is not None else None)
        return f"extractor {len(loaded)}"

    monkeypatch.setattr(extractor_module.Extractor, "load", staticmethod(fake_load))
    monkeypatch.setattr(cluster, "_LOADED", {})
    settings = Settings.from_env()
    for url in ("sqlite:///one.db", "sqlite:///one.db", "sqlite:///two.db"):
        cluster.preload(settings, url)
    assert loaded == ["sqlite:///one.db", "sqlite:///two.db"]
    assert list(cluster._LOADED.values()) == ["extractor 2"]  # one model per worker


def test_store_many_stores_an_article_twice_in_a_batch_once(tmp_path: Path) -> None:
    """One multi-row insert per batch: a second copy in the same batch is not new, and an
    article stored before (by another ingest) is skipped with its statements."""
    store = Store(f"sqlite:///{tmp_path / 'twice.db'}")
    store.upgrade()
    index = StoredDuplicateIndex(store)
    a, b, c = (Article.from_text(t) for t in ("one story about Syria and Russia " * 5,
                                               "another story about Libya and France " * 5,
                                               "a third story about Yemen and Iran " * 5))
    for art in (a, b, c):
        index.check_and_add(art.id, art.text)
    assert _store_many(store, [(c, [_statement(c.id)])], None, index) == [True]
    items = [(a, [_statement(a.id)]), (c, [_statement(c.id)]), (a, [_statement(a.id)]),
             (b, [])]
    assert _store_many(store, items, None, index) == [True, False, False, True]
    with store.connect() as conn:
        per_article = [r.article_id for r in conn.execute(s.statement.select())]
        signed = sorted(r.article_id for r in conn.execute(s.article_signature.select()))
        bands = len(conn.execute(s.article_band.select()).all())
    assert sorted(per_article) == sorted([c.id, a.id])
    assert signed == sorted([a.id, b.id, c.id]) and bands == 3 * index.bands



@pytest.mark.skipif(platform.system() != "Linux" or platform.libc_ver()[0] != "glibc",
                    reason="malloc_trim is glibc's")
def test_trim_heap_gives_freed_heap_pages_back() -> None:
    # ~120 MB of 1,200-byte blocks from malloc (over pymalloc's 512-byte limit), one in 100
    # kept alive so that glibc cannot give the heap back by shrinking its top alone
    blocks = [bytes(1200) + i.to_bytes(4, "little") for i in range(100_000)]
    kept = blocks[::100]
    del blocks
    before = psutil.Process().memory_info().rss
    trim_heap()
    after = psutil.Process().memory_info().rss
    assert len(kept) == 1000
    assert before - after > 40 * 2**20, (before, after)
