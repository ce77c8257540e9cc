"""The database schema (SQLAlchemy Core). Portable: nothing SQLite-only.

Alembic migrations in ``store/migrations`` create exactly these tables; a test checks
that the migrated database and this metadata agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

source = Table(
    "source",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("notes", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
)

member_year = Table(
    "member_year",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("member", String(8), primary_key=True),
    Column("name", String(128), nullable=False),
    Column("permanent", Boolean, nullable=False),
)

decision = Table(
    "decision",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),  # resolution | draft | prst | other
    Column("draft", String(64)),
    Column("resolution", Integer),
    Column("symbol", String(64), nullable=False),
    Column("date", Date, nullable=False),
    Column("meeting", String(32)),
    Column("agenda", Text),
    Column("topic", Text),
    Column("category", String(64)),
    Column("region", String(64)),
    Column("subjects", Text),
    Column("submitters", Text),
    Column("outcome", String(16), nullable=False),
    Column("yes", Integer),
    Column("no", Integer),
    Column("abstain", Integer),
    Column("non_voting", Integer),
    Column("procedural", Boolean, nullable=False),
    Column("sources", String(128), nullable=False),
    Column("title", Text),
    Column("draft_kind", String(32)),
    UniqueConstraint("symbol", name="uq_decision_symbol"),
)
Index("ix_decision_date", decision.c.date)
Index("ix_decision_resolution", decision.c.resolution)
Index("ix_decision_draft", decision.c.draft)

vote = Table(
    "vote",
    metadata,
    Column("decision_id", Integer, ForeignKey("decision.id", ondelete="CASCADE"), primary_key=True),
    Column("member", String(8), primary_key=True),
    Column("vote", String(1), nullable=False),
)

veto = Table(
    "veto",
    metadata,
    Column("decision_id", Integer, ForeignKey("decision.id", ondelete="CASCADE"), primary_key=True),
    Column("member", String(8), primary_key=True),
)

note = Table(
    "note",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("source", String(64), nullable=False),
    Column("line", Integer),
    Column("kind", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # corrected | skipped | inconsistent
    Column("detail", Text, nullable=False),
)
Index("ix_note_kind", note.c.kind)

# -- news: articles and the statements extracted from them (migration 0003) ------------------

article = Table(
    "article",
    metadata,
    Column("id", String(16), primary_key=True),  # content hash (news.article.content_id)
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("published", Date),
    Column("source", String(128)),
    Column("url", Text),
    Column("path", Text),
    Column("row", Integer),
    Column("duplicate_of", String(16)),
    Column("statements", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_article_published", article.c.published)

statement = Table(
    "statement",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", String(16), ForeignKey("article.id", ondelete="CASCADE"),
           nullable=False),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("sentence", Text, nullable=False),
    Column("speaker_text", Text, nullable=False),
    Column("speaker_actor", String(32)),
    Column("via", Text, nullable=False),  # JSON list of {text, actor}
    Column("cue", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("content", Text, nullable=False),
    Column("target_text", Text),
    Column("target_actor", String(32)),
    Column("polarity", Integer, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("cameo", String(4), nullable=False),
    Column("plover", String(32)),
    Column("goldstein", Float, nullable=False),
    Column("when_text", Text),
    Column("when_date", Date),
    Column("when_precision", String(16)),  # day | month | year | published (0007: was 8)
    UniqueConstraint("article_id", "seq", name="uq_statement_article_seq"),
)
Index("ix_statement_actor_date", statement.c.speaker_actor, statement.c.when_date)
Index("ix_statement_article", statement.c.article_id)
Index("ix_statement_article_actor", statement.c.article_id,
      statement.c.speaker_actor)  # 0012: statement pages by actor

# -- positions: questions and the stances of statements on them (migration 0004) -------------

question = Table(
    "question",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("proposition", Text, nullable=False),
    Column("spec", Text, nullable=False),  # JSON: targets, cues for/against, context, examples
    Column("origin", String(16), nullable=False),  # builtin | file | user
    Column("linked_through", Integer, nullable=False),  # highest statement id examined
    Column("created_at", DateTime(timezone=True), nullable=False),
)

stance = Table(
    "stance",
    metadata,
    Column("statement_id", Integer, ForeignKey("statement.id", ondelete="CASCADE"),
           primary_key=True),
    Column("question_id", String(64), ForeignKey("question.id", ondelete="CASCADE"),
           primary_key=True),
    Column("stance", String(8), nullable=False),  # for | against | neutral
    Column("confidence", Float, nullable=False),
    Column("evidence_start", Integer, nullable=False),  # character offsets in the article
    Column("evidence_end", Integer, nullable=False),
    Column("method", String(32), nullable=False),
    # copied from the statement so that a position timeline reads one index range
    Column("actor", String(32)),
    Column("day", Date),
    Column("authority", Float, nullable=False),
)
# covering index: a timeline (question, actor prefix, by date) never reads the table
Index("ix_stance_question_actor_day", stance.c.question_id, stance.c.actor, stance.c.day,
      stance.c.statement_id, stance.c.stance, stance.c.confidence, stance.c.authority)

# -- user actor entries: `vetowatch actors add` (migration 0005) -------------------------------

user_actor = Table(
    "user_actor",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("code", String(32), nullable=False),
    Column("office", Text),
    Column("start", Date),
    Column("end", Date),
    Column("source", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# -- versions of what derived a row (migration 0006) -----------------------------------------
# NULL in rows written before 0006: unknown, hence stale (``vetowatch reextract``).

article.append_column(Column("meta", Text))  # JSON: the record's other columns, the speaker
article.append_column(Column("extraction_version", String(64)))  # versions.key at extraction
statement.append_column(Column("extraction_version", String(64)))  # ExtractionVersions.key
statement.append_column(Column("versions", Text))  # JSON: {extraction, actors, model}
question.append_column(Column("rules_version", String(64)))  # positions rules it was linked by
stance.append_column(Column("question_version", String(64)))
stance.append_column(Column("rules_version", String(64)))
Index("ix_article_extraction_version", article.c.extraction_version)

# -- content offsets of a statement (migration 0007) ------------------------------------------

statement.append_column(Column("content_start", Integer))  # NULL: written before 0007
statement.append_column(Column("content_end", Integer))

# -- `vetowatch watch` (migration 0008) --------------------------------------------------------

feed_state = Table(
    "feed_state",
    metadata,
    Column("url", Text, primary_key=True),
    Column("source", Text),
    Column("etag", Text),  # validators for the next conditional GET
    Column("last_modified", Text),
    Column("last_fetch", DateTime(timezone=True)),
    Column("last_status", Text),  # "200", "304", "error: …"
    Column("failures", Integer, nullable=False, server_default="0"),
    Column("next_try", DateTime(timezone=True)),  # backoff after errors
    Column("final_url", Text),
)

feed_item = Table(
    "feed_item",
    metadata,
    Column("feed_url", Text, primary_key=True),
    Column("guid", Text, primary_key=True),
    Column("content_hash", String(64), nullable=False),  # a changed item is read again
    Column("article_id", String(64)),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

watch_state = Table(  # what the last round knew: positions, scenario forecasts (JSON)
    "watch_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

alert = Table(
    "alert",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False, unique=True),  # one alert per event, ever
    Column("kind", String(32), nullable=False),
    Column("actor", String(32)),
    Column("question", Text),
    Column("scenario", Text),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("payload", Text, nullable=False),  # the alert's JSON
)
Index("ix_alert_at", alert.c.at)

# -- near-duplicates across runs (migration 0009) -----------------------------------------------
# one row per stored article and LSH band: a lookup is one indexed query per band, and the
# index grows with the corpus, never with its square

article_signature = Table(
    "article_signature",
    metadata,
    Column("article_id", String(64), primary_key=True),
    Column("signature", LargeBinary, nullable=False),  # num_perm uint32, little-endian
)

article_band = Table(
    "article_band",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("bucket", String(32), primary_key=True),  # hex of the band's rows of the signature
    Column("article_id", String(64), primary_key=True),
)

# -- statement paging (migration 0010) ----------------------------------------------------------
# the pages list statements by (article published, article id, sequence): articles walked in
# this index's order, each one's statements through the (article_id, seq) unique key

Index("ix_article_published_id", article.c.published, article.c.id)

# -- UN Digital Library record ids of a decision (migration 0011) ---------------------------------
# https://digitallibrary.un.org/record/<id>: the voting record (UNDL voting CSV ``undl_id``) and
# the document record of the draft or resolution (MARC export ``001``); NULL when not in them

decision.append_column(Column("undl_vote_record", String(16)))
decision.append_column(Column("undl_doc_record", String(16)))
