"""Page step: a FAQ page's questions as collapsible blocks that work
without JavaScript.

On a page whose front matter says `faq: true`, every question (`entries`:
a second- or third-level heading of the article that asks, ending with
"?", with its answer: what follows it up to the next such heading or the
page's closing action button) becomes

    <details class="faq-item"><summary><h3 id="…">Question?</h3></summary>
    answer…</details>

The owner keeps writing plain `###` questions under `##` groups; the
heading keeps its id, so a link to a question still lands on it, and the
page's FAQPage structured data (head.py) reads the same questions from
these blocks (`questions`). The heading's "¶" link goes: a link inside the
summary would be a control inside a control.
"""

from __future__ import annotations

from . import html, theme
from .html import Node
from .outputs import Output

ITEM = "details.faq-item"
HEADINGS = ("h2", "h3")


def _is_heading(node: Node) -> bool:
    """A second- or third-level heading, or an element holding one."""
    return node.is_element_node and (node.tag in HEADINGS or node.css_first("h2, h3") is not None)


def _is_action(node: Node) -> bool:
    """The page's closing action: a paragraph that opens with a button."""
    first = node.child if node.is_element_node and node.tag == "p" and not node.attributes else None
    return first is not None and first.is_element_node and first.css_matches("a.md-button")


def entries(article: Node) -> list[tuple[Node, list[Node]]]:
    """The questions of a FAQ page's article, each with its answer's nodes."""
    found = []
    for heading in html.elements(article):
        if heading.tag not in HEADINGS or "id" not in heading.attributes:
            continue
        if not html.text(heading, skip=theme.HEADERLINK.css).endswith("?"):
            continue
        answer = []
        node = heading.next
        while node is not None and not _is_heading(node) and not _is_action(node):
            answer.append(node)
            node = node.next
        while answer and answer[-1].is_text_node and not answer[-1].text_content.strip():
            answer.pop()
        while answer and answer[0].is_text_node and not answer[0].text_content.strip():
            answer.pop(0)
        found.append((heading, answer))
    return found


def questions(page: html.Page) -> list[tuple[str, str]]:
    """The FAQ's questions and answers as text, from its blocks."""
    found = []
    for item in page.select(ITEM):
        summary = item.css_first("summary")
        answer = [node for node in html.children(item) if node is not summary and node.tag != "summary"]
        found.append((html.text(summary), html.texts(answer)))
    return found


def page(build, output: Output, page: html.Page) -> None:
    """The FAQ's questions, each in its own <details>."""
    if not output.meta.get("faq"):
        return
    article = page.first(theme.ARTICLE.css)
    if article is None:
        return
    for heading, answer in entries(article):
        for link in heading.css(theme.HEADERLINK.css):
            link.decompose()
        html.insert_before(heading, '<details class="faq-item"><summary></summary></details>')
        item = heading.prev
        item.css_first("summary").insert_child(heading, move=True)
        for node in answer:
            item.insert_child(node, move=True)
