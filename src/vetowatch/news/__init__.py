"""Read the news: plain text, HTML, JSONL, CSV and RSS/Atom into :class:`Article` records."""

# unsc_debates registers the readers of the Council-debate corpora (speeches.tar, speeches.tsv)
from vetowatch.news import unsc_debates as unsc_debates
from vetowatch.news.article import Article, content_id, normalise_text, parse_date
from vetowatch.news.dedup import DuplicateIndex, MinHasher
from vetowatch.news.ingest import NewsStream, read_file, read_news
from vetowatch.news.readers import check_english

__all__ = [
    "Article",
    "DuplicateIndex",
    "MinHasher",
    "NewsStream",
    "check_english",
    "content_id",
    "normalise_text",
    "parse_date",
    "read_file",
    "read_news",
]
