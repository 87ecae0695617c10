"""The one module that parses and writes built HTML.

A built page is parsed once with an HTML5 parser (selectolax, on the
Lexbor engine: the parse every browser makes of the page), the page steps
change the tree, found through the theme contract's selectors
(site_build/theme.py), and the tree is written once at the end.

The writer (`serialise`) is the HTML standard's serialisation made as
short as the parse allows, so that a page that goes through the steps
unchanged keeps its size (the byte budgets of tests/test_speed.py):
an attribute without a value is written bare (`hidden`, not
`hidden=""`), an empty SVG or MathML element closes itself (`<path/>`,
as Material's icons are written), and the white space the parser drops
(between `</head>` and `<body>`, before `<head>`) stays dropped.

Nothing else in site_build/ reads or writes HTML with regular expressions
or string searches: a step asks this module for elements by selector,
changes them (attributes, text, children) and inserts fragments of HTML
that the site's own templates rendered (`fragment`). One site step,
unused_css.py, which runs after the pages are written, finds the
stylesheet link it replaces by the exact text this module wrote for it
(`outer`, noted while the page's tree was held), and goes through the
tree when that text is not in the file exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

Node = LexborNode

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
RAW_TEXT = frozenset("script style xmp iframe noembed noframes plaintext noscript".split())
FOREIGN = frozenset(("svg", "math"))
# Elements inside SVG whose content is HTML again.
HTML_INSIDE_FOREIGN = frozenset(("foreignObject", "desc", "title"))


class Page:
    """A built page's tree: parsed once, queried, changed, written once."""

    def __init__(self, text: str):
        self.tree = LexborHTMLParser(text)

    def select(self, selector: str) -> list[Node]:
        """Every element that matches the CSS `selector`, in document order."""
        return self.tree.css(selector)

    def first(self, selector: str) -> Node | None:
        """The first element that matches `selector`, or None."""
        return self.tree.css_first(selector)

    def has(self, selector: str) -> bool:
        """Whether some element matches `selector`."""
        return self.tree.css_first(selector) is not None

    @property
    def head(self) -> Node:
        return self.tree.head

    @property
    def body(self) -> Node:
        return self.tree.body

    def serialise(self) -> str:
        """The page as HTML: the doctype, then the tree."""
        out: list[str] = []
        _write(self.tree.root.parent, out, False, False)
        return "".join(out)


def parse(text: str) -> Page:
    """The page `text` parsed."""
    return Page(text)


def fragment(html: str) -> list[Node]:
    """The nodes of the HTML fragment `html`, in order, to insert into a
    page (`insert_before`, `insert_after`, `append`, `replace`). The
    fragment is parsed as a document's content: what belongs in a head
    (meta, link, script) comes first, as it is written first."""
    doc = LexborHTMLParser(html)
    return list(children(doc.head)) + list(children(doc.body))


def children(node: Node) -> Iterator[Node]:
    """The node's children, text and comments included."""
    child = node.child
    while child is not None:
        following = child.next
        yield child
        child = following


def elements(node: Node) -> Iterator[Node]:
    """The node's child elements."""
    return (child for child in children(node) if child.is_element_node)


def insert_before(node: Node, html: str) -> None:
    """The fragment `html` before `node`."""
    for new in fragment(html):
        node.insert_before(new)


def insert_after(node: Node, html: str) -> None:
    """The fragment `html` after `node`."""
    for new in reversed(fragment(html)):
        node.insert_after(new)


def append(node: Node, html: str) -> None:
    """The fragment `html` at the end of `node`'s content."""
    for new in fragment(html):
        node.insert_child(new)


def prepend(node: Node, html: str) -> None:
    """The fragment `html` at the start of `node`'s content."""
    first = node.child
    if first is None:
        append(node, html)
    else:
        insert_before(first, html)


def replace(node: Node, html: str) -> None:
    """`node` replaced by the fragment `html` (nothing, when it is empty)."""
    insert_before(node, html)
    remove(node)


def remove(node: Node, spaces_before: bool = False) -> None:
    """`node` out of the page; with `spaces_before`, with the white space
    that precedes it (so that no blank line is left where it was)."""
    if spaces_before:
        before = node.prev
        if before is not None and before.is_text_node and not before.text_content.strip():
            before.decompose()
    node.decompose()


def unwrap_as(node: Node, tag: str) -> Node:
    """`node` as a `tag` element with the same attributes and content."""
    attributes = "".join(_attribute(k, v) for k, v in node.attributes.items())
    new = fragment(f"<{tag}{attributes}></{tag}>")[0]
    node.insert_before(new)
    placed = node.prev
    for child in list(children(node)):
        placed.insert_child(child, move=True)
    node.decompose()
    return placed


