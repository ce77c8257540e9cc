"""Extension points: one registry per kind of thing a user adds (spaCy's ``catalogue``).

The built-in readers, actor sources and the rest register here the same way a user's
package does, so the registries are exercised by the product itself. A third-party
package registers either by importing this module and decorating::

    from vetowatch.registry import readers

    @readers.register(".docx")
    def read_docx(path, published=None): ...

or through an entry point in its ``pyproject.toml`` (group ``vetowatch_readers``,
``vetowatch_actor_sources``, …), which ``catalogue`` loads on first lookup.

Registries (name → what is registered):

* ``readers``: a file suffix (``".jsonl"``) → ``reader(path, published) -> Iterator[Item]``
* ``actor_sources``: a source name → ``loader(ctx: SourceContext) -> Iterable[OfficeRow]``
  (dated office-holders; see :mod:`vetowatch.extract.actors`)
* ``question_packs``: a pack name → ``loader() -> list[Question]``
* ``forecasters``: a name → a class with ``fit`` / ``predict``
* ``commands``: a name → a ``click.Command`` added to the ``vetowatch`` CLI
"""

from __future__ import annotations

import catalogue

NAMESPACE = "vetowatch"

readers = catalogue.create(NAMESPACE, "readers", entry_points=True)
actor_sources = catalogue.create(NAMESPACE, "actor_sources", entry_points=True)
question_packs = catalogue.create(NAMESPACE, "question_packs", entry_points=True)
forecasters = catalogue.create(NAMESPACE, "forecasters", entry_points=True)
commands = catalogue.create(NAMESPACE, "commands", entry_points=True)

__all__ = ["actor_sources", "commands", "forecasters", "question_packs", "readers"]
