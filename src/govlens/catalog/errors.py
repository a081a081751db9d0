"""Errors raised while loading a catalog, each pointing at a file, a line or row, and a field.

Catalogs are written by hand (by researchers, in YAML or a spreadsheet), so a problem must be
reported in terms the author can act on, and all problems of a file at once rather than one
per run.
"""

from __future__ import annotations


class CatalogError(ValueError):
    """One problem in a catalog file.

    ``line`` is 1-based. For YAML files it is the line in the file. For CSV files it is the
    row number counting the header as row 1 (so the first data row is row 2), which is the
    row number a spreadsheet shows. ``line`` is None when the problem concerns the whole file.

    ``str(error)`` is ``"{file}:{line}: {field}: {message}"``, leaving out empty parts.
    """

    def __init__(
        self,
        file: str = "",
        line: int | None = None,
        field: str = "",
        message: str = "",
    ) -> None:
        self.file = str(file)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(self._format())

    def _format(self) -> str:
        location = self.file
        if self.line is not None:
            location = f"{location}:{self.line}" if location else str(self.line)
        return ": ".join(part for part in (location, self.field, self.message) if part)

    def __str__(self) -> str:
        return self._format()

    @property
    def errors(self) -> list[CatalogError]:
        """All problems: for a single error, just itself."""
        return [self]

    def __reduce__(self):
        return (type(self), (self.file, self.line, self.field, self.message))


class CatalogErrors(CatalogError):
    """Several problems found in one pass over a file; ``.errors`` lists them in file order.

    Its own ``file``/``line``/``field`` are those of the first problem; ``str()`` gives a
    count followed by one problem per line.
    """

    def __init__(self, errors: list[CatalogError]) -> None:
        if not errors:
            raise ValueError("CatalogErrors needs at least one error")
        self._errors = list(errors)
        first = self._errors[0]
        super().__init__(first.file, first.line, first.field, f"{len(self._errors)} problems found")

    def _format(self) -> str:
        head = f"{self._errors[0].file}: {len(self._errors)} problems found"
        return "\n".join([head, *(f"  {e}" for e in self._errors)])

    @property
    def errors(self) -> list[CatalogError]:
        return list(self._errors)

    def __reduce__(self):
        return (type(self), (self._errors,))
