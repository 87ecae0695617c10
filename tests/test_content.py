"""Content checks on the built pages and their sources: spelling (hunspell,
Italian dictionary, plus the reviewed word list data/parole-ammesse.txt),
readability (Gulpease), a call to action at the end of every page, post
dates that tell when a post was revised, typographic apostrophes, and the
illustrative case study marked as such."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, build, copy_project
from content_text import blocks, content_pages, gulpease, main

WORD_LIST = ROOT / "data/parole-ammesse.txt"
# Italian elided forms: "dell'attività" is checked as "attività".
ELISIONS = {
    "l", "un", "dell", "all", "nell", "dall", "sull", "coll", "dov", "com", "quest", "quell",
    "c", "d", "s", "m", "t", "v", "n", "gliel", "senz", "tutt", "po", "bell", "sant",
}
# Pages without a call to action at the end: the legal notice and the
# thank-you page.
NO_CTA = {"privacy.md", "grazie.md"}
# Where a call to action leads.
CTA_TARGETS = ("contatti.md", "di-chi-hai-bisogno.md", "servizi.md")


def page_texts(site: Path) -> dict[str, list[str]]:
    out = {}
    for rel in content_pages(site):
        article = main(site / rel)
        if article is not None:
            out[rel] = blocks(article)
    return out


def allowed_words() -> set[str]:
    lines = WORD_LIST.read_text(encoding="utf-8").splitlines()
    return {w.strip() for w in lines if w.strip() and not w.startswith("#")}


def not_allowed(words: set[str]) -> set[str]:
    """The words that are neither in the list nor, lowercase, the lowercase
    of a listed word (a listed word may start a sentence)."""
    allowed = allowed_words()
    lower = {w.lower() for w in allowed if w.islower()}
    return {w for w in words if w not in allowed and w.lower() not in lower}


def words_for_hunspell(text: str) -> list[str]:
    # E-mail and web addresses are not words.
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    out = []
    for token in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*['’]?", text):
        parts = re.split(r"['’]", token)
        if len(parts) > 1 and parts[0].lower() in ELISIONS:
            parts = parts[1:]
        out += [p for p in parts if p]
    return out


def unknown_words(words: list[str]) -> set[str]:
    result = subprocess.run(
        ["hunspell", "-d", "it_IT", "-l"], input="\n".join(words), capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.fixture(scope="module")
def texts(site_dir):
    found = page_texts(site_dir)
    assert len(found) >= 15, "the content pages were not found in the build"
    return found


def test_hunspell_with_the_italian_dictionary_is_installed():
    assert shutil.which("hunspell"), "hunspell is missing: make system-deps installs it"
    result = subprocess.run(["hunspell", "-D"], input="", capture_output=True, text=True)
    assert "it_IT" in result.stdout + result.stderr, "the Italian dictionary (hunspell-it) is missing"


def test_no_misspelling_outside_the_reviewed_word_list(texts):
    problems = {}
    for rel, blocks_ in texts.items():
        unknown = not_allowed(unknown_words(words_for_hunspell("\n".join(blocks_))))
        if unknown:
            problems[rel] = sorted(unknown)
    assert not problems, f"words hunspell does not know (fix them, or add them to {WORD_LIST.name}): {problems}"


def test_the_spelling_check_finds_a_planted_misspelling():
    assert "qualcosza" in not_allowed(unknown_words(words_for_hunspell("Una frase con qualcosza di sbagliato.")))
    assert not not_allowed(unknown_words(words_for_hunspell("Dell’attività e dell'offerta, l’OBM parla all’inizio.")))


def test_every_word_of_the_list_is_still_used(texts):
    used = set()
    for blocks_ in texts.values():
        used |= set(words_for_hunspell("\n".join(blocks_)))
    used_lower = {w.lower() for w in used}
    stale = sorted(w for w in allowed_words() if w not in used and w.lower() not in used_lower)
    assert not stale, f"{WORD_LIST.name} lists words the site no longer uses: {stale}"


def test_gulpease_of_a_known_text():
    # 2 sentences, 9 words, 31 letters: 89 + (600 - 310) / 9
    assert gulpease(["Il gatto dorme.", "La casa è grande e bella."]) == pytest.approx(89 + 290 / 9)
    # A block without a full stop still ends a sentence.
    assert gulpease(["Il gatto dorme", "La casa è grande e bella."]) == pytest.approx(89 + 290 / 9)
    # One long sentence reads worse than two short ones.
    assert gulpease(["Il gatto dorme e la casa è grande e bella."]) < 89 + 290 / 9


def test_every_page_and_post_is_readable(texts):
    scores = {rel: gulpease(b) for rel, b in texts.items()}
    low = {rel: round(s, 1) for rel, s in scores.items() if s < (50 if rel.startswith("privacy/") else 55)}
    assert not low, f"Gulpease below 55 (50 for the privacy notice): {low}"


def markdown_pages() -> list[Path]:
    return sorted(p for p in (ROOT / "docs").rglob("*.md"))


def last_paragraph(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("---", 2)[2]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return paragraphs[-1] if paragraphs else ""


@pytest.mark.parametrize("path", markdown_pages(), ids=lambda p: p.relative_to(ROOT / "docs").as_posix())
def test_every_page_ends_with_a_call_to_action(path):
    rel = path.relative_to(ROOT / "docs").as_posix()
    if rel in NO_CTA:
        assert rel in {"privacy.md", "grazie.md"}
        return
    if front_matter(path).get("contact_form") == "full":
        return  # the page ends with the whole contact form
    last = last_paragraph(path)
    links = re.findall(r"\]\(([^)\s]+)\)", last)
    assert any(link.split("#")[0].endswith(CTA_TARGETS) for link in links), (
        f"docs/{rel} must end with a call to action (a link to {', '.join(CTA_TARGETS)}); "
        f"its last paragraph is: {last[:200]!r}"
    )


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def test_a_post_linking_to_a_newer_post_says_when_it_was_revised():
    posts = {p.name: front_matter(p)["date"] for p in (ROOT / "docs/blog/posts").glob("*.md")}
    problems = []
    for name, date in posts.items():
        text = (ROOT / "docs/blog/posts" / name).read_text(encoding="utf-8")
        for target in set(re.findall(r"\]\(([\w-]+\.md)", text)):
            newer = posts.get(target, {}).get("created")
            if newer and newer > date["created"] and not (date.get("updated") and date["updated"] >= newer):
                problems.append(f"{name} links to {target} ({newer}) but has no date.updated on or after it")
    assert not problems, problems


def test_main_text_has_typographic_apostrophes(texts):
    straight = {rel: [b for b in blocks_ if "'" in b][:3] for rel, blocks_ in texts.items()}
    straight = {k: v for k, v in straight.items() if v}
    assert not straight, f"straight apostrophes in the text: {straight}"


def test_typography_leaves_code_and_addresses_alone(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs/faq.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\n\nL'esempio: `l'OBM` e [l'indirizzo](https://example.com/l'obm).\n\n```\nprint('ciao')\n```\n",
        encoding="utf-8",
    )
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/faq/index.html").read_text(encoding="utf-8")
    assert "L’esempio" in html or "L&rsquo;esempio" in html
    assert "<code>l'OBM</code>" in html or "<code>l&#39;OBM</code>" in html
    assert 'href="https://example.com/l\'obm"' in html
    assert "print" in html and "&rsquo;ciao" not in html and "’ciao" not in html


def test_a_placeholder_page_says_so_on_the_page(site_dir):
    marked = [p for p in markdown_pages() if front_matter(p).get("segnaposto") is True]
    assert marked, "the illustrative case study must carry 'segnaposto: true'"
    for path in marked:
        rel = path.relative_to(ROOT / "docs").with_suffix("")
        built = site_dir / rel / "index.html"
        article = main(built)
        warning = article.select_one(".admonition.warning")
        assert warning is not None and "illustrativ" in warning.get_text().lower(), rel


def test_the_sites_own_words_in_templates_are_typographic_too(site_dir):
    """Text the templates write (the reply form, the share buttons, the
    footer), which Markdown's smarty never sees, uses ’ as the pages do."""
    from bs4 import BeautifulSoup

    from conftest import html_pages

    found = {}
    for rel in html_pages(site_dir):
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        for script in doc.find_all(["script", "style", "template"]):
            script.decompose()
        for part in doc.select(".contact-form, .share, .md-footer, .md-header"):
            text = " ".join(part.get_text(" ").split())
            if "'" in text:
                found.setdefault(rel, []).append(text[max(0, text.index("'") - 30): text.index("'") + 30])
    assert not found, found
