"""Read a YAML catalog, keeping the line number of every key and value.

PyYAML's plain ``safe_load`` forgets where values came from; this loader subclass records
the line of each mapping, each of its values and each sequence item, so that a problem can
be reported as ``file:line: field: message``. Duplicate keys (which YAML silently resolves
to the last one) are reported too.
"""

from __future__ import annotations

import yaml

from ._build import Builder, DraftOrg
from .errors import CatalogError
from .life_events import life_events
from .models import KINDS, SECTORS, Catalog, Name, Service, Site

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Map(dict):
    """A dict that knows its own line and the line of each key and value."""

    line: int = 1
    lines: dict
    key_lines: dict

    def at(self, key: str) -> tuple[object, int]:
        return self.get(key), self.lines.get(key, self.line)


class _Seq(list):
    """A list that knows its own line and the line of each item."""

    line: int = 1
    lines: list


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[int, str]] = []


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = _Map()
    data.line = node.start_mark.line + 1
    data.lines = {}
    data.key_lines = {}
    yield data
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
            if key_node.value in seen:
                loader.duplicate_keys.append((key_node.start_mark.line + 1, key_node.value))
            seen.add(key_node.value)
    data.update(loader.construct_mapping(node))
    for key_node, value_node in node.value:  # merge keys are flattened by now
        key = loader.construct_object(key_node)
        # the last occurrence wins, as it does for the value
        data.lines[key] = value_node.start_mark.line + 1
        data.key_lines[key] = key_node.start_mark.line + 1


def _construct_seq(loader: _Loader, node: yaml.SequenceNode):
    data = _Seq()
    data.line = node.start_mark.line + 1
    data.lines = [item.start_mark.line + 1 for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode):
    # An impossible date such as 2024-13-45 would raise deep inside PyYAML; keep the text
    # and let the date check report it with its line.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

TOP_KEYS = ("catalog", "source", "as_of", "countries")
COUNTRY_KEYS = ("code", "name", "organisations")
ORG_KEYS = ("id", "kind", "sector", "parent", "name", "source", "ref", "sites", "services")
SITE_KEYS = ("url", "source", "checked", "verified")
SERVICE_KEYS = ("name", "life_event", "url")
NAME_KEYS = ("en", "th")


