"""The role-comparison data (AV and OBM side by side) and its HTML table.

The data lives in one YAML file (``data/roles.yml``): the sources the rows
rest on, and one row per dimension with the AV side, the OBM side and the
source. Every problem in that file is reported as a ``RoleDataError`` whose
message starts with the file's path, so that a build fails with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import yaml

from .datafile import cached, load_lines, typographic
from .errors import ContentError, yaml_error


class RoleDataError(ContentError):
    """The role data file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Source:
    id: str
    label: str
    work: str
    url: str


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    va: str
    obm: str
    source: Source
    compact: bool


@dataclass(frozen=True)
class RoleData:
    path: str
    rows: tuple[Row, ...]

    def select(self, ids: list[str] | None, compact: bool) -> list[Row]:
        """The rows a table shows: the named ones in that order, or all
        rows (only those marked ``compact`` for the compact form)."""
        if not ids:
            return [r for r in self.rows if r.compact or not compact]
        by_id = {r.id: r for r in self.rows}
        unknown = [i for i in ids if i not in by_id]
        if unknown:
            raise RoleDataError(
                f"{self.path}: unknown row {', '.join(repr(u) for u in unknown)}; "
                f"known rows: {', '.join(by_id)}"
            )
        return [by_id[i] for i in ids]


_cache: dict[tuple, RoleData] = {}


def load_roles(path: str) -> RoleData:
    """Read and check the role data file (cached until the file changes)."""
    return cached(path, lambda: _parse(path), RoleDataError, "role data file", _cache)


def _text(path: str, where: str, entry: dict, field: str, required: bool = True,
          written: dict | None = None) -> str:
    """A text field of `entry`, as the file writes it (`written`, from
    datafile.load_lines: `va: no` is "no", not false)."""
    value = entry.get(field)
    if not isinstance(value, str):
        value = (written or {}).get((id(entry), field), value)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise RoleDataError(f"{path}: {where}: '{field}' must be a non-empty text")
    return typographic(value.strip())


def _parse(path: str) -> RoleData:
    try:
        with open(path, encoding="utf-8") as f:
            raw, _, written = load_lines(f)
    except yaml.YAMLError as e:
        raise RoleDataError(str(yaml_error(path, e, "the role data file"))) from None
    if not isinstance(raw, dict):
        raise RoleDataError(f"{path}: expected a mapping with 'sources' and 'rows'")
    unknown_keys = set(raw) - {"sources", "rows"}
    if unknown_keys:
        raise RoleDataError(f"{path}: unknown key(s) {', '.join(sorted(unknown_keys))}")

    sources_raw = raw.get("sources")
    if not isinstance(sources_raw, dict) or not sources_raw:
        raise RoleDataError(f"{path}: 'sources' must map each source id to its label and work")
    sources = {}
    for sid, entry in sources_raw.items():
        where = f"source '{sid}'"
        if not isinstance(entry, dict):
            raise RoleDataError(f"{path}: {where}: expected a mapping with 'label'")
        sources[sid] = Source(
            id=str(sid),
            label=_text(path, where, entry, written=written, field="label"),
            work=_text(path, where, entry, written=written, field="work", required=False),
            url=_text(path, where, entry, written=written, field="url", required=False),
        )

    rows_raw = raw.get("rows")
    if not isinstance(rows_raw, list) or not rows_raw:
        raise RoleDataError(f"{path}: 'rows' must be a non-empty list")
    rows, seen = [], set()
    for n, entry in enumerate(rows_raw, start=1):
        if not isinstance(entry, dict):
            raise RoleDataError(f"{path}: row {n}: expected a mapping")
        rid = entry.get("id")
        where = f"row {n} ('{rid}')" if rid else f"row {n}"
        if not isinstance(rid, str) or not rid.strip():
            raise RoleDataError(f"{path}: {where}: 'id' must be a non-empty text")
        if rid in seen:
            raise RoleDataError(f"{path}: {where}: id '{rid}' is used twice")
        seen.add(rid)
        extra = set(entry) - {"id", "label", "va", "obm", "source", "compact"}
        if extra:
            raise RoleDataError(f"{path}: {where}: unknown field(s) {', '.join(sorted(extra))}")
        source_id = _text(path, where, entry, written=written, field="source")
        if source_id not in sources:
            raise RoleDataError(
                f"{path}: {where}: source '{source_id}' is not one of {', '.join(sources)}"
            )
        compact = entry.get("compact", False)
        if not isinstance(compact, bool):
            raise RoleDataError(f"{path}: {where}: 'compact' must be true or false")
        rows.append(Row(
            id=rid,
            label=_text(path, where, entry, written=written, field="label"),
            va=_text(path, where, entry, written=written, field="va"),
            obm=_text(path, where, entry, written=written, field="obm"),
            source=sources[source_id],
            compact=compact,
        ))
    if not any(r.compact for r in rows):
        raise RoleDataError(f"{path}: no row is marked 'compact: true' for the compact table")
    return RoleData(path=path, rows=tuple(rows))


