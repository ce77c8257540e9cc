"""Extraction on Dask: a ``LocalCluster`` on this machine, or an existing cluster.

``vetowatch ingest PATH... --workers N`` starts a ``LocalCluster`` of N single-threaded
worker processes; ``--scheduler tcp://HOST:8786`` uses a running cluster instead (its
workers need only this package and the spaCy model). Each worker loads the extractor once
(the first task it runs) and extracts batches of articles; the results come back to the
ingesting process, which writes them to the configured database in short idempotent
transactions (an article that is already stored is skipped), so a killed worker or a rerun
after a crash never stores anything twice. At most ``2 × workers`` batches are in flight:
memory stays bounded whatever the corpus size.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from vetowatch.errors import ConfigError
from vetowatch.settings import Settings

if TYPE_CHECKING:
    from vetowatch.news.article import Article

__all__ = ["dask_extracted", "local_cluster", "preload"]

# the extractor of this worker process, loaded by its first task, for the settings and
# database it was loaded with (the user's actors come from that database): a worker of a
# long-lived cluster serving another ingest (another database) loads its own
_LOADED: dict[tuple[Settings, str | None], Any] = {}


def _extract_batch(batch: list[Article], settings: Settings, db_url: str | None) -> list[Any]:
    """Run on a worker: the batch's outcomes (statements or failure), in order; the
    articles stay with the caller, so only the statements travel back."""
    from vetowatch.reading import extract_batch

    key = (settings, db_url)
    extractor = _LOADED.get(key)
    if extractor is None:
        from vetowatch.extract.extractor import Extractor
        from vetowatch.store import Store

        store = Store(db_url) if db_url else None
        _LOADED.clear()  # one extractor per worker: memory stays that of one model
        extractor = _LOADED[key] = Extractor.load(settings, store=store)
    return [outcome for _, outcome in extract_batch(extractor, batch)]


def preload(settings: Settings, db_url: str | None) -> None:
    """Load this worker's extractor now, as an ingest with ``settings`` and ``db_url`` would
    on its first task: ``client.run(preload, settings, url)`` warms every worker of a cluster
    started ahead of the ingest (the model is then loaded before the clock starts)."""
    _extract_batch([], settings, db_url)


# what the workers of a LocalCluster change from Dask's defaults (see local_cluster); the
# statistical profiler and the 20 ms event-loop tick serve a dashboard, which is off
WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}


def local_cluster(workers: int, memory_limit: str = "1.5GB") -> Any:
    """A ``LocalCluster`` of ``workers`` single-threaded processes. Dask's worker environment
    is kept but for ``MALLOC_TRIM_THRESHOLD_``: setting it also fixes glibc's mmap threshold,
    so every large array is mapped and unmapped anew (10 % more CPU on FA-KES); each batch
    ends with ``malloc_trim`` instead (:func:`vetowatch.reading.trim_heap`), which keeps the
    memory as low. The statistical profiler and the 20 ms event-loop tick are off too
    (:data:`WORKER_CONFIG`; docs/scale.md, "Two workers")."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):
        return LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True,
            memory_limit=memory_limit, dashboard_address=None, silence_logs=40)


def _client(workers: int, scheduler: str | None, memory_limit: str) -> tuple[Any, Any]:
    from distributed import Client

    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler {scheduler!r}: {exc}",
                fix="check the address (tcp://HOST:8786) and that `dask scheduler` runs there",
            ) from exc
    cluster = local_cluster(workers, memory_limit)
    return Client(cluster), cluster  # type: ignore[no-untyped-call]


def dask_extracted(batches: Iterable[list[Article]], settings: Settings, *, workers: int,
                   scheduler: str | None = None, db_url: str | None = None,
                   memory_limit: str = "1.5GB") -> Iterator[tuple[Article, Any]]:
    """Each article of ``batches`` with its outcome, extracted on Dask (in order)."""
    client, cluster = _client(workers, scheduler, memory_limit)
    try:
        n = max(len(client.scheduler_info().get("workers", {})), workers, 1)
        pending: deque[tuple[list[Article], Any]] = deque()
        for batch in batches:
            pending.append((batch, client.submit(_extract_batch, batch, settings, db_url,
                                                 pure=False)))
            if len(pending) >= 2 * n:
                done, future = pending.popleft()
                yield from zip(done, future.result(), strict=True)
        while pending:
            done, future = pending.popleft()
            yield from zip(done, future.result(), strict=True)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
