"""Ingest at scale: batches bounded by characters, one transaction per stored batch, and the
near-duplicate signatures kept only while their article is in flight."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vetowatch.extract.statement import Event, Mention, Statement, When
from vetowatch.news.article import Article
from vetowatch.news.dedup_store import StoredDuplicateIndex
from vetowatch.reading import _store_many, text_batches
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
