"""Page step: a FAQ page's questions as collapsible blocks that work
without JavaScript.

On a page whose front matter says `faq: true`, every question
(head.faq_entries: a heading that asks, with its answer up to the next
heading) becomes

    <details class="faq-item"><summary><h3 id="…">Question?</h3></summary>
    answer…</details>

The owner keeps writing plain `###` questions under `##` groups; the
heading keeps its id, so a link to a question still lands on it, and the
page's FAQPage structured data reads the
same questions (head.py). The heading's "¶" link goes: a link inside the
summary would be a control inside a control.
"""

from __future__ import annotations

import re

from .head import ARTICLE, faq_entries
from .outputs import Output

HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def page(build, output: Output, html: str) -> str:
    """The FAQ's questions, each in its own <details>."""
    if not output.meta.get("faq"):
        return html
    article = ARTICLE.search(html)
    if not article:
        return html
    content = article.group(1)
    pieces, last = [], 0
    for match, end in faq_entries(content):
        heading = HEADERLINK.sub("", match.group(0))
        pieces += [content[last:match.start()], '<details class="faq-item"><summary>', heading, "</summary>",
                   content[match.end():end].strip(), "</details>\n"]
        last = end
    pieces.append(content[last:])
    return html[: article.start(1)] + "".join(pieces) + html[article.end(1):]