HEAD_VA = "Assistente virtuale (AV)"
HEAD_OBM = "Online Business Manager (OBM)"


def render_table(rows: list[Row], *, compact: bool, caption: str, anchors: bool) -> str:
    """A real table: caption, header cells with scope, a visible source per row.

    ``data-label`` carries each column's name for the stacked layout on
    narrow screens (see the site's stylesheet). With ``anchors`` each row
    gets an id (``ruolo-<row id>``) that other pages can link to."""
    form = "compact" if compact else "full"
    # One source for every row (e.g. one author's axes): said once, in the
    # caption, instead of the same name repeated on every row.
    sources = {row.source for row in rows}
    single = sources.pop() if len(sources) == 1 else None
    caption_html = escape(caption, quote=False)
    if single:
        credit = escape(single.label, quote=False)
        if single.work and not compact:
            credit += f", <cite>{escape(single.work, quote=False)}</cite>"
        caption_html += f' <span class="role-table__credit">(fonte: {credit})</span>'
    out = [
        f'<div class="role-table role-table--{form}">',
        "<table>",
        f"<caption>{caption_html}</caption>",
        "<thead><tr>",
        '<th scope="col">Aspetto</th>',
        f'<th scope="col">{HEAD_VA}</th>',
        f'<th scope="col">{HEAD_OBM}</th>',
    ]
    if not single:
        out.append('<th scope="col">Fonte</th>')
    out += [
        "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        source = escape(row.source.label, quote=False)
        if row.source.work and not compact:
            source += f", <cite>{escape(row.source.work, quote=False)}</cite>"
        out += [
            f'<tr id="ruolo-{escape(row.id)}">' if anchors else "<tr>",
            f'<th scope="row">{escape(row.label, quote=False)}</th>',
            f'<td data-label="{HEAD_VA}">{escape(row.va, quote=False)}</td>',
            f'<td data-label="{HEAD_OBM}">{escape(row.obm, quote=False)}</td>',
        ]
        if not single:
            out.append(f'<td class="role-table__source" data-label="Fonte">{source}</td>')
        out.append("</tr>")
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


def render_short(rows: list[Row], *, caption: str) -> str:
    """The short contrast (the home page's): the two roles side by side,
    one row per dimension, in two columns that stay side by side on a
    phone. The sources are named once, in the caption, instead of a column;
    the full table on the comparison page keeps one per row."""
    labels = []
    for row in rows:
        if row.source.label not in labels:
            labels.append(row.source.label)
    credit = escape("; ".join(labels), quote=False)
    word = "fonte" if len(labels) == 1 else "fonti"
    out = [
        '<div class="role-contrast">',
        "<table>",
        f'<caption>{escape(caption, quote=False)} <span class="role-contrast__credit">({word}: {credit})</span>'
        "</caption>",
        "<thead><tr>",
        f'<th scope="col">{HEAD_VA}</th>',
        f'<th scope="col">{HEAD_OBM}</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    for row in rows:
        out += ["<tr>",
                f'<td>{escape(row.va, quote=False)}</td>',
                f'<td>{escape(row.obm, quote=False)}</td>',
                "</tr>"]
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)
