"""Text files people give govlens (catalogs, labels, answers, headers): bytes → text.

UTF-8 (with or without a BOM) is the norm. Thai offices still save spreadsheets as
TIS-620 / windows-874 (Excel's "CSV" on a Thai Windows), so a file that is not UTF-8 but
whose high bytes are nearly all Thai letters in windows-874 is read as windows-874, and any
encoding can be declared (``--encoding``). Everything else is refused with the file, the
line and the byte, never guessed (a wrong guess garbles names silently).
"""

from __future__ import annotations

import codecs
from pathlib import Path

# labels people write → Python codecs (TIS-620 and ISO-8859-11 are read as windows-874, a
# superset, as the WHATWG Encoding standard maps them)
_ALIASES = {"tis-620": "cp874", "tis620": "cp874", "iso-8859-11": "cp874", "iso8859-11": "cp874",
            "windows-874": "cp874", "x-windows-874": "cp874", "cp874": "cp874", "thai": "cp874",
            "utf8": "utf-8", "utf-8": "utf-8", "utf-8-sig": "utf-8"}


class TextFileError(ValueError):
    """A file that cannot be read as text: ``str()`` is ``"<file>[:<line>]: <problem>"``."""

    def __init__(self, file: str | Path, problem: str, line: int | None = None) -> None:
        self.file, self.problem, self.line = str(file), problem, line
        super().__init__(f"{self.file}{f':{line}' if line else ''}: {problem}")


def codec(label: str) -> str:
    """The Python codec for an encoding label (ValueError for an unknown one)."""
    name = label.strip().lower()
    if name in _ALIASES:
        return _ALIASES[name]
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding {label!r} (e.g. utf-8, windows-874, tis-620)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"{label!r} is not a text encoding")
    return info.name


def looks_thai(raw: bytes) -> bool:
    """Undeclared legacy Thai: nearly every high byte decodes to a Thai letter in windows-874."""
    high = [b for b in raw[:65536] if b >= 0x80]
    if len(high) < 4:
        return False
    text = bytes(high).decode("cp874", errors="replace")
    return sum(1 for ch in text if "\u0e00" <= ch <= "\u0e7f") / len(high) > 0.9


def decode_text(raw: bytes, file: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used): the declared ``encoding``, else UTF-8, else detected windows-874."""
    if encoding:
        name = codec(encoding)
        try:
            text = raw.decode("utf-8-sig" if name == "utf-8" else name)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise TextFileError(file, f"not valid {encoding} (byte 0x{raw[exc.start]:02x})", line) from None
        return text, name
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        if looks_thai(raw):
            try:
                return raw.decode("cp874"), "windows-874"
            except UnicodeDecodeError:
                pass
        line = raw[: exc.start].count(b"\n") + 1
        raise TextFileError(
            file, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8, or "
                  "declare its encoding (--encoding windows-874)", line) from None


def read_text(path: str | Path, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a file; missing files, folders and binary files are TextFileErrors."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise TextFileError(p, "no such file") from None
    except IsADirectoryError:
        raise TextFileError(p, "is a folder, not a file") from None
    except OSError as exc:
        raise TextFileError(p, f"cannot read: {exc.strerror or exc}") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not encoding:
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TextFileError(p, "not valid UTF-16 despite its byte-order mark") from None
    if b"\x00" in raw[:8192]:
        raise TextFileError(p, "is a binary file, not text")
    return decode_text(raw, p, encoding)


def load_yaml(text: str):  # noqa: ANN201 - whatever the document holds
    """``yaml.safe_load`` through libyaml when it is installed (the same safe schema, about
    ten times faster: lexicons and frameworks are read at every start)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - safe loader
