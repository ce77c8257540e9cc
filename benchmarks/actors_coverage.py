"""How many Council members' heads, foreign ministers and UN PRs the actor tables know.

For each year 2011-2025, on 1 July: the members (DPPA membership file), and whether
``office_holder`` finds a head of state or government, a foreign minister and a UN permanent
representative; then whether that holder's own name resolves back to the same code.

    .venv/bin/python benchmarks/actors_coverage.py
"""

from __future__ import annotations

import csv
from datetime import date

from vetowatch.council.members import member_code
from vetowatch.extract.actors import load_actor_tables
from vetowatch.settings import Settings

OFFICES = {"head": ("head of state", "head of government"), "FM": ("foreign minister",),
           "UN PR": ("UN permanent representative",)}


def main() -> None:
    settings = Settings.from_env()
    tables = load_actor_tables(settings)
    path = settings.unsc_dir / "sc_membership_by_year_dppa_1946_2027.csv"
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["security_council_member"].strip()]
    print("year members head FM UN-PR all-three names-resolve")
    totals = {key: 0 for key in OFFICES}
    for year in range(2011, 2026):
        day = date(year, 7, 1)
        members = sorted({member_code(r["security_council_member"], day)
                          for r in rows if int(r["year"]) == year})
        got = {key: 0 for key in OFFICES}
        complete = resolved = found = 0
        for iso in members:
            hits = []
            for key, kinds in OFFICES.items():
                holder = next((h for k in kinds if (h := tables.office_holder(iso, k, day))),
                              None)
                hits.append(holder is not None)
                if holder is not None:
                    got[key] += 1
                    found += 1
                    resolved += tables.code(holder.person, day) == holder.code
            complete += all(hits)
        print(year, len(members), got["head"], got["FM"], got["UN PR"], complete,
              f"{resolved}/{found}")
        for key in OFFICES:
            totals[key] += got[key]
    print("total", totals)


if __name__ == "__main__":
    main()
