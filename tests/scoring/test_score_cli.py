"""The CLI: frameworks list/show/coverage/template/agreement, data import, and score (from a
results.json and from the database), with manual answers changing the scores."""

from __future__ import annotations

import csv
import json

import pytest
import typer
from sqlalchemy import insert, select
from typer.testing import CliRunner

from govlens.cli.frameworks import data_app, frameworks_app, score, score_command
from govlens.frameworks import load_framework
from govlens.store import tables
from govlens.store.db import check_results, connect, now, runs, sites

app = typer.Typer()
app.add_typer(frameworks_app, name="frameworks")
app.add_typer(data_app, name="data")
app.command("score")(score)
runner = CliRunner()

A, B, C = "https://a.go.th/", "https://b.go.th/", "https://c.go.th/"
CHECKS = {
    A: {"site.reachable": ("pass", 1), "content.contact": ("pass", 1), "content.sitemap": ("fail", 0),
        "content.search": ("pass", 1), "security.https": ("pass", 1),
        "content.privacy-policy": ("pass", 1), "participation.social-media": ("pass", 1),
        "content.faq": ("pass", 1)},
    B: {"site.reachable": ("pass", 1), "content.contact": ("fail", 0), "content.sitemap": ("pass", 1),
        "security.https": ("error", None), "content.faq": ("fail", 0)},
    C: {"site.reachable": ("fail", 0), "content.contact": ("error", None)},
}
ORG = {A: "moph", B: "moph", C: "dla"}


def results_doc():
    return {"schema": "govlens.results/1", "run": {"name": "test"}, "sites": [
        {"url": u, "organisation": {"id": ORG[u], "name": {"en": ORG[u]}, "kind": "ministry",
                                    "sector": "health", "country": "THA"},
         "final_url": u, "status": "ok" if u != C else "dns", "reason": "",
         "checks": {k: {"outcome": o, "score": s, "evidence": [], "details": {}} for k, (o, s) in c.items()}}
        for u, c in CHECKS.items()]}


@pytest.fixture
def results(tmp_path):
    p = tmp_path / "results.json"
    p.write_text(json.dumps(results_doc()), encoding="utf-8")
    return p


def ok(res):
    assert res.exit_code == 0, res.output + (str(res.exception) if res.exception else "")
    return res.output


def test_list_and_show():
    out = ok(runner.invoke(app, ["frameworks", "list"]))
    assert "un-losi-2024" in out and "   11     19     64    94" in out
    out = ok(runner.invoke(app, ["frameworks", "show", "th-gov-website-checklist"]))
    assert "มสพร. 11-2566" in out and "ถาม – ตอบ" in out and "choice:" in out and "not found:" in out
    d = json.loads(ok(runner.invoke(app, ["frameworks", "show", "un-losi-2024", "-i", "#214"])))
    assert d["id"] == "losi-214" and d["rule"] == {"any": ["content.contact"]}
    assert runner.invoke(app, ["frameworks", "show", "nope"]).exit_code != 0


def test_coverage_lists_all_losi_indicators_and_the_unlisted_items():
    out = ok(runner.invoke(app, ["frameworks", "coverage", "un-losi-2024"]))
    f = load_framework("un-losi-2024")
    for i in f.indicators:
        assert i.id in out
    assert "automated 11, assisted 19, manual 64, total 94" in out
    assert "+ 2 unlisted item(s)" in out and "score denominator 96" in out
    assert 'losi-214               #214         TEC            automated {"any": ["content.contact"]}' in out
    d = json.loads(ok(runner.invoke(app, ["frameworks", "coverage", "un-osi-2024", "--json"])))
    assert d["counts"]["total"] == 100 and len(d["indicators"]) == 100 and d["unlisted"] == 0


def test_template_from_results(results, tmp_path):
    out = tmp_path / "t.csv"
    ok(runner.invoke(app, ["frameworks", "template", "un-losi-2024", "--results", str(results), "-o", str(out)]))
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 3 * (67 + 16) and rows[0]["framework"] == "un-losi-2024"
    r = next(x for x in rows if x["site"] == A and x["indicator"] == "losi-206")
    assert r["suggested"] == "1" and r["organisation"] == "moph"


