"""The web pages of ``vetowatch serve``: server-rendered Jinja2 templates (autoescaped), inline
SVG charts built in :mod:`vetowatch.web.charts`, every table downloadable as CSV and JSON.
No CDN and no script: the pages work offline and without JavaScript."""
