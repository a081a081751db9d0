"""Every bad input of issue 14 through the real command line: exit 2, a message that names
the file or the value, no traceback — and read-only commands that create nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import answered, run_sub, user_error

WS = "govlens-workspace"


def sites_of(demo: Path) -> list[str]:
    doc = json.loads((demo / WS / "runs" / "1" / "results.json").read_text(encoding="utf-8"))
    return [s["url"] for s in doc["sites"]]


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ---------------------------------------------------------------- runs and workspaces


def test_a_run_that_is_not_there_is_named_with_the_runs_there_are(gl, demo_dir):
    r = gl("report", "99", "-w", demo_dir / WS)
    user_error(r, "run 99", "no run 99", "its only run is 1", "govlens runs")
    user_error(gl("report", "seven", "-w", demo_dir / WS), "run seven", "give a run id or 'latest'")


def test_resume_of_a_missing_run(gl, demo_dir):
    user_error(gl("assess", "--resume", "7", "-w", demo_dir / WS), "run 7", "no run 7")


def test_resume_in_an_empty_folder_creates_nothing(gl, tmp_path):
    r = gl("assess", "--resume", "7", cwd=tmp_path)
    user_error(r, "workspace govlens-workspace", "no such folder")
    assert listing(tmp_path) == []


def test_read_only_commands_create_no_workspace_and_no_database(gl, tmp_path):
    user_error(gl("report", "-w", tmp_path / "nonexistent"), "nonexistent", "no such folder")
    user_error(gl("score", "latest", "-f", "un-losi-2024", cwd=tmp_path), "govlens-workspace")
    user_error(gl("runs", cwd=tmp_path), "govlens-workspace")
    user_error(gl("evaluate", "latest", "--labels", "l.csv", cwd=tmp_path), "govlens-workspace")
    user_error(gl("frameworks", "template", "un-losi-2024", "--run", "latest", "-o", "t.csv", cwd=tmp_path),
               "govlens-workspace")
    (tmp_path / "empty-ws").mkdir()
    user_error(gl("report", "-w", tmp_path / "empty-ws"), "empty-ws", "no govlens database here")
    assert listing(tmp_path) == ["empty-ws"]  # no govlens.sqlite, no folder, no report


def test_a_file_that_is_not_a_database(gl, tmp_path):
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "govlens.sqlite").write_bytes(b"this is not a database" * 100)
    user_error(gl("report", "-w", tmp_path / "ws"), "database", "govlens.sqlite")


def test_a_database_url_that_is_not_one(gl, tmp_path):
    r = gl("report", "-w", tmp_path, env={"GOVLENS_DATABASE_URL": "not a url"})
    user_error(r, "GOVLENS_DATABASE_URL", "not a database URL")


# ---------------------------------------------------------------- evaluate: labels and results


def test_labels_file_missing(gl, demo_dir):
    r = gl("evaluate", demo_dir / WS / "runs/1/results.json", "--labels", "missing.csv", cwd=demo_dir)
    user_error(r, "missing.csv", "no such file")


def test_labels_with_wrong_columns(gl, demo_dir, tmp_path):
    bad = tmp_path / "labels.csv"
    bad.write_text("site,check,expected\nhttps://a.go.th/,content.faq,pass\n", encoding="utf-8")
    r = gl("evaluate", "latest", "--labels", bad, "-w", demo_dir / WS)
    user_error(r, "labels.csv", "missing site_url, check_id", "found site, check, expected")


def test_labels_with_an_unterminated_quote(gl, demo_dir, tmp_path):
    bad = tmp_path / "quote.csv"
    bad.write_text('site_url,check_id,expected\n"https://a.go.th/,content.faq,pass\nhttps://b/,x,fail\n',
                   encoding="utf-8")
    user_error(gl("evaluate", "latest", "--labels", bad, "-w", demo_dir / WS), "quote.csv:", "not valid CSV",
               "never closed")


def test_labels_with_unknown_expected_values_are_counted(gl, demo_dir, tmp_path):
    url = sites_of(demo_dir)[0]
    bad = tmp_path / "maybe.csv"
    bad.write_text(f"site_url,check_id,expected\n{url},content.faq,maybe\n{url},content.news,maybe\n"
                   f"{url},content.about,yes\n{url},content.contact,pass\n", encoding="utf-8")
    r = gl("evaluate", "latest", "--labels", bad, "-w", demo_dir / WS)
    user_error(r, "maybe.csv", "3 label(s) with an unknown expected value", "'maybe' ×2", "'yes' ×1",
               "pass, fail, partial")


def test_labels_for_unknown_sites_and_checks(gl, demo_dir, tmp_path):
    url = sites_of(demo_dir)[0]
    some = tmp_path / "some.csv"
    some.write_text(f"site_url,check_id,expected\n{url},content.faq,pass\n{url},content.fax,pass\n"
                    f"https://nowhere.go.th/,content.faq,fail\nhttps://nowhere.go.th/,content.news,fail\n",
                    encoding="utf-8")
    r = gl("evaluate", "latest", "--labels", some, "-w", demo_dir / WS, "--format", "json")
    assert r.code == 0, r.err
    assert "2 label(s) name 1 site(s) not in run 1" in r.err and "https://nowhere.go.th/ ×2" in r.err
    assert "1 label(s) name 1 check id(s) not in run 1" in r.err and "content.fax ×1" in r.err
    assert set(json.loads(r.out)) == {"content.faq"}  # the unknown check is not a row of dashes
    none = tmp_path / "none.csv"
    none.write_text("site_url,check_id,expected\nhttps://nowhere.go.th/,content.faq,fail\n", encoding="utf-8")
    user_error(gl("evaluate", "latest", "--labels", none, "-w", demo_dir / WS), "none.csv",
               "none of its 1 labels matches run 1")


def test_labels_in_windows_874_are_read(gl, demo_dir, tmp_path):
    url = sites_of(demo_dir)[0]
    f = tmp_path / "th.csv"
    f.write_bytes(f"site_url,check_id,expected,note\n{url},content.faq,pass,คำถามที่พบบ่อย\n".encode("cp874"))
    r = gl("evaluate", "latest", "--labels", f, "-w", demo_dir / WS, "--format", "json")
    assert r.code == 0, r.err
    assert "read as windows-874" in r.err and "content.faq" in json.loads(r.out)


def test_a_json_file_that_is_not_a_results_file(gl, tmp_path):
    f = tmp_path / "other.json"
    f.write_text('{"name": "not results"}', encoding="utf-8")
    (tmp_path / "l.csv").write_text("site_url,check_id,expected\na,b,pass\n", encoding="utf-8")
    for r in (gl("evaluate", f, "--labels", tmp_path / "l.csv"), gl("score", f, "-f", "un-losi-2024")):
        user_error(r, "other.json", "not a govlens results file")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    user_error(gl("score", tmp_path / "broken.json", "-f", "un-losi-2024"), "broken.json", "not JSON")
    user_error(gl("score", tmp_path / "absent.json", "-f", "un-losi-2024"), "absent.json", "no such file")


# ---------------------------------------------------------------- checks page


def test_checks_page_on_a_folder_without_pages(gl, tmp_path):
    """A folder is a batch of saved pages; one with none in it is an error that names it."""
    user_error(gl("checks", "page", tmp_path, "--url", "https://a.go.th/"), str(tmp_path), "no HTML files found")


def test_checks_page_batch_of_a_folder(gl, tmp_path):
    """Many pages: one JSON line each, a non-HTML file skipped with its reason (issue 9 batch mode)."""
    (tmp_path / "a.html").write_text("<html lang='th'><title>ก</title><a href='/contact'>ติดต่อเรา</a></html>",
                                     encoding="utf-8")
    (tmp_path / "b.htm").write_bytes("<html><title>x</title><p>โทร 02-123-4567</p></html>".encode("cp874"))
    (tmp_path / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    out = tmp_path / "out.jsonl"
    r = gl("checks", "page", tmp_path, "--format", "jsonl", "-o", out)
    assert r.code == 0, r.err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {"a", "b", "logo"}
    assert by_id["a"]["checks"]["content.contact"]["outcome"] == "pass"
    assert by_id["b"]["checks"]["content.contact-details"]["outcome"] == "pass"
    assert {"forms", "act", "charset"} <= set(by_id["a"])
    assert "PNG" in by_id["logo"]["skipped"]


def test_checks_page_on_a_png_is_refused(gl, tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    user_error(gl("checks", "page", png, "--url", "https://a.go.th/"), "logo.png", "not an HTML document",
               "PNG image")
    txt = tmp_path / "notes.txt"
    txt.write_text("just some words, no markup at all\n", encoding="utf-8")
    user_error(gl("checks", "page", txt, "--url", "https://a.go.th/"), "notes.txt", "no HTML tags")


def test_checks_page_bad_url_and_headers(gl, tmp_path):
    page = tmp_path / "p.html"
    page.write_text("<html lang='th'><title>ก</title><body><a href='/x'>ติดต่อเรา</a></body></html>", encoding="utf-8")
    user_error(gl("checks", "page", page, "--url", "www.a.go.th"), "--url", "not an absolute http(s) URL")
    user_error(gl("checks", "page", page, "--url", "https://a.go.th/", "--headers", tmp_path / "h.txt"),
               "h.txt", "no such file")
    (tmp_path / "img.txt").write_text("HTTP/1.1 200 OK\nContent-Type: image/png\n", encoding="utf-8")
    user_error(gl("checks", "page", page, "--url", "https://a.go.th/", "--headers", tmp_path / "img.txt"),
               "img.txt", "not HTML")
    ok = gl("checks", "page", page, "--url", "https://a.go.th/", "--format", "json")
    assert ok.code == 0 and json.loads(ok.out)["checks"]["tech.html-lang"]["outcome"] == "pass"


def test_checks_page_reads_tis620(gl, tmp_path):
    page = tmp_path / "legacy.html"
    page.write_bytes("<html lang='th'><head><title>กรมการปกครอง</title></head><body>ติดต่อเรา</body></html>"
                     .encode("tis-620"))
    r = gl("checks", "page", page, "--url", "https://a.go.th/", "--format", "json")
    assert r.code == 0 and json.loads(r.out)["charset"] == "cp874"
    r = gl("checks", "page", page, "--url", "https://a.go.th/", "--format", "json", "--encoding", "utf-8")
    assert r.code == 0 and json.loads(r.out)["charset"] == "utf-8"  # declared wins
    user_error(gl("checks", "page", page, "--url", "https://a.go.th/", "--encoding", "klingon"), "--encoding",
               "klingon")


# ---------------------------------------------------------------- score: answers


def test_score_with_a_missing_answers_file(gl, demo_dir):
    user_error(gl("score", "latest", "-f", "un-losi-2024", "-m", "missing.csv", "-w", demo_dir / WS, cwd=demo_dir),
               "missing.csv", "no such file")


def test_answers_with_unknown_columns_and_sites(gl, demo_copy):
    url = sites_of(demo_copy)[0]
    ws = demo_copy / WS
    f = demo_copy / "answers.csv"
    f.write_text(f"site,indicator,answer,colour\n{url},losi-281,yes,red\n{url.rstrip('/')},losi-215,no,blue\n"
                 "https://nowhere.go.th/,losi-281,yes,green\nhttps://nowhere.go.th/,losi-215,yes,\n",
                 encoding="utf-8")
    r = gl("score", "latest", "-f", "un-losi-2024", "-m", f, "-w", ws, "--format", "json")
    assert r.code == 0, r.err
    assert "answers.csv: unknown column(s) colour ignored" in r.err
    assert "2 answer(s) name 1 site(s) that run 1 does not have; left out: https://nowhere.go.th/ ×2" in r.err
    summary = json.loads(r.out)
    losi = summary["frameworks"]["un-losi-2024"]
    assert losi["answers"] == 2 and "https://nowhere.go.th/" not in losi["sites"]  # no phantom site
    assert answered(losi["sites"][url]) == 2  # the URL without its slash is the same site
    typo = demo_copy / "typo.csv"
    typo.write_text(f"site,indicator,anwser\n{url},losi-281,yes\n", encoding="utf-8")
    user_error(gl("score", "latest", "-f", "un-losi-2024", "-m", typo, "-w", ws), "typo.csv",
               "answers need the column(s) answer", "found site, indicator, anwser")
    nobody = demo_copy / "nobody.csv"
    nobody.write_text("site,indicator,answer\nhttps://nowhere.go.th/,losi-281,yes\n", encoding="utf-8")
    user_error(gl("score", "latest", "-f", "un-losi-2024", "-m", nobody, "-w", ws), "1 answer(s)",
               "none is for a site or organisation of run 1")
    maybe = demo_copy / "maybe.csv"
    maybe.write_text(f"site,indicator,answer\n{url},losi-281,maybe\n", encoding="utf-8")
    user_error(gl("score", "latest", "-f", "un-losi-2024", "-m", maybe, "-w", ws), "maybe.csv:2", "'maybe'")


def test_answers_in_windows_874(gl, demo_copy):
    url = sites_of(demo_copy)[0]
    f = demo_copy / "th.csv"
    f.write_bytes(f"site,indicator,answer,note\n{url},losi-281,ใช่,มีช่องทางร้องเรียน\n".encode("cp874"))
    r = gl("score", "latest", "-f", "un-losi-2024", "-m", f, "-w", demo_copy / WS, "--format", "json")
    assert r.code == 0, r.err
    assert "th.csv: read as windows-874" in r.err
    site = json.loads(r.out)["frameworks"]["un-losi-2024"]["sites"][url]
    assert answered(site) == 1
    garbled = demo_copy / "garbled.csv"
    garbled.write_bytes(b"site,indicator,answer\n" + url.encode() + b",losi-281,\x81\x82\x83\n")
    user_error(gl("score", "latest", "-f", "un-losi-2024", "-m", garbled, "-w", demo_copy / WS),
               "garbled.csv:2", "not valid UTF-8", "--encoding")


def test_score_without_answers_says_what_to_do(gl, demo_copy):
    r = gl("score", "latest", "-f", "all", "-w", demo_copy / WS)
    assert r.code == 0, r.err
    assert "no answers file was given" in r.out and "govlens frameworks template un-losi-2024" in r.out
    assert "--verbose prints them" in r.out and "  site " not in r.out  # a summary, not a line of dashes per site
    assert r.out.count("\n") < 30
    r = gl("score", "latest", "-f", "all", "-w", demo_copy / WS, "--verbose")
    assert r.out.count("  site ") == 5 * 6


def test_unknown_framework(gl, demo_dir):
    user_error(gl("score", "latest", "-f", "un-losi-2042", "-w", demo_dir / WS), "framework 'un-losi-2042'",
               "un-losi-2024")
    user_error(gl("frameworks", "show", "nope"), "framework 'nope'", "no such framework")


# ---------------------------------------------------------------- catalogs


def test_a_header_only_catalog_is_refused(gl, tmp_path):
    f = tmp_path / "header.csv"
    f.write_text("country,org_id,kind,sector,parent,name_en,name_th,site_url\n", encoding="utf-8")
    user_error(gl("assess", f), "header.csv", "a header row and no sites", "docs/catalog.md")
    user_error(gl("catalog", "validate", f), "header.csv", "no sites")
    user_error(gl("assess", f, "--dry-run"), "header.csv")
    assert listing(tmp_path) == ["header.csv"]


def test_catalog_validate_names_file_line_and_field(gl, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("catalog: x\ncountries:\n  - code: THA\n    name: Thailand\n    organisations:\n"
                 "      - {id: a, kind: ministy, sector: health, name: A, sites: [https://a.go.th/]}\n",
                 encoding="utf-8")
    r = gl("catalog", "validate", f)
    user_error(r, "bad.yaml:6", "kind", "unknown kind 'ministy'")
    good = tmp_path / "good.csv"
    good.write_bytes("country,org_id,kind,sector,parent,name_en,name_th,site_url\n"
                     "THA,th-a,ministry,health,,A,กระทรวง,https://a.go.th/\n".encode("cp874"))
    r = gl("catalog", "validate", good)
    assert r.code == 0 and "good.csv: ok — 1 sites of 1 organisations (THA 1); read as windows-874" in r.out
    r = gl("catalog", "validate", good, "--format", "json")
    assert json.loads(r.out)[0]["sites"] == 1


def test_assess_dry_run_checks_without_crawling(gl, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("country,org_id,kind,sector,parent,name_en,name_th,site_url\n"
                 "THA,th-a,ministry,health,,A,ก,https://a.go.th/\nSGP,sg-a,ministry,health,,B,,https://b.gov.sg/\n",
                 encoding="utf-8")
    r = gl("assess", f, "--dry-run", "--max-pages", "3")
    assert r.code == 0 and "would assess 2 sites (SGP 1, THA 1)" in r.out and "max 3 pages" in r.out
    user_error(gl("assess", f, "--dry-run", "--country", "LAO"), "--country LAO", "no sites in LAO", "SGP (1), THA (1)")
    user_error(gl("assess", f, "--dry-run", "--resolve", "nonsense"), "--resolve", "HOST:PORT:ADDR")
    user_error(gl("assess", f, "--dry-run", "--ca-file", tmp_path / "ca.pem"), "ca.pem", "no such CA bundle")
    user_error(gl("assess", "--dry-run"), "give a catalog file")
    assert listing(tmp_path) == ["c.csv"]


def test_from_warc_that_is_not_there_or_not_a_warc(gl, tmp_path):
    user_error(gl("assess", "--from-warc", tmp_path / "absent"), "absent", "no such file or folder")
    (tmp_path / "empty").mkdir()
    user_error(gl("assess", "--from-warc", tmp_path / "empty"), "empty", "no .warc.gz")
    (tmp_path / "x.warc.gz").write_bytes(b"\x1f\x8b not really")
    user_error(gl("assess", "--from-warc", tmp_path / "x.warc.gz"), "x.warc.gz", "not a WARC file")


# ---------------------------------------------------------------- values and options


def test_every_format_and_lang_value_is_validated(gl, demo_dir):
    user_error(gl("report", "--lang", "fr", "-w", demo_dir / WS), "--lang", "'fr'", "'en', 'th'")
    user_error(gl("report", "--format", "docx", "-w", demo_dir / WS), "--format", "'docx'", "'html', 'pdf', 'csv', 'xlsx', 'json'")
    user_error(gl("checks", "list", "--format", "yaml"), "--format", "'yaml'", "'markdown'")
    user_error(gl("frameworks", "list", "--format", "csv"), "--format", "'csv'")
    user_error(gl("report", "--fail-on", "failure", "-w", demo_dir / WS), "--fail-on", "'failure'", "unreachable")
    user_error(gl("report", "-o", "x.csv", "--format", "xlsx", "-w", demo_dir / WS), "--output x.csv", "--format xlsx")


def test_a_misspelt_option_suggests_the_current_name_only(gl):
    r = gl("report", "--outpt", "x")
    user_error(r, "--outpt", "did you mean --output?")
    assert "--out," not in r.err and "--out " not in r.err


def test_bad_config_and_check_options(gl, tmp_path):
    (tmp_path / "govlens.toml").write_text('[crawl]\nmax_pages = "ten"\n', encoding="utf-8")
    user_error(gl("runs", cwd=tmp_path), "govlens.toml", "[crawl] max_pages", "whole number")
    (tmp_path / "govlens.toml").write_text("[crawler]\n", encoding="utf-8")
    user_error(gl("runs", cwd=tmp_path), "govlens.toml", "unknown key(s) crawler")
    (tmp_path / "govlens.toml").unlink()
    user_error(gl("checks", "page", tmp_path, "--url", "https://a/", "--check-option", "content.freshness.max_days=soon"),
               "--check-option", "max_days must be int")


def test_un_data_commands_without_data(gl, tmp_path):
    user_error(gl("data", "un-reproduce", tmp_path), str(tmp_path), "no UN EGDI data found here")
    user_error(gl("data", "un-reproduce", tmp_path / "absent"), "absent", "no such file or folder")
    user_error(gl("data", "un-sensitivity", "--year", "1990"), "--year 1990", "no EGDI data for that year")
    user_error(gl("data", "un-sensitivity", "--focus", "XXX"), "--focus", "XXX")


# ---------------------------------------------------------------- bugs


def test_a_bug_is_one_line_and_where_to_report_it_and_a_traceback_only_with_debug(gl, demo_dir, monkeypatch):
    import govlens.report.exports as exports
    import govlens.report.run_report as study

    def broken(*a, **k):
        raise RuntimeError("the exporter broke")

    # the grid's exporter and the study report's renderer: the demo run may have answer.json
    monkeypatch.setattr(exports, "export", broken)
    monkeypatch.setattr(study, "write_run_report", broken)
    r = gl("report", "-w", demo_dir / WS, "-o", "x.html")
    assert r.code == 3 and "Traceback" not in r.err
    assert "internal error: RuntimeError: the exporter broke" in r.err and "please report" in r.err
    assert "--debug" in r.err
    r = gl("report", "-w", demo_dir / WS, "-o", "x.html", "--debug")
    assert r.code == 3 and "Traceback" in r.err and "please report" in r.err


# ---------------------------------------------------------------- as a subprocess


@pytest.mark.parametrize(("args", "words"), [
    (("report", "99"), ("run 99", "no run 99")),
    (("checks", "page", "logo.png", "--url", "https://a.go.th/"), ("logo.png", "PNG image")),
    (("report", "--lang", "fr"), ("--lang", "'fr'")),
    (("evaluate", "other.json", "--labels", "l.csv"), ("other.json", "not a govlens results file")),
])
def test_end_to_end_as_a_process(demo_copy, args, words):
    (demo_copy / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (demo_copy / "other.json").write_text("[1, 2]", encoding="utf-8")
    r = run_sub(*args, cwd=demo_copy)
    user_error(r, *words)  # type: ignore[arg-type]


def test_the_catalog_examples_in_the_docs_are_valid(gl, tmp_path):
    import re

    text = (Path(__file__).resolve().parents[2] / "docs" / "catalog.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(yaml|csv)\n(.*?)```", text, re.S)
    assert {kind for kind, _ in blocks} == {"yaml", "csv"}
    for n, (kind, body) in enumerate(blocks):
        f = tmp_path / f"example{n}.{kind}"
        f.write_text(body, encoding="utf-8")
        r = gl("catalog", "validate", f)
        assert r.code == 0 and ": ok — " in r.out, (kind, r.err)
