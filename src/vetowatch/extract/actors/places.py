"""Place names as the actor sources write them → ISO alpha-3 codes (or an IGO code).

Country names come from the gazetteers written for vetowatch (``extract/data/countries.tsv``,
``council/data/members.tsv``); the few spellings they lack are listed here.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from vetowatch.extract.actors.model import fold

# peppercat place slugs and CIA/peppercat names that the gazetteers do not spell this way
EXTRA_PLACES: dict[str, str] = {
    "WORLD": "IGO", "EUROPEAN UNION": "IGOEU", "HONG KONG": "HKG",
    "CONGO BRAZZAVILLE": "COG", "CONGO KINSHASA": "COD", "IVORY COAST": "CIV",
    "BAHAMAS THE": "BHS", "GAMBIA THE": "GMB", "KOREA NORTH": "PRK", "KOREA SOUTH": "KOR",
    "CONGO DEMOCRATIC REPUBLIC OF THE": "COD", "CONGO REPUBLIC OF THE": "COG",
    "HOLY SEE VATICAN CITY": "VAT", "MACAU": "MAC", "WEST BANK": "PSE", "GAZA STRIP": "PSE",
}

# Correlates of War state abbreviations (REIGN) that differ from ISO alpha-3. Three COW
# codes are other countries' ISO codes: AUS = Austria, SLV = Slovenia, SWZ = Switzerland.
COW_TO_ISO: dict[str, str] = {
    "AAB": "ATG", "ALG": "DZA", "ANG": "AGO", "AUL": "AUS", "AUS": "AUT", "BAH": "BHR",
    "BAR": "BRB", "BFO": "BFA", "BHM": "BHS", "BHU": "BTN", "BNG": "BGD", "BOS": "BIH",
    "BOT": "BWA", "BRU": "BRN", "BUI": "BDI", "BUL": "BGR", "CAM": "KHM", "CAO": "CMR",
    "CAP": "CPV", "CDI": "CIV", "CEN": "CAF", "CHA": "TCD", "CON": "COG", "COS": "CRI",
    "CRO": "HRV", "CZR": "CZE", "DEN": "DNK", "DRC": "COD", "DRV": "VNM", "EQG": "GNQ",
    "ETM": "TLS", "FIJ": "FJI", "FRN": "FRA", "GAM": "GMB", "GFR": "DEU", "GMY": "DEU",
    "GRG": "GEO", "GRN": "GRD", "GUA": "GTM", "GUI": "GIN", "HAI": "HTI", "HON": "HND",
    "ICE": "ISL", "INS": "IDN", "IRE": "IRL", "KOS": "XKX", "KUW": "KWT", "KYR": "KGZ",
    "KZK": "KAZ", "LAT": "LVA", "LEB": "LBN", "LES": "LSO", "LIB": "LBY", "LIT": "LTU",
    "MAA": "MRT", "MAC": "MKD", "MAD": "MDV", "MAG": "MDG", "MAL": "MYS", "MAS": "MUS",
    "MAW": "MWI", "MLD": "MDA", "MNC": "MCO", "MON": "MNG", "MOR": "MAR", "MSI": "MHL",
    "MYA": "MMR", "MZM": "MOZ", "NAU": "NRU", "NEP": "NPL", "NEW": "NZL", "NIG": "NGA",
    "NIR": "NER", "NTH": "NLD", "OMA": "OMN", "PAL": "PLW", "PAR": "PRY", "PHI": "PHL",
    "POR": "PRT", "ROK": "KOR", "ROM": "ROU", "SAF": "ZAF", "SAL": "SLV", "SEY": "SYC",
    "SIE": "SLE", "SIN": "SGP", "SKN": "KNA", "SLO": "SVK", "SLV": "SVN", "SLU": "LCA",
    "SNM": "SMR", "SOL": "SLB", "SPN": "ESP", "SRI": "LKA", "SUD": "SDN", "SVG": "VCT",
    "SWA": "SWZ", "SWD": "SWE", "SWZ": "CHE", "TAJ": "TJK", "TAZ": "TZA", "THI": "THA",
    "TOG": "TGO", "TRI": "TTO", "UAE": "ARE", "UKG": "GBR", "URU": "URY", "VAN": "VUT",
    "YAR": "YEM", "WSM": "WSM", "YUG": "SRB",
}


def _rows(package: str, name: str) -> list[list[str]]:
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def place_names() -> dict[str, str]:
    """Folded country name → ISO alpha-3 (``"UNITED STATES"`` → ``USA``)."""
    names: dict[str, str] = {}
    for iso, cell, *_ in _rows("vetowatch.extract.data", "countries.tsv"):
        for name in cell.split("|"):
            names.setdefault(_key(name), iso)
    for iso, display, *rest in _rows("vetowatch.council.data", "members.tsv"):
        for name in [display, *(rest[0].split("|") if rest else [])]:
            names.setdefault(_key(name), iso)
    names.update(EXTRA_PLACES)
    return names


def _key(name: str) -> str:
    folded = fold(re.sub(r"\(.*?\)", " ", name))
    return folded[4:] if folded.startswith("THE ") else folded


def iso3(place: str) -> str | None:
    """ISO alpha-3 (``IGO`` for the "world" file, ``IGOEU`` for the EU) or ``None``."""
    names = place_names()
    return names.get(_key(place)) or names.get(fold(place))


def cow_iso3(abbrev: str) -> str:
    return COW_TO_ISO.get(abbrev, abbrev)