def test_agreement_command(tmp_path):
    p = tmp_path / "two.csv"
    p.write_text("site,indicator,answer,assessor\n"
                 f"{A},losi-281,yes,a1\n{A},losi-281,yes,a2\n"
                 f"{A},losi-215,yes,a1\n{A},losi-215,no,a2\n", encoding="utf-8")
    out = ok(runner.invoke(app, ["frameworks", "agreement", "un-losi-2024", str(p)]))
    assert "a1 vs a2" in out and "IF" in out and "0.500" in out


def test_score_from_results_json_with_manual_answers(results, tmp_path):
    ws = tmp_path / "ws"
    base = score_command(str(results), "un-losi-2024", ws, [], tmp_path / "out0")
    s0 = base["frameworks"]["un-losi-2024"]["sites"][A]
    manual = tmp_path / "answers.csv"
    manual.write_text(
        "site,organisation,indicator,answer,evidence_url,assessor,date,note\n"
        f"{A},,losi-214,no,{A}contact,somchai,2025-03-01,contact page is empty\n"
        f"{A},,losi-281,yes,{A},somchai,2025-03-01,\n"
        f",dla,losi-281,yes,https://dla.go.th/,somchai,2025-03-01,\n", encoding="utf-8")
    res = runner.invoke(app, ["score", str(results), "--framework", "un-losi-2024,th-gov-website-checklist",
                              "--manual", str(manual), "-w", str(ws), "-o", str(tmp_path / "out")])
    out = ok(res)
    assert "un-losi-2024" in out and "th-gov-website-checklist" in out
    doc = json.loads((tmp_path / "out" / "scores.json").read_text(encoding="utf-8"))
    site = doc["frameworks"]["un-losi-2024"]["sites"][A]
    v = site["indicators"]["losi-214"]
    assert v["provenance"] == "overridden" and v["value"] == 0.0 and v["automated_value"] == 1.0
    assert v["answer_ref"]["assessor"] == "somchai"
    assert site["indicators"]["losi-281"]["provenance"] == "manual"
    # the override removes a point, the manual answer adds one: same points, one more indicator known
    assert site["n_known"] == s0["n_known"] + 1
    assert site["lower"] == pytest.approx(s0["lower"])
    assert site["criteria"]["TEC"]["points_known"] == s0["criteria"]["TEC"]["points_known"] - 1
    assert site["criteria"]["IF"]["points_known"] == s0["criteria"]["IF"]["points_known"] + 1
    org = doc["frameworks"]["un-losi-2024"]["organisations"]
    assert org["moph"]["indicators"]["losi-205"]["value"] == 1.0  # sitemap: best site B
    assert org["moph"]["indicators"]["losi-205"]["site"] == B
    assert org["dla"]["indicators"]["losi-281"]["provenance"] == "manual"
    # CSV outputs
    assert (tmp_path / "out" / "scores.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    rows = list(csv.DictReader((tmp_path / "out" / "scores.csv").open(encoding="utf-8-sig")))
    assert {(r["framework"], r["entity_kind"]) for r in rows} >= {("un-losi-2024", "site"),
                                                                 ("th-gov-website-checklist", "organisation")}
    inds = list(csv.DictReader((tmp_path / "out" / "indicators.csv").open(encoding="utf-8-sig")))
    o = next(r for r in inds if r["entity"] == A and r["indicator"] == "losi-214" and r["entity_kind"] == "site")
    assert o["provenance"] == "overridden" and o["assessor"] == "somchai"
    # the database has the score runs, indicator values and scores
    engine = connect(ws)
    with engine.connect() as conn:
        sr = conn.execute(select(tables.score_runs)).mappings().all()
        assert [r["framework"] for r in sr] == ["un-losi-2024", "un-losi-2024", "th-gov-website-checklist"]
        iv = conn.execute(select(tables.indicator_values).where(
            tables.indicator_values.c.score_run_id == sr[1]["id"],
            tables.indicator_values.c.entity == A,
            tables.indicator_values.c.indicator == "losi-214")).mappings().one()
        assert iv["provenance"] == "overridden" and iv["automated_value"] == 1.0
        fs = conn.execute(select(tables.framework_scores).where(
            tables.framework_scores.c.score_run_id == sr[1]["id"])).mappings().all()
        assert len(fs) == 3 + 2


def test_score_rejects_an_answer_for_a_missing_indicator(results, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"framework,site,indicator,answer\nun-losi-2024,{A},losi-999,yes\n", encoding="utf-8")
    res = runner.invoke(app, ["score", str(results), "-f", "un-losi-2024", "-m", str(bad), "-w", str(tmp_path)])
    assert res.exit_code == 2 and "losi-999" in res.output


def test_score_from_the_database_latest_run(tmp_path):
    engine = connect(tmp_path)
    with engine.begin() as conn:
        rid = conn.execute(insert(runs).values(name="r", started=now(), catalog="", settings={},
                                               govlens_version="t", source="warc")).inserted_primary_key[0]
        for u, c in CHECKS.items():
            sid = conn.execute(insert(sites).values(
                run_id=rid, url=u, org_id=ORG[u], organisation={"id": ORG[u]}, final_url=u,
                status="ok", finished=now())).inserted_primary_key[0]
            for k, (o, s) in c.items():
                conn.execute(insert(check_results).values(site_id=sid, check_id=k, outcome=o, score=s,
                                                          evidence=[], details={}))
    out = ok(runner.invoke(app, ["score", "latest", "-f", "all", "-w", str(tmp_path)]))
    assert "waseda-iac-2024" in out and "eu-egov-benchmark-2020" in out
    doc = json.loads((tmp_path / "scores" / "scores.json").read_text(encoding="utf-8"))
    assert doc["run"]["id"] == rid and set(doc["frameworks"]) == {
        "un-losi-2024", "un-osi-2024", "waseda-iac-2024", "th-gov-website-checklist", "eu-egov-benchmark-2020"}
    v = doc["frameworks"]["un-losi-2024"]["sites"][C]["indicators"]["losi-214"]
    assert v["value"] is None and v["provenance"] == "missing"  # error → missing, not 0
    # 8 checks cover 6% (A) and 3% (B) of LOSI: too little to rank, and the scores say why
    losi = doc["frameworks"]["un-losi-2024"]
    assert losi["sensitivity"] is None
    assert [losi["sites"][u]["rank_assessed"] for u in (A, B, C)] == [None, None, None]
    assert "below the 10% needed to rank" in losi["sites"][A]["rank_note"]
    assert losi["sites"][C]["rank_note"] == "not ranked: no indicator has a value"
    # the Thai checklist: A knows more than the 10% floor, ranked (indicatively); B less: not ranked
    dga = doc["frameworks"]["th-gov-website-checklist"]["sites"]
    assert dga[A]["coverage"] >= 0.1 > dga[B]["coverage"]
    assert dga[A]["rank_assessed"] == 1 and "indicative" in dga[A]["rank_note"]
    assert dga[B]["rank_assessed"] is None and "needed to rank" in dga[B]["rank_note"]
    assert runner.invoke(app, ["score", "99", "-f", "un-losi-2024", "-w", str(tmp_path)]).exit_code == 2


def test_import_un_egdi_command(tmp_path, monkeypatch):
    # no path: the tables shipped in the package
    monkeypatch.delenv("GOVLENS_SHARED_DATA", raising=False)
    out = ok(runner.invoke(app, ["data", "import-un-egdi", "--db", str(tmp_path)]))
    assert "read EGOV_MERGED_2005_2024.csv (merged, 193 rows)" in out
    assert "unmatched country names: 0" in out and "2024: weights equal" in out
    assert "rank Hungary: published 52, computed 51" in out
    out = ok(runner.invoke(app, ["data", "un-sensitivity", "--year", "2024", "--draws", "200"]))
    assert "THA" in out and "ASEAN" in out
    assert "2024: weights equal" in ok(runner.invoke(app, ["data", "un-reproduce"]))
    for args in (["import-un-egdi", str(tmp_path / "absent"), "--db", str(tmp_path)],
                 ["un-reproduce", str(tmp_path / "absent")],
                 ["un-sensitivity", "--path", str(tmp_path / "absent")]):
        assert runner.invoke(app, ["data", *args]).exit_code == 2