def parse(file: str, text: str) -> tuple[object, list[tuple[int, str]]]:
    """The YAML document as _Map/_Seq/scalars and the (line, key) of duplicate keys.

    Raises CatalogError for a syntax error.
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "syntax error"
        if exc.context and exc.problem:
            where = ""
            if (
                exc.context_mark is not None
                and mark is not None
                and exc.context_mark.line != mark.line
            ):
                where = f" at line {exc.context_mark.line + 1}"
            problem = f"{problem} ({exc.context}{where})"
        raise CatalogError(
            file, mark.line + 1 if mark else None, "", f"invalid YAML: {problem}"
        ) from None
    except yaml.YAMLError as exc:
        raise CatalogError(file, None, "", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, loader.duplicate_keys


def load_yaml(file: str, text: str) -> Catalog:
    data, duplicate_keys = parse(file, text)
    b = Builder(file, "line")
    for line, key in duplicate_keys:
        b.error(line, key, "key appears twice in the same mapping (the last one would win)")
    if data is None:
        raise CatalogError(file, None, "", "file is empty")
    if not isinstance(data, _Map):
        line = data.line if isinstance(data, _Seq) else 1
        raise CatalogError(
            file,
            line,
            "",
            f"top level must be a mapping with the keys {', '.join(TOP_KEYS)} "
            f"(found {_kind_of(data)})",
        )
    _check_keys(b, data, TOP_KEYS)
    value, line = data.at("catalog")
    name = b.ident(value, line, "catalog")
    value, line = data.at("source")
    source = b.text(value, line, "source", required=False)
    value, line = data.at("as_of")
    as_of = b.date(value, line, "as_of")

    countries, line = data.at("countries")
    if countries is None:
        b.error(data.line, "countries", "required field is missing or empty")
    elif not isinstance(countries, _Seq):
        b.error(line, "countries", f"must be a list of countries, not {_kind_of(countries)}")
    elif not countries:
        b.error(line, "countries", "the list of countries is empty")
    else:
        for item, item_line in zip(countries, countries.lines, strict=True):
            _country(b, item, item_line)
    return b.finish(name or "", source or "", as_of or "")


def _country(b: Builder, item: object, line: int) -> None:
    if not isinstance(item, _Map):
        b.error(line, "countries", f"each country must be a mapping, not {_kind_of(item)}")
        return
    _check_keys(b, item, COUNTRY_KEYS)
    value, code_line = item.at("code")
    code = b.iso3(value, code_line, "code")
    value, vline = item.at("name")
    name = _name(b, value, vline, "name", item.line)
    if code is not None and name is not None:
        b.add_country(code, name, code_line)
    orgs, oline = item.at("organisations")
    if orgs is None:
        return
    if not isinstance(orgs, _Seq):
        b.error(oline, "organisations", f"must be a list, not {_kind_of(orgs)}")
        return
    for org, org_line in zip(orgs, orgs.lines, strict=True):
        _organisation(b, org, org_line, code)


def _organisation(b: Builder, item: object, line: int, country: str | None) -> None:
    if not isinstance(item, _Map):
        b.error(line, "organisations", f"each organisation must be a mapping, not {_kind_of(item)}")
        return
    _check_keys(b, item, ORG_KEYS)
    id_value, id_line = item.at("id")
    org_id = b.ident(id_value, id_line, "id")
    value, vline = item.at("kind")
    kind = b.choice(value, vline, "kind", KINDS)
    value, vline = item.at("sector")
    sector = b.choice(value, vline, "sector", SECTORS)
    parent_value, parent_line = item.at("parent")
    parent = b.ident(parent_value, parent_line, "parent", required=False) or None
    value, vline = item.at("name")
    name = _name(b, value, vline, "name", item.line)
    value, vline = item.at("source")
    org_source = b.text(value, vline, "source", required=False) or ""
    value, vline = item.at("ref")
    ref = b.text(value, vline, "ref", required=False) or ""

    draft: DraftOrg | None = None
    if org_id is not None:
        draft = DraftOrg(
            id=org_id,
            name=name,
            kind=kind,
            sector=sector,
            country=country,
            parent=parent,
            line=id_line,
            parent_line=parent_line,
            source=org_source,
            ref=ref,
        )
        if not b.add_org(draft):
            draft = None

    sites, sline = item.at("sites")
    for site_item, site_line in _items(b, sites, sline, "sites"):
        _site(b, draft, site_item, site_line)
    services, sline = item.at("services")
    for service_item, service_line in _items(b, services, sline, "services"):
        service = _service(b, service_item, service_line)
        if service is not None and draft is not None:
            draft.services.append(service)


def _site(b: Builder, draft: DraftOrg | None, item: object, line: int) -> None:
    if isinstance(item, str):  # a bare URL is allowed
        url = b.url(item, line, "url")
        if url is not None:
            b.add_site(draft, Site(url=url), line, "url")
        return
    if not isinstance(item, _Map):
        b.error(line, "sites", f"each site must be a URL or a mapping, not {_kind_of(item)}")
        return
    _check_keys(b, item, SITE_KEYS)
    value, vline = item.at("url")
    url = b.url(value, vline, "url")
    value, sline = item.at("source")
    source = b.text(value, sline, "source", required=False)
    value, cline = item.at("checked")
    checked = b.date(value, cline, "checked")
    value, fline = item.at("verified")
    verified = b.verified(value, fline, "verified", checked or "")
    if url is not None:  # a bad source or date is reported; still check for duplicates
        site = Site(url=url, source=source or "", checked=checked or "", verified=verified)
        b.add_site(draft, site, vline, "url")


def _service(b: Builder, item: object, line: int) -> Service | None:
    if not isinstance(item, _Map):
        b.error(line, "services", f"each service must be a mapping, not {_kind_of(item)}")
        return None
    _check_keys(b, item, SERVICE_KEYS)
    value, vline = item.at("name")
    name = _name(b, value, vline, "name", item.line)
    value, vline = item.at("life_event")
    life_event = b.ident(value, vline, "life_event")
    if life_event is not None:
        life_event = b.choice(life_event, vline, "life_event", tuple(life_events()))
    value, vline = item.at("url")
    url = b.url(value, vline, "url")
    if name is None or life_event is None or url is None:
        return None
    return Service(name=name, life_event=life_event, url=url)


def _name(b: Builder, value: object, line: int, field: str, owner_line: int) -> Name | None:
    if value is None:
        b.error(owner_line, field, "required field is missing or empty")
        return None
    if isinstance(value, str):
        en = b.text(value, line, f"{field}.en")
        return Name(en=en) if en else None
    if isinstance(value, _Map) and "en" not in value and value.get("th"):  # a Thai-only name
        _check_keys(b, value, NAME_KEYS, prefix=f"{field}.")
        th_value, th_line = value.at("th")
        th = b.text(th_value, th_line, f"{field}.th")
        return Name(en="", th=th) if th else None
    if not isinstance(value, _Map):
        b.error(line, field, f"must be a mapping {{en: ..., th: ...}}, not {_kind_of(value)}")
        return None
    _check_keys(b, value, NAME_KEYS, prefix=f"{field}.")
    en_value, en_line = value.at("en")
    en = b.text(en_value, en_line, f"{field}.en")
    th_value, th_line = value.at("th")
    th = b.text(th_value, th_line, f"{field}.th", required=False)
    if en is None or th is None:
        return None
    return Name(en=en, th=th)


def _items(b: Builder, value: object, line: int, field: str):
    if value is None:
        return []
    if not isinstance(value, _Seq):
        b.error(line, field, f"must be a list, not {_kind_of(value)}")
        return []
    return list(zip(value, value.lines, strict=True))


def _check_keys(b: Builder, mapping: _Map, allowed: tuple[str, ...], prefix: str = "") -> None:
    for key in mapping:
        if key not in allowed:
            b.error(
                mapping.key_lines.get(key, mapping.line),
                f"{prefix}{key}",
                f"unknown field (allowed: {', '.join(allowed)})",
            )


def _kind_of(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"a {type(value).__name__} ({value!r})"
