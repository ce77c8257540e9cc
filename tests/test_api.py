"""The HTTP API (``vetowatch serve``) on the imported record plus the reference article:
every endpoint returns the CLI's ``--json`` shape, errors are one JSON shape with the right
status, lists paginate, writes need the token."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from vetowatch.api import ServeOptions, create_app
from vetowatch.store import Store
from webapp import HOSTILE_ID, HOSTILE_QUOTE, REFERENCE, REFERENCE_ID, WebDb, build

REFERENCE_FORECAST = {"date": "2011-08-19", "agenda": "The situation in the Middle East",
                      "topic": "Middle East (Syria)", "submitters": "FRA,GBR,DEU,PRT",
                      "kind": "sanctions"}


@pytest.fixture(scope="module")
def web_db(imported_store: Store, data_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> WebDb:
    return build(imported_store, data_dir, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def client(web_db: WebDb) -> Iterator[TestClient]:
    with TestClient(create_app(web_db.settings), raise_server_exceptions=False) as c:
        yield c


def get(client: TestClient, url: str, status: int = 200, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    return r.json()


def error(client: TestClient, url: str, status: int, **params: Any) -> dict[str, str]:
    body = get(client, url, status, **params)
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fix"}
    assert body["error"]["code"].startswith("E0") and body["error"]["message"]
    return dict(body["error"])


# -- the record ---------------------------------------------------------------------------------

def test_council_is_the_cli_shape(client: TestClient, imported_store: Store) -> None:
    from datetime import date

    from vetowatch.council.queries import council_on

    data = get(client, "/api/council", date="2011-08-19")
    assert data == council_on(imported_store, date(2011, 8, 19)).to_json()
    assert len(data["members"]) == 15
    assert {"RUS", "CHN", "BIH"} <= {m["code"] for m in data["members"]}


@pytest.mark.parametrize("ref", ["S/2011/612", "S/RES/1973 (2011)", "1973"])
def test_vote_by_any_reference(client: TestClient, ref: str) -> None:
    data = get(client, f"/api/votes/{ref}")
    if ref == "S/2011/612":
        assert data["outcome"] == "vetoed" and data["vetoed_by"] == ["CHN", "RUS"]
        assert (data["yes"], data["no"], data["abstain"]) == (9, 2, 4)
        assert data["votes"]["RUS"] == "N"
    else:
        assert data["resolution"] == "S/RES/1973 (2011)" and data["outcome"] == "adopted"


def test_vetoes_and_precedents(client: TestClient) -> None:
    found = get(client, "/api/vetoes", member="RUS", topic="syria", since="2011")
    assert "S/2011/612" in {v["draft"] for v in found}
    assert all("RUS" in v["vetoed_by"] for v in found)
    assert all(v["date"] >= "2011-01-01" for v in found)
    earlier = get(client, "/api/precedents", topic="libya", before="2011-08-19")
    assert earlier and all(v["date"] < "2011-08-19" for v in earlier)
    assert "S/RES/1973 (2011)" in {v["resolution"] for v in earlier}


def test_forecast_reference_case_and_cache(client: TestClient, web_db: WebDb) -> None:
    from datetime import date

    from vetowatch.forecast.news_service import forecast_with_news

    news = get(client, "/api/forecast", **REFERENCE_FORECAST, news="true")
    store = Store.from_settings(web_db.settings)
    library = forecast_with_news(
        store, web_db.settings, date(2011, 8, 19), agenda=REFERENCE_FORECAST["agenda"],
        topic=REFERENCE_FORECAST["topic"], submitters=(REFERENCE_FORECAST["submitters"],),
        kind=REFERENCE_FORECAST["kind"]).with_news_json()
    store.dispose()
    assert news["p_vetoed"] == library["p_vetoed"]
    assert news["members"] == library["members"]
    assert news["news"]["signals"] > 0 and news["news"]["summary"]
    plain = get(client, "/api/forecast", **REFERENCE_FORECAST)
    assert news["p_vetoed_by"]["RUS"] > plain["p_vetoed_by"]["RUS"]  # Interfax, 19 August
    assert abs(plain["p_adopted"] + plain["p_vetoed"] + plain["p_failed_votes"] - 1) < 1e-6
    started = time.perf_counter()
    again = get(client, "/api/forecast", **REFERENCE_FORECAST)
    took = time.perf_counter() - started
    assert again == plain
    assert took < 1.0, f"a cached forecast took {took:.2f} s"


# -- news and positions -------------------------------------------------------------------------

def test_statements_paginate(client: TestClient) -> None:
    everything = get(client, "/api/statements", limit=1000)
    total = everything["total"]
    assert total == len(everything["items"]) >= 6
    first = get(client, "/api/statements", limit=2, offset=0)
    second = get(client, "/api/statements", limit=2, offset=2)
    assert (first["total"], first["limit"], first["offset"]) == (total, 2, 0)
    ids = [i["id"] for i in everything["items"]]
    assert [i["id"] for i in first["items"]] == ids[:2]
    assert [i["id"] for i in second["items"]] == ids[2:4]
    past = get(client, "/api/statements", offset=total + 5)
    assert past["items"] == [] and past["total"] == total


def test_statement_filters(client: TestClient) -> None:
    rus = get(client, "/api/statements", actor="RUS")["items"]
    assert rus and all(i["speaker"]["actor"].startswith("RUS") for i in rus)
    by_name = get(client, "/api/statements", actor="Russia")["items"]
    assert [i["id"] for i in by_name] == [i["id"] for i in rus]
    linked = get(client, "/api/statements", question="assad-step-down")
    assert 0 < linked["total"] < get(client, "/api/statements")["total"]
    word = get(client, "/api/statements", q="AL-ASSAD")["items"]
    assert word and all("al-assad" in (i["content"] + i["sentence"]).lower() for i in word)
    assert get(client, "/api/statements", q="100%")["total"] == 0  # % is no wildcard
    one = get(client, "/api/statements", article=REFERENCE_ID[:8])["items"]
    assert one and {i["article_id"] for i in one} == {REFERENCE_ID}
    june = get(client, "/api/statements", since="2011-06", until="2011-06")["items"]
    assert june and all(i["when"]["date"].startswith("2011-06") for i in june)


def test_positions_timeline_shifts_claims(client: TestClient) -> None:
    report = get(client, "/api/positions/assad-step-down", as_of="2011-08-19")
    stances = {p["actor"]: p["stance"] for p in report["positions"]}
    assert stances["RUSGOV"] == "against" and stances["USAGOV"] == "for"
    line = get(client, "/api/timeline/assad-step-down", actor="RUSGOV")
    assert line["actor"] == "RUSGOV" and line["points"]
    assert line["points"][-1]["stance"] == "against"
    moved = get(client, "/api/shifts", actor="RUS")
    assert any(s["kind"] == "stance" and s["subject"] == "unsc-measures-syria" for s in moved)
    found = get(client, "/api/claims", contested="true")
    assert found[0]["claimant"] == "SYRGOV" and found[0]["denials"][0]["actor"] == "SYROPP"


def test_article_and_questions(client: TestClient, data_dir: Path) -> None:
    art = get(client, f"/api/articles/{REFERENCE_ID}")
    assert art["id"] == REFERENCE_ID and art["published"] == "2011-08-19"
    assert "Interfax" in art["text"]
    assert art["text"] in (data_dir / REFERENCE).read_text(encoding="utf-8")
    for st in art["statements"]:
        assert art["text"][st["start"]:st["end"]] == st["sentence"]
    ids = {q["id"] for q in get(client, "/api/questions")}
    assert {"assad-step-down", "unsc-measures-syria"} <= ids


def test_hostile_text_is_data(client: TestClient) -> None:
    art = get(client, f"/api/articles/{HOSTILE_ID}")
    assert art["statements"][0]["content"] == HOSTILE_QUOTE
    r = client.get(f"/api/articles/{HOSTILE_ID}")
    assert r.headers["content-type"].startswith("application/json")


# -- errors -------------------------------------------------------------------------------------

def test_errors_have_one_shape_and_status(client: TestClient) -> None:
    assert error(client, "/api/votes/S/9999/1", 404)["code"] == "E030"
    assert error(client, "/api/votes/not-a-symbol", 400)["code"] == "E031"
    assert "date" in error(client, "/api/council", 422)["message"]
    assert "not a date" in error(client, "/api/council", 400, date="2011-13-45")["message"]
    assert error(client, "/api/positions/no-such-question", 404)["code"] == "E030"
    assert error(client, "/api/articles/zzzzzzzz", 404)["code"] == "E030"
    error(client, "/api/statements", 422, limit=0)
    error(client, "/api/statements", 422, offset=-1)
    error(client, "/api/statements", 422, actor="")
    error(client, "/api/no-such-endpoint", 404)
    error(client, "/api/timeline/assad-step-down", 422)  # actor is required


@pytest.mark.parametrize("url", [
    "/api/votes/99999999999999999999999999", "/api/votes/S/99999999999999999999/1",
    "/api/vetoes?member=Atlantis", "/api/vetoes?since=0000", "/api/precedents?topic=&before=2011",
    "/api/forecast?date=0001-01-01", "/api/forecast?date=2011-08-19&kind=%00",
    "/api/statements?actor=%25", "/api/statements?q=%00%27%22", "/api/shifts?level=planet",
    "/api/articles/%25%25%25%25", "/api/timeline/assad-step-down?actor=%7F",
])
def test_bad_input_is_never_a_500(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code < 500, (url, r.text)
    if r.status_code >= 400:
        assert set(r.json()["error"]) == {"code", "message", "fix"}


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    for path in ("/api/council", "/api/votes/{ref}", "/api/vetoes", "/api/precedents",
                 "/api/forecast", "/api/statements", "/api/positions/{question}",
                 "/api/timeline/{question}", "/api/shifts", "/api/claims",
                 "/api/articles/{article_id}", "/api/questions"):
        assert path in spec["paths"], path
    page = client.get("/docs").text
    assert "/api/statements" in page and "cdn" not in page.lower()
    assert "<script" not in page.lower()


# -- writes and safety ---------------------------------------------------------------------------

def test_read_only_by_default(client: TestClient) -> None:
    r = client.post("/api/ingest", params={"name": "a.txt"}, content=b"text")
    assert r.status_code == 403 and r.json()["error"]["code"] == "E032"
    assert "access-control-allow-origin" not in client.get(
        "/api/questions", headers={"Origin": "https://example.org"}).headers


def test_ingest_needs_the_token_and_a_small_upload(web_db: WebDb) -> None:
    options = ServeOptions(token="s3cret", max_upload=2000,
                           cors_origins=("https://analyst.example",))
    with TestClient(create_app(web_db.settings, options)) as c:
        text = ("MOSCOW, Aug. 22 (our desk) — Russia's foreign minister said on Monday that "
                "Moscow would not support new sanctions against Syria.").encode()
        url = "/api/ingest"
        assert c.post(url, params={"name": "a.txt"}, content=text).status_code == 401
        assert c.post(url, params={"name": "a.txt"}, content=text,
                      headers={"Authorization": "Bearer wrong"}).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        big = c.post(url, params={"name": "a.txt"}, content=b"x" * 2001, headers=auth)
        assert big.status_code == 413 and big.json()["error"]["code"] == "E032"
        bad_name = c.post(url, params={"name": "../etc/passwd"}, content=text, headers=auth)
        assert bad_name.status_code == 400
        done = c.post(url, params={"name": "a.txt", "date": "2011-08-22", "source": "desk"},
                      content=text, headers=auth)
        assert done.status_code == 200, done.text
        assert done.json()["articles"] == 1
        found = c.get("/api/statements", params={"since": "2011-08-22"}).json()
        assert found["total"] >= 1
        cors = c.get("/api/questions", headers={"Origin": "https://analyst.example"})
        assert cors.headers["access-control-allow-origin"] == "https://analyst.example"


def test_add_question_needs_the_token(web_db: WebDb) -> None:
    body = {"id": "no-fly-zone-syria", "proposition": "A no-fly zone should be imposed",
            "for": ["no-fly zone"], "targets": ["syria"]}
    with TestClient(create_app(web_db.settings)) as read_only:
        assert read_only.post("/api/questions", json=body).status_code == 403
    with TestClient(create_app(web_db.settings, ServeOptions(token="t0k"))) as c:
        assert c.post("/api/questions", json=body).status_code == 401
        auth = {"Authorization": "Bearer t0k"}
        bad = c.post("/api/questions", json={**body, "id": "Not An Id"}, headers=auth)
        assert bad.status_code == 422 and bad.json()["error"]["code"] == "E031"
        done = c.post("/api/questions", json=body, headers=auth)
        assert done.status_code == 200, done.text
        assert done.json()["id"] == "no-fly-zone-syria"
        assert "no-fly-zone-syria" in {q["id"] for q in c.get("/api/questions").json()}
        again = c.post("/api/questions", json=body, headers=auth)
        assert again.status_code == 400  # exists: replace=true to overwrite


# -- the schema-driven fuzz ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def api_schema(web_db: WebDb) -> Any:
    schemathesis = pytest.importorskip("schemathesis")
    app = create_app(web_db.settings, ServeOptions(token="fuzz-token", max_upload=4096),
                     pages=False)
    with TestClient(app) as warm:  # the first forecast fits the model (seconds), once
        assert warm.get("/api/forecast", params={"date": "2011-08-19"}).status_code == 200
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.mark.slow
def test_fuzz_every_endpoint(api_schema: Any) -> None:
    """Every endpoint, schema-generated inputs (valid and invalid): never a 500, every status
    and body as the OpenAPI document says."""
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    checks = (not_a_server_error, status_code_conformance, response_schema_conformance)
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 14
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(checks=checks, timeout=60)

        check()


# -- alerts (vetowatch watch) -------------------------------------------------------------------

def _alerts_app(store: Store, data_dir: Path, tmp_path: Path) -> TestClient:
    """An app on a fresh database holding three alerts, inserted as the watcher does."""
    from datetime import UTC, datetime

    from vetowatch.settings import Settings
    from vetowatch.watch.alerts import Alert, insert_alert

    ref = {"id": 6, "quote": "<b>not</b> support", "speaker": "an official", "actor": "RUSGOV",
           "article": "abcd1234", "url": None, "title": None, "outlet": None,
           "published": "2011-08-19"}
    with store.begin() as conn:
        insert_alert(conn, Alert("first_position", "k1", datetime(2011, 6, 1, tzinfo=UTC),
                                 "RUSGOV", "assad-step-down", after="for", statements=(ref,)))
        insert_alert(conn, Alert("shift", "k2", datetime(2011, 8, 19, tzinfo=UTC), "RUSGOV",
                                 "assad-step-down", before="for", after="against",
                                 statements=(ref,)))
        insert_alert(conn, Alert("forecast_change", "k3", datetime(2011, 8, 20, tzinfo=UTC),
                                 scenario="syria-measures",
                                 before={"p_adopted": 0.9, "p_vetoed": 0.05},
                                 after={"p_adopted": 0.2, "p_vetoed": 0.8}))
    settings = Settings(data_dir=data_dir, db_url=store.url, cache_dir=tmp_path / "cache")
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_alerts_paginate_and_filter(store: Store, data_dir: Path, tmp_path: Path) -> None:
    with _alerts_app(store, data_dir, tmp_path) as c:
        page = get(c, "/api/alerts", limit=2)
        assert (page["total"], page["limit"], page["offset"]) == (3, 2, 0)
        assert [a["key"] for a in page["items"]] == ["k3", "k2"]  # newest first
        assert [a["key"] for a in get(c, "/api/alerts", limit=2, offset=2)["items"]] == ["k1"]
        shift = get(c, "/api/alerts", kind="shift")
        assert shift["total"] == 1
        assert shift["items"][0]["before"] == "for" and shift["items"][0]["after"] == "against"
        assert shift["items"][0]["statements"][0]["article"] == "abcd1234"
        assert get(c, "/api/alerts", since="2011-08-20")["total"] == 1
        assert get(c, "/api/alerts", since="2011-08")["total"] == 2
        error(c, "/api/alerts", 422, kind="nonsense")
        assert error(c, "/api/alerts", 400, since="yesterday")["code"].startswith("E0")
        error(c, "/api/alerts", 422, limit=0)
        assert "/api/alerts" in get(c, "/openapi.json")["paths"]
