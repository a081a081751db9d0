"""Extract the published ACT rules test cases from a snapshot of act-rules/act-rules.github.io.

Follows act-tools (``src/act/get-rule-examples.ts``, ``examples/test-case-hash.ts``,
``examples/add-code-template.ts``, ``build-examples/extract-test-cases.ts``), which builds the W3C's
``testcases.json``: an example is a markdown heading whose only text mentions "example"/"case" and
"pass"/"fail"/"inapplicable", followed by a fenced code block; its id is the sha1 of the code with
whitespace runs collapsed and trimmed; its url is
``https://www.w3.org/WAI/content-assets/wcag-act-rules/testcases/<rule>/<id>.<lang>``; the file
served there wraps a fragment in a doctype, ``<html lang="en">`` and a ``<title>``.

Usage (reads the snapshot with ``git show``, writes ``accuracy/act/testcases/testcases.json``)::

    .venv/bin/python accuracy/act/extract.py --git-dir /work/.mirror/act-rules+act-rules.github.io/repo
    .venv/bin/python accuracy/act/extract.py --git-dir ... --rules 674b10,6a7281   # only those rules

The extracted test cases are W3C ACT Rules Community Group material, distributed under the
W3C Software and Document License (https://act-rules.github.io/pages/license/).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

BASE_URL = "https://www.w3.org/WAI/content-assets/wcag-act-rules/"
PAGE_URL = "https://www.w3.org/WAI/standards-guidelines/act/rules/"
ASSETS = "/WAI/content-assets/wcag-act-rules"
HTML_DOCTYPE = "<!DOCTYPE html>"
XHTML_DOCTYPE = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
                 '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">')
OUT = Path(__file__).parent / "testcases" / "testcases.json"

_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^(\s{0,3})(`{3,}|~{3,})\s*([\w+-]*)")


def testcase_hash(code: str) -> str:
    return hashlib.sha1(re.sub(r"\s+", " ", code.strip()).encode("utf-8")).hexdigest()


def add_code_template(code: str, lang: str, title: str) -> str:
    code = (code.replace('"/test-assets/', f'"{ASSETS}/test-assets/')
            .replace("'/test-assets/", f"'{ASSETS}/test-assets/")
            .replace("url(/test-assets/", f"url({ASSETS}/test-assets/"))
    if lang not in ("html", "xhtml") or re.search(r"<!doctype", code, re.I):
        return code
    doctype = HTML_DOCTYPE if lang == "html" else XHTML_DOCTYPE
    if re.search(r"<html", code, re.I):
        return f"{doctype}\n{code}"
    head = "" if re.search(r"<head", code, re.I) else f"<head>\n\t<title>{title}</title>\n</head>"
    body = code if re.search(r"<body", code, re.I) else "<body>\n" + "\n".join(
        "\t" + line if line else line for line in code.split("\n")) + "\n</body>"
    return "\n".join(s for s in (doctype, '<html lang="en">', head, body, "</html>") if s)


def frontmatter(text: str) -> tuple[dict[str, str], str]:
    """The scalar keys of the rule's YAML frontmatter (id, name, rule_type, deprecated) and the body."""
    if not text.startswith("---"):
        return {}, text
    end = text.index("\n---", 3)
    meta: dict[str, str] = {}
    for line in text[3:end].splitlines():
        m = re.match(r"^([a-z_]+):\s*(.*)$", line)
        if m:
            meta[m.group(1)] = m.group(2).strip().strip("'\"")
    return meta, text[end + 4:]


def examples(body: str) -> list[dict[str, str]]:
    """(title, expected, language, code) of each example heading followed by a fenced code block."""
    out: list[dict[str, str]] = []
    lines = body.split("\n")
    title: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        h = _HEADING.match(line)
        f = _FENCE.match(line)
        if h:
            text = h.group(1)
            low = text.lower()
            plain = not re.search(r"[`*_\[\]]", text)  # the heading is one text node
            title = text if (plain and re.search(r"example|case", low)
                             and re.search(r"pass|fail|inapplicable", low)) else None
        elif f:
            indent, fence, lang = f.groups()
            code_lines = []
            i += 1
            while i < len(lines) and not re.match(rf"^\s{{0,3}}{fence[0]}{{{len(fence)},}}\s*$", lines[i]):
                ln = lines[i]
                code_lines.append(ln[len(indent):] if ln.startswith(indent) else ln.lstrip())
                i += 1
            if title is not None:
                low = title.lower()
                expected = ("passed" if re.search("pass", low) else
                            "failed" if re.search("fail", low) else "inapplicable")
                out.append({"title": title, "expected": expected, "language": lang or "",
                            "code": "\n".join(code_lines)})
                title = None
        i += 1
    return out


def extract(git_dir: str, rules: set[str] | None) -> dict:
    files = subprocess.run(["git", f"--git-dir={git_dir}", "ls-tree", "--name-only", "HEAD", "_rules/"],
                           capture_output=True, text=True, check=True).stdout.split()
    commit = subprocess.run(["git", f"--git-dir={git_dir}", "rev-parse", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()
    testcases = []
    for path in sorted(files):
        if not path.endswith(".md"):
            continue
        text = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"],
                              capture_output=True, text=True, check=True).stdout
        meta, body = frontmatter(text)
        rid = meta.get("id", "")
        if not rid or (rules is not None and rid not in rules) or "deprecated" in meta:
            continue
        for ex in examples(body):
            tid = testcase_hash(ex["code"])
            rel = f"testcases/{rid}/{tid}.{ex['language']}"
            testcases.append({
                "ruleId": rid, "ruleName": meta.get("name", ""), "ruleType": meta.get("rule_type", ""),
                "testcaseId": tid, "testcaseTitle": ex["title"], "expected": ex["expected"],
                "language": ex["language"], "relativePath": rel, "url": BASE_URL + rel,
                "rulePage": f"{PAGE_URL}{rid}/", "source": path,
                "rawCode": ex["code"], "codeSnippet": add_code_template(ex["code"], ex["language"], ex["title"]),
            })
    return {"name": "ACT Task Force test cases (extracted)",
            "website": "https://act-rules.github.io/",
            "license": "https://act-rules.github.io/pages/license/ (W3C Software and Document License)",
            "source": f"github:act-rules/act-rules.github.io@{commit}",
            "count": len(testcases), "testcases": testcases}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--rules", default="", help="comma-separated rule ids (default: every rule)")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args()
    rules = {r.strip() for r in args.rules.split(",") if r.strip()} or None
    data = extract(args.git_dir, rules)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{data['count']} test cases → {args.out}")


if __name__ == "__main__":
    main()
