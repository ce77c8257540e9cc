"""Screenshots of the main pages of `vetowatch serve`, from the real app, for docs/web.md.

Run: ``.venv/bin/python tools/web_screenshots.py [--out docs/img]`` (needs Debian's
``chromium``). It imports the shared record into a temporary database, ingests the reference
article (Interfax, 19 August 2011), serves the app on loopback and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from vetowatch.api import create_app
from vetowatch.council.importer import import_record
from vetowatch.reading import ingest
from vetowatch.settings import Settings
from vetowatch.store import Store

REFERENCE = Path("news") / "example" / "russia-unwilling-to-back-assad-ouster.txt"
PAGES = {
    "web-home": "/",
    "web-vote": "/votes/S/2011/612",
    "web-question": "/questions/assad-step-down?as_of=2011-08-19",
    "web-article": "/articles/a54728a1690aa81b#s6",
    "web-forecast": "/forecast?date=2011-08-19&agenda=The+situation+in+the+Middle+East"
                    "&topic=Middle+East+(Syria)&submitters=FRA,GBR,DEU,PRT&kind=sanctions"
                    "&news=true",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs") / "img")
    args = parser.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("no chromium: apt-get install chromium")
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(db=str(Path(tmp) / "shots.db"))
        store = Store.from_settings(settings)
        import_record(store, settings.unsc_dir)
        ingest(store, settings, [settings.require_data_dir() / REFERENCE],
               published=date(2011, 8, 19))
        store.dispose()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1",
                                               port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                page = browser.new_page(viewport={"width": 1100, "height": 900})
                page.set_default_timeout(120_000)
                for name, url in PAGES.items():
                    page.goto(f"http://127.0.0.1:{port}{url}")
                    page.screenshot(path=str(args.out / f"{name}.png"))
                    print(args.out / f"{name}.png")
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)


if __name__ == "__main__":
    main()
