"""The study report as one self-contained HTML page (no network: the Thai font is embedded,
charts are inline SVG, no script), in English or Thai, from the answer document alone. The
PDF is printed from the same page (``study_pdf``)."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from govlens.report import charts, words
from govlens.report.study_words import Words, interval, pct, points, rank_text

FONTS = Path(__file__).with_name("fonts")
HEATMAP_ROWS = 60  # one A4 page of organisations; the league table lists them all
MAX_TARGETS = 12
MAX_EXEMPLAR_PEERS = 4


@lru_cache(maxsize=1)
def font_css() -> str:
    """@font-face rules with Noto Sans Thai (regular, bold) as base64 data: the page needs no
    font installed and loads nothing."""
    rules = []
    for weight, name in ((400, "NotoSansThai-Regular.ttf"), (700, "NotoSansThai-Bold.ttf")):
        data = base64.b64encode((FONTS / name).read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Noto Sans Thai"; font-style: normal; font-weight: {weight}; '
                     f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def order(doc: dict[str, Any]) -> list[str]:
    """The focus country first, then the peers in the document's order."""
    codes = [doc["focus"], *[p for p in doc.get("peers") or [] if p != doc["focus"]]]
    return [c for c in codes if c in (doc.get("countries") or {})] or [doc["focus"]]


def _framework_view(fw: dict[str, Any], doc: dict[str, Any], w: Words) -> dict[str, Any]:
    codes = [c for c in order(doc) if c in (fw.get("countries") or {})]
    crits = [(c["id"], w.pick(c.get("title")) or c["id"]) for c in fw.get("criteria") or []]
    per = fw.get("countries") or {}
    focus = doc["focus"]
    names = {c: w.country(c, doc) for c in codes}
    complete = [(cid, title) for cid, title in crits
                if codes and all(isinstance((per[c].get("criteria") or {}).get(cid), int | float) for c in codes)]
    missing = [cid for cid, _ in crits if cid not in {a for a, _ in complete}]
    label = w.t("fig_alt_radar", framework=w.pick(fw.get("title")) or fw["id"])
    cols = charts.colours(max(0, len(codes) - 1))
    radar = (Markup(charts.radar([(cid, cid) for cid, _ in complete],
                                 [(names[c], per[c].get("criteria") or {}, cols[i]) for i, c in enumerate(codes)], label))
             if len(complete) >= 3 else None)
    radar_legend = Markup(charts.legend([(cols[i], names[c]) for i, c in enumerate(codes)]))
    gap_rows = [(g["criterion"], g.get("focus"), g.get("peer_median"), g.get("best"), g.get("best_country") or "")
                for g in fw.get("gaps") or []]
    gaps = Markup(charts.gap_bars(gap_rows, w.t("gaps"))) if gap_rows else None
    gap_legend = Markup(charts.legend([(charts.FOCUS, names.get(focus, focus)), (charts.PEERS[0], w.t("best_peer")),
                                       (charts.INK, w.t("peer_median"))]))
    league = fw.get("league") or {}
    focus_league = league.get(focus) or []
    heat_rows = [(w.pick(r.get("name")) or r["org"], [(r.get("criteria") or {}).get(c) for c, _ in crits], r.get("score"))
                 for r in focus_league[:HEATMAP_ROWS]]
    n = len(codes)
    rows = [{"code": c, "name": names[c], "focus": c == focus, **per[c],
             "rank_of": w.t("rank_of", rank=rank_text(per[c].get("rank")), n=n) if per[c].get("rank") is not None else w.t("not_ranked")}
            for c in codes]
    return {"id": fw["id"], "title": w.pick(fw.get("title")) or fw["id"], "edition": fw.get("edition") or "",
            "unit_kinds": [w.kind(k) for k in (fw.get("unit") or {}).get("kinds") or []],
            "unit_why": w.pick((fw.get("unit") or {}).get("why")), "basis": w.pick(fw.get("basis")),
            "criteria": crits, "rows": rows, "n": n, "peer_median": fw.get("peer_median") or {},
            "best": fw.get("best") or {}, "gaps": fw.get("gaps") or [], "radar": radar, "missing": missing,
            "gap_chart": gaps, "radar_legend": radar_legend, "gap_legend": gap_legend,
            "heat_rows": heat_rows, "heat_shown": len(heat_rows), "heat_total": len(focus_league),
            "league": [(c, names.get(c, c), league[c]) for c in codes if league.get(c)],
            "focus_row": per.get(focus) or {}}


def view(doc: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the template shows, in ``lang``; computed once so the template only lays out."""
    w = Words(lang)
    focus = doc["focus"]
    frameworks = [_framework_view(fw, doc, w) for fw in doc.get("frameworks") or []]
    recs = sorted(doc.get("recommendations") or [], key=lambda r: (r.get("rank") is None, r.get("rank") or 0))
    levels = []
    for level in ("portal", "ministry", "policy"):
        these = [r for r in recs if r.get("level") == level]
        if these:
            levels.append((level, w.level(level, doc), these))
    others = [r for r in recs if r.get("level") not in ("portal", "ministry", "policy")]
    if others:
        levels.append(("other", w.kind("other"), others))
    un = doc.get("un_context") or {}
    history = sorted((un.get("countries") or {}).get(focus) or [], key=lambda r: r.get("year", 0))
    ranked = [(r["year"], r["egdi_rank"]) for r in history if r.get("egdi_rank") is not None]
    rank_chart = None
    if ranked:
        label = w.t("rank_history", country=w.country(focus, doc), first=ranked[0][0], last=ranked[-1][0])
        rank_chart = (label, Markup(charts.rank_line(ranked, label)))
    replay = doc.get("replay") or {}
    return {"w": w, "lang": lang, "doc": doc, "focus": focus, "focus_name": w.country(focus, doc),
            "peer_names": [w.country(c, doc) for c in order(doc)[1:]], "codes": order(doc),
            "frameworks": frameworks, "levels": levels, "top": recs[:3], "history": history,
            "un_codes": [c for c in order(doc) if (un.get("countries") or {}).get(c)],
            "rank_chart": rank_chart, "un": un,
            "replay_static": replay.get("how") == "static", "replay_note": w.pick(replay.get("note")),
            "pct": pct, "points": points, "heat": charts.heat,
            "note": lambda text: (words.note(text, lang) or text) if text else "", "interval": interval, "rank_text": rank_text,
            "fictional": bool(doc.get("fictional")),
            "max_targets": MAX_TARGETS, "max_peers": MAX_EXEMPLAR_PEERS}


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("govlens.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def render_study_html(doc: dict[str, Any], lang: str = "en", annex_html: str | None = None,
                      for_print: bool = False) -> str:
    """The study report of answer document ``doc`` as one HTML page in ``lang`` (en | th).
    ``annex_html`` (trusted markup, e.g. the site × check grid) is placed at the end."""
    v = view(doc, lang)
    w: Words = v["w"]
    css = (Path(__file__).parent / "templates" / "study.css").read_text(encoding="utf-8")
    page = (f"@page {{ @top-center {{ content: {_css_string(w.t('fictional_banner'))}; }} }}"
            if v["fictional"] else "")
    return _env().get_template("study.html.j2").render(
        **v, font_css=Markup(font_css()), css=Markup(css), page_css=Markup(page),
        annex=Markup(annex_html) if annex_html else None, for_print=for_print)


def write_study_html(doc: dict[str, Any], out: Path, lang: str = "en", annex_html: str | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_study_html(doc, lang, annex_html), encoding="utf-8")
    return out
