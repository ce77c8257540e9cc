"""Regenerate docs/tutorial.md: runs every command of the tutorial and pastes its real output.

    .venv/bin/python scripts/make_tutorial.py      # ≈ 1 minute; needs the shared data

Each ``$ vetowatch …`` block below is run on a fresh database (in a temporary folder) with
COLUMNS=100; the prose between them is kept as written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VETOWATCH = str(Path(sys.executable).parent / "vetowatch")
ARTICLE = "../shared/data/news/example/russia-unwilling-to-back-assad-ouster.txt"

TEMPLATE = """# Tutorial: from an Interfax report to a veto

This walks through the story vetowatch is built around, with the real output of each command
(regenerate this page with `.venv/bin/python scripts/make_tutorial.py`). On 19 August 2011
Interfax reported that Russia would not back Western calls for Bashar al-Assad to step down.
A reader who knows the Security Council's rules concludes that no serious measure on Syria
will pass. Six weeks later Russia and China vetoed S/2011/612. `vetowatch demo` does all of
this in one command; here are the steps.

## 1. The Council's record

Import the record (DHL pages 1946–2022, per-member votes 1994–2025, veto lists, membership,
the UN Digital Library files) into a fresh SQLite database. Every correction is written down.

$ vetowatch data import

$ vetowatch data check --status corrected --limit 5

The precedent every reader of the article has in mind: Libya, March 2011.

$ vetowatch vote "S/RES/1973 (2011)"

$ vetowatch council --date 2011-08-19

## 2. Who said what

Read the article (it carries no date: pass its publication date).

$ vetowatch ingest {article} --date 2011-08-19

$ vetowatch statements --actor RUS

## 3. Positions, the shift, the contested claim

$ vetowatch positions assad-step-down --as-of 2011-08-19

$ vetowatch shifts --actor RUS

$ vetowatch claims --contested

## 4. The forecast, from the record and with the news

A draft imposing measures on Syria, put forward by the European members, as of 19 August
2011. From the record alone the Council looks unanimous on Syria (its only Syria votes were
the Golan observer renewals); the news changes that.

$ vetowatch forecast --date 2011-08-19 --agenda "The situation in the Middle East" --topic "Middle East (Syria)" --submitters FRA,GBR,DEU,PRT --kind sanctions --news

## 5. What happened

$ vetowatch vote S/2011/612

$ vetowatch vetoes --member RUS --topic syria --since 2011

How good are such forecasts in general? `vetowatch backtest --from 2000 --to 2025` scores
every draft put to the vote since 2000 against baselines (see `docs/forecast.md`), and
`benchmarks/news_backtest.py` measures what the news adds and where it hurts
(`docs/news.md`).
"""


def run(command: str, env: dict[str, str]) -> str:
    args = [VETOWATCH, *split(command)[1:]]
    done = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    return (done.stdout + done.stderr).rstrip()


def split(command: str) -> list[str]:
    import shlex

    return shlex.split(command)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "COLUMNS": "100", "VETOWATCH_DB": str(Path(tmp) / "t.db"),
               "NO_COLOR": "1", "TERM": "dumb"}
        out: list[str] = []
        for line in TEMPLATE.format(article=ARTICLE).splitlines():
            if line.startswith("$ vetowatch"):
                text = re.sub(r"[ \t]+\n", "\n", run(line[2:], env))
                out.append(f"```text\n{line}\n{text}\n```")
            else:
                out.append(line)
    (ROOT / "docs" / "tutorial.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print("wrote docs/tutorial.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