def text(node: Node, skip: str | None = None) -> str:
    """The node's text, as a reader sees it (white space collapsed),
    without the elements that match the selector `skip`."""
    found: list[str] = []
    _text(node, found, skip)
    return " ".join("".join(found).split())


def _text(node: Node, found: list[str], skip: str | None) -> None:
    for child in children(node):
        if child.is_text_node:
            found.append(child.text_content)
        elif child.is_element_node and not (skip and child.css_matches(skip)):
            _text(child, found, skip)


def texts(nodes: list[Node], skip: str | None = None) -> str:
    """The text of a run of nodes, as `text` reads one."""
    found: list[str] = []
    for node in nodes:
        if node.is_text_node:
            found.append(node.text_content)
        elif node.is_element_node and not (skip and node.css_matches(skip)):
            _text(node, found, skip)
    return " ".join("".join(found).split())


def set_text(node: Node, value: str) -> None:
    """The element's content replaced by the text `value` (written as it
    is inside a <script> or <style>, escaped elsewhere)."""
    for child in list(children(node)):
        child.decompose()
    node.insert_child(value)


def tag(name: str, attributes: dict[str, str | None]) -> str:
    """An opening tag with `attributes`, escaped as `serialise` writes them."""
    return f"<{name}" + "".join(_attribute(k, v) for k, v in attributes.items()) + ">"


# The attributes that hold text for readers (a picture's description, a
# tooltip, a name for assistive technology, a meta tag's content).
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "content")


def replace_everywhere(page: Page, pairs: list[tuple[str, str]]) -> int:
    """Every `old` in the page's text and text attributes (TEXT_ATTRIBUTES)
    replaced by its `new` (text as a reader sees it: unescaped). Only the
    elements whose text holds an `old` are walked. Returns how many texts
    and values changed."""
    changed = 0

    def walk(node: Node) -> None:
        nonlocal changed
        for child in children(node):
            if child.is_text_node:
                value = child.text_content
                new = value
                for old, replacement in pairs:
                    new = new.replace(old, replacement)
                if new != value:
                    child.replace_with(new)
                    changed += 1
            elif child.is_element_node:
                content = child.text(deep=True)
                if any(old in content for old, _new in pairs):
                    walk(child)

    walk(page.tree.root)
    for old, replacement in pairs:
        quoted = old.replace("\\", "\\\\").replace('"', '\\"')
        for element in page.select(", ".join(f'[{name}*="{quoted}"]' for name in TEXT_ATTRIBUTES)):
            for name in TEXT_ATTRIBUTES:
                value = element.attributes.get(name)
                if value and old in value:
                    element.attrs[name] = value.replace(old, replacement)
                    changed += 1
    return changed


def outer(node: Node) -> str:
    """The element's HTML, as `serialise` writes it."""
    out: list[str] = []
    _element(node, out, False)
    return "".join(out)


def inner(node: Node) -> str:
    """The element's content as HTML."""
    out: list[str] = []
    _write(node, out, node.tag in FOREIGN, node.tag in RAW_TEXT)
    return "".join(out)


def _escape_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(name: str, value: str | None) -> str:
    if value is None:
        return f" {name}"
    return f' {name}="' + value.replace("&", "&amp;").replace("\xa0", "&nbsp;").replace('"', "&quot;") + '"'


def _element(node: Node, out: list[str], foreign: bool) -> None:
    tag = node.tag
    foreign = (foreign or tag in FOREIGN) and tag not in HTML_INSIDE_FOREIGN
    append = out.append
    append("<" + tag)
    attributes = node.attributes
    if attributes:
        for name, value in attributes.items():
            if value is None:
                append(" " + name)
            elif "&" in value or '"' in value or "\xa0" in value:
                append(_attribute(name, value))
            else:
                append(f' {name}="{value}"')
    if tag in VOID and not foreign:
        append(">")
        return
    first = node.child
    if first is None:
        append("/>" if foreign else f"></{tag}>")
        return
    append(">")
    if tag in ("pre", "textarea", "listing") and first.is_text_node and first.text_content.startswith("\n"):
        append("\n")
    if tag == "template":
        append(node.inner_html)
    else:
        _write(node, out, foreign, tag in RAW_TEXT)
    append(f"</{tag}>")


def _write(node: Node, out: list[str], foreign: bool, raw: bool) -> None:
    append = out.append
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            value = child.text_content
            if raw or not ("&" in value or "<" in value or ">" in value or "\xa0" in value):
                append(value)
            else:
                append(_escape_text(value))
        elif tag == "-comment":
            append(child.html)
        elif tag == "-doctype":
            append("<!doctype html>")
        else:
            _element(child, out, foreign)
        child = child.next
