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

from support.content_text import blocks, content_pages, gulpease, main
from support.project import ROOT, build, copy_project

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
    # The end tag of a block (a home section's `</section>`) is no paragraph.
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text)
                  if p.strip() and not re.fullmatch(r"(?:</\w+>\s*)+", p.strip())]
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


@pytest.mark.build
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

    from support.pages import html_pages

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


# ---------------------------------------------------------------------------
# The site's words (GUIDA-AUTRICE.md, section 9; issue 25): claims only the
# owner can make, attributions as the source post has them, the law stated
# exactly, one voice. The checks read the sources the reader's text comes
# from: every page and post (its title and description included), the texts
# in data/ and the words the templates write.
# ---------------------------------------------------------------------------

# The post the site grew from (see DEVELOPERS.md, "Tools"), next to the
# repository as ../shared/sources/.
SOURCE_POST = sorted((ROOT.parent / "shared/sources").glob("*.txt"))
DATA_TEXTS = ("data/roles.yml", "data/services.yml", "data/self-assessment.yml")
LINK_BREAK = "\n\x00\n"
PROSE_WORD = re.compile(r"[^\W\d_]+|\d+")


def strings(value) -> list[str]:
    """Every text inside a YAML value (mappings, lists, scalars)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def markdown_prose(text: str, link_texts: bool = True) -> str:
    """The words of a Markdown page as a reader gets them: the title and
    description of its front matter (the other fields are settings), the
    body without code, shortcodes, link addresses and attribute lists.
    Without `link_texts`, a link (often another page's title) becomes a
    break, LINK_BREAK."""
    meta, body = {}, text
    if text.startswith("---"):
        _, head, body = text.split("---", 2)
        meta = yaml.safe_load(head) or {}
    kept = [meta.get(key) for key in ("title", "description", "hero", "closing")]
    body = re.sub(r"```.*?```", " ", body, flags=re.S)
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    if not link_texts:
        body = re.sub(r"\[[^\]]*\]\([^)]*\)", LINK_BREAK, body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    body = re.sub(r"\{[^}\n]*\}", " ", body)
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"[*_#\[\]]|^!!! \w+|^\s*[-+]\s", " ", body, flags=re.M)
    return "\n".join(strings(kept) + [body])


def template_prose(text: str) -> str:
    """The words a template writes: Jinja and HTML markup removed."""
    text = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def prose_sources(root: Path = ROOT, link_texts: bool = True) -> dict[str, str]:
    """Source file (relative path) -> the prose a reader reads from it, with
    typographic apostrophes made straight so one pattern matches both."""
    out = {}
    for path in sorted((root / "docs").rglob("*.md")):
        out[path.relative_to(root).as_posix()] = markdown_prose(path.read_text(encoding="utf-8"), link_texts)
    for rel in DATA_TEXTS:
        out[rel] = "\n".join(strings(yaml.safe_load((root / rel).read_text(encoding="utf-8"))))
    for path in sorted((root / "overrides").rglob("*.html")):
        out[path.relative_to(root).as_posix()] = template_prose(path.read_text(encoding="utf-8"))
    return {rel: text.replace("’", "'") for rel, text in out.items()}


@pytest.fixture(scope="module")
def prose():
    found = prose_sources()
    assert len(found) >= 25 and "docs/faq.md" in found and "data/roles.yml" in found
    return found


def sentences(text: str) -> list[str]:
    """A text cut at full stops, semicolons, colons and line ends."""
    return [s.strip() for s in re.split(r"[.;:!?\n]+", text) if s.strip()]


def matches(prose: dict[str, str], patterns: list[str], flags=re.I) -> list[str]:
    """'file: «…match…»' for every match of any pattern in any file."""
    found = []
    for rel, text in prose.items():
        for pattern in patterns:
            for m in re.finditer(pattern, text, flags):
                found.append(f"{rel}: «{text[max(0, m.start() - 40):m.end() + 40].strip()}»")
    return found


# Claims of experience the owner has not given. The source post is by
# someone who changed career recently: the site may state her views
# ("secondo me", "la mia lettura") but not a practice, clients, years or
# numbers that nothing she supplied supports. A fact she does supply
# (clients, cases, results) goes into her data, where production refuses a
# placeholder, not into a sentence that asserts it.
UNSUPPORTED_EXPERIENCE = [
    r"\b(nella|dalla|la|della) mia (esperienza|pratica)\b",
    r"\bper esperienza\b",
    r"\banni di (esperienza|lavoro|attività)\b",
    r"\bda (oltre |più di )?(\d+|due|tre|quattro|cinque|sei|sette|otto|nove|dieci|molti) anni\b",
    r"\b(le persone|i clienti|le clienti|i professionisti) con cui (parlo|lavoro|ho lavorato)\b",
    r"\b(ho aiutato|ho affiancato|ho accompagnato|ho gestito per) \w+",
    r"\b(vedo|sento|incontro) (spesso|sempre|di continuo)\b",
    r"\b(spesso|di solito) (vedo|sento|incontro)\b",
    r"\bmi (chiedono|scrivono) spesso\b",
    r"\bnel mio lavoro (vedo|noto)\b",
    r"\b\d+ (clienti|progetti seguiti|collaborazioni)\b",
    r"\bmolte (mie )?clienti\b|\bmolti (miei )?clienti\b",
]


def _owner_voice(prose: dict[str, str]) -> dict[str, str]:
    """The prose in the owner's voice: the self-assessment's answers are
    the reader's words about her own business ("le persone con cui lavoro
    vanno avanti da sole"), not claims of the owner's."""
    data = yaml.safe_load((ROOT / "data/self-assessment.yml").read_text(encoding="utf-8"))
    answers = {o["text"] for q in data["questions"] for o in q["options"]}

    def without_answers(value):
        if isinstance(value, dict):
            return {k: without_answers(v) for k, v in value.items() if not (k == "text" and v in answers)}
        if isinstance(value, list):
            return [without_answers(v) for v in value]
        return value

    own = dict(prose)
    own["data/self-assessment.yml"] = "\n".join(strings(without_answers(data))).replace("’", "'")
    return own


def test_no_experience_the_owner_has_not_given(prose):
    found = matches(_owner_voice(prose), UNSUPPORTED_EXPERIENCE)
    assert not found, (
        "experience, clients or numbers the owner has not given (write a view as a view, "
        f"«secondo me», «la mia lettura»; see GUIDA-AUTRICE.md, section 9): {found}"
    )


def test_the_experience_patterns_catch_the_claims_of_issue_25():
    planted = {"p": "La mia pratica. Nella mia esperienza, sì. Le persone con cui parlo, di solito, hanno già chi esegue."}
    assert len(matches(planted, UNSUPPORTED_EXPERIENCE)) == 3
    assert not matches({"p": "Secondo me conta la complessità. La mia lettura è questa."}, UNSUPPORTED_EXPERIENCE)


def source_post_quotes() -> list[str]:
    """The lines the source post quotes from Forsyth and Tomasso (each
    starts with «L'» and names one of the two roles)."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE_POST).replace("’", "'")
    return [line.strip() for line in text.splitlines()
            if re.match(r"L'(assistente|Online Business Manager)", line.strip(), re.I)]


def near_quotes(prose: dict[str, str], quotes: list[str], threshold: float = 0.55) -> list[str]:
    """Sentences of four words or more that follow a quoted line of the
    source post almost word for word (difflib's ratio over the words)."""
    from difflib import SequenceMatcher

    lines = [[w.lower() for w in PROSE_WORD.findall(q)] for q in quotes]
    found = []
    for rel, text in prose.items():
        for sentence in re.split(r"[.!?\n]+", text):
            words = [w.lower() for w in PROSE_WORD.findall(sentence)]
            if len(words) < 4:
                continue
            for line in lines:
                if SequenceMatcher(None, words, line, autojunk=False).ratio() >= threshold:
                    found.append(f"{rel}: «{sentence.strip()}»")
    return found


def test_the_authors_lines_are_paraphrased_not_nearly_quoted(prose):
    """The pages say they give the two models «con parole mie, non come
    citazioni»: no sentence follows one of the quoted lines of the source
    post nearly word for word (a real quotation of them would also copy
    the source post, which ../shared/tools/source-overlap refuses)."""
    quotes = source_post_quotes()
    assert SOURCE_POST, "the source post is missing: ../shared/sources/*.txt next to the repository"
    assert len(quotes) == 6, f"expected Forsyth's two lines and Tomasso's four in the source post: {quotes}"
    found = near_quotes(prose, quotes)
    assert not found, f"near-quotations of the source post (paraphrase them truly): {found}"


def test_the_near_quote_check_finds_the_old_wording():
    old = {"p": "L'assistente lavora in una fascia oraria stabilita; la manager lavora sui risultati."}
    assert near_quotes(old, source_post_quotes())
    assert not near_quotes({"p": "Con un'assistente concordi il tempo, con una OBM concordi gli obiettivi."},
                           source_post_quotes())


def test_forsyths_words_are_not_softened_or_stretched(prose):
    """Forsyth says the assistant's attention goes «troppo» to details and
    «non abbastanza» to the big picture, and that the OBM sees the client's
    business as a whole, «non solo» as the sum of its tasks. A sentence that
    gives half of either (or drops «solo») changes what she said."""
    problems = []
    for rel, text in prose.items():
        for sentence in sentences(text):
            s = sentence.lower()
            if "dettagli" in s and "quadro generale" in s and not re.search(r"troppo\b.*\bnon abbastanza", s):
                problems.append(f"{rel}: «{sentence}» (troppo … non abbastanza)")
            if re.search(r"\b(come (a )?un tutto|nel suo insieme)\b", s) and "compiti" in s \
                    and not re.search(r"\bnon (solo|soltanto)\b", s):
                problems.append(f"{rel}: «{sentence}» (non solo)")
    rows = yaml.safe_load((ROOT / "data/roles.yml").read_text(encoding="utf-8"))["rows"]
    for row in rows:
        if row["source"] == "forsyth" and "dettagli" in row["va"] and "quadro generale" not in row["va"]:
            problems.append(f"data/roles.yml: row {row['id']}: «{row['va']}» credits Forsyth with half her words")
    assert not problems, problems


def test_tomassos_contrasts_are_not_credited_to_her_book(prose):
    """The source post quotes Tomasso's four contrasts without saying where
    she wrote them: a paragraph that names her book does not go on to the
    contrasts, as if they came from it."""
    book = "cambia lavoro, cambia vita"
    found = []
    for rel, text in prose.items():
        for paragraph in re.split(r"\n\s*\n", text):
            p = " ".join(paragraph.lower().split())
            if book in p and "contrast" in p[p.index(book):]:
                found.append(f"{rel}: «{paragraph.strip()[:160]}»")
    assert not found, found


def test_the_hourly_post_does_not_derive_pricing_from_tomasso():
    """Tomasso contrasts working hours with results; pricing is the owner's
    reading, said as hers where the post cites the contrast."""
    text = markdown_prose((ROOT / "docs/blog/posts/a-ore-o-a-canone.md").read_text(encoding="utf-8"))
    paragraph = next(p for p in re.split(r"\n\s*\n", text) if "Tomasso" in p)
    assert "nasce" not in paragraph.lower()
    assert re.search(r"mia lettura|secondo me", text[text.index(paragraph):][:800], re.I), paragraph


def faq_answer(site: Path, question: str) -> str:
    """The text of one answer of the built FAQ: what follows the question's
    heading up to the next heading (a collapsible question: its block's
    content, site_build/faq.py)."""
    from bs4 import BeautifulSoup

    doc = BeautifulSoup((site / "faq/index.html").read_text(encoding="utf-8"), "html5lib")
    heading = next(h for h in doc.select("h2, h3") if h.get_text(" ", strip=True).rstrip("¶ ").strip() == question)
    if heading.parent.name == "summary":
        heading = heading.parent
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name in ("h2", "h3"):
            break
        parts.append(sibling.get_text(" ", strip=True))
    return " ".join(" ".join(parts).replace("’", "'").split())


def test_the_faq_states_the_gdpr_roles_exactly(site_dir):
    """Processor under art. 4(8); the contract under art. 28(3); the tools
    that process the data (the AI among them) only with the client's prior
    written authorisation (28(2), 28(4)); return or deletion at the client's
    choice (28(3)(g))."""
    answer = faq_answer(site_dir, "Come tratti i dati dei miei clienti?")
    for words in ("titolare del trattamento", "responsabile del trattamento", "articolo 4, punto 8",
                  "articolo 28, paragrafo 3", "autorizzazione scritta preventiva", "articolo 28, paragrafi 2 e 4",
                  "intelligenza artificiale", "Scegli tu se devo restituirti i dati o cancellarli",
                  "articolo 28, paragrafo 3, lettera g"):
        assert words in answer, f"the FAQ's answer on data lacks «{words}»: {answer}"
    assert "come prevede l'articolo 28" not in answer


def test_the_faq_is_grouped_and_short(site_dir):
    from bs4 import BeautifulSoup

    doc = BeautifulSoup((site_dir / "faq/index.html").read_text(encoding="utf-8"), "html5lib")
    article = doc.select_one(".md-content__inner")
    groups = article.find_all("h2")
    assert len(groups) >= 4 and not any(g.get_text().strip().rstrip("¶").endswith("?") for g in groups)
    for group in groups:
        first = group.find_next(["h2", "h3"])
        assert first is not None and first.name == "h3", f"the group «{group.get_text(strip=True)}» has no question"
    words = len(PROSE_WORD.findall(" ".join(blocks(main(site_dir / "faq/index.html")))))
    assert words <= 1000, f"the FAQ has {words} words (it had 1,210): keep answers short, link the pages"


# One rule each for the words of the profession (GUIDA-AUTRICE.md, section 9).
TERMINOLOGY = {
    # The article before OBM: «l'OBM» (elided, as before any vowel) and
    # «una OBM» (feminine, like the professional); never «la OBM», «un'OBM»
    # or a masculine article.
    "l'OBM, una OBM": (r"\b(la|della|alla|dalla|nella|sulla|un|il|lo|del|al|dal|nel|sul|questo)\s+"
                       r"(OBM|Online Business Manager)\b|\bun'(OBM|Online Business Manager)\b"),
    # The abbreviation of assistente virtuale is the Italian one, AV.
    "AV, not VA": r"\bVA\b",
    # Professions are common nouns: «assistente virtuale» in lower case.
    "assistente virtuale in lower case": r"\bAssistent[ei] Virtual[ei]\b",
}


@pytest.mark.parametrize("rule", TERMINOLOGY)
def test_one_rule_for_each_term(rule, prose, texts):
    pattern = TERMINOLOGY[rule]
    found = matches(prose, [pattern], flags=0)
    found += [f"built {rel}: «{b}»" for rel, blocks_ in texts.items() for b in blocks_ if re.search(pattern, b.replace("’", "'"))]
    assert not found, f"{rule} (GUIDA-AUTRICE.md, section 9): {found}"


def test_the_terminology_rules_catch_the_old_forms():
    old = {"p": "La OBM coordina. Della OBM. Quando affidarsi a un OBM. Assistente virtuale (VA). OBM e Assistente Virtuale."}
    assert all(matches(old, [pattern], flags=0) for pattern in TERMINOLOGY.values())
    good = {"p": "L'OBM coordina; una OBM decide. Dell'Online Business Manager. Assistente virtuale (AV)."}
    assert not any(matches(good, [pattern], flags=0) for pattern in TERMINOLOGY.values())


def test_categories_are_in_sentence_case():
    """A category is a name in a sentence: only its first letter (and an
    abbreviation such as OBM) is a capital, in mkdocs.yml and in posts."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    allowed = re.search(r"categories_allowed:\n((?:\s+- .+\n)+)", config).group(1)
    names = [line.strip()[2:] for line in allowed.splitlines()]
    for post in (ROOT / "docs/blog/posts").glob("*.md"):
        names += front_matter(post).get("categories") or []
    wrong = sorted({n for n in names if any(w[:1].isupper() and not w.isupper() for w in n.split()[1:])})
    assert names and not wrong, f"categories not in sentence case: {wrong}"


def test_no_post_address_says_un_obm():
    """Post addresses follow the article rule too: «una-obm», not «un-obm»."""
    wrong = []
    for post in (ROOT / "docs/blog/posts").glob("*.md"):
        for address in (post.stem, str(front_matter(post).get("slug") or "")):
            if re.search(r"(^|-)un-obm(-|$)", address):
                wrong.append(f"{post.name}: {address}")
    assert not wrong, wrong


# Words a small-business owner does not use for her own work. «formato» is
# left to the privacy notice, where it is the regulation's own word (art. 20).
JARGON = r"\bperimetr\w*|\bbrief\b|\bformat[oi]\b"
JARGON_ALLOWED = {"docs/privacy.md"}


def test_no_jargon(prose):
    found = matches({k: v for k, v in prose.items() if k not in JARGON_ALLOWED}, [JARGON])
    assert not found, f"jargon (say «che cosa comprende», «il documento di partenza», «i servizi»): {found}"


# One home per idea: each is said on its page and linked from the others.
# (name, its home as a built page, a pattern that finds the idea said in a
# block of another page)
IDEAS = [
    ("if you need someone else, I tell you", "come-lavoriamo/index.html", r"\bte lo dico\b"),
    ("the «non fa ancora per te» list", "servizi/index.html", r"\bnon fa ancora per te\b|che cosa vend\w* e a chi"),
    ("a fee is not a payment for results", "come-lavoriamo/index.html", r"\bpagamento a risultati\b"),
    ("the meeting rhythm", "come-lavoriamo/index.html",
     r"\b(settiman\w*|ogni settimana)\b.*\b(mensil\w*|ogni mese)\b.*\b(trimestral\w*|ogni tre mesi)\b"),
    ("the self-assessment's ten questions", "di-chi-hai-bisogno/index.html", r"\b(dieci|10) domande\b"),
    ("assistants are no lesser profession", "obm-o-assistente-virtuale/index.html",
     r"\bpreziose\b|\bclassifica\b|\bfianco a fianco\b|\bsenza nulla togliere\b"),
]
# Pages that show an idea from the same data as its home, not in words of
# their own: the self-assessment's result quotes the services page's list
# (`for_whom` in data/self-assessment.yml, one home for both).
SAME_DATA = {"the «non fa ancora per te» list": {"di-chi-hai-bisogno/index.html"}}


@pytest.mark.parametrize("idea", IDEAS, ids=[i[0] for i in IDEAS])
def test_each_idea_has_one_home(idea, texts, site_dir):
    name, home, pattern = idea
    elsewhere = [f"{rel}: «{b[:160]}»" for rel, blocks_ in texts.items()
                 if rel != home and rel not in SAME_DATA.get(name, ())
                 for b in blocks_ if re.search(pattern, b.replace("’", "'"), re.I)]
    assert not elsewhere, f"«{name}» belongs in {home}; say it there and link to it: {elsewhere}"
    at_home = " ".join(texts[home]).replace("’", "'")
    if name == "the meeting rhythm":
        assert all(k in at_home for k in ("ogni settimana", "ogni mese", "ogni tre mesi"))
    else:
        assert re.search(pattern, at_home, re.I), f"«{name}» is no longer said in {home}"


REPEAT_WORDS = 12


def repeated_runs(prose: dict[str, str], n: int = REPEAT_WORDS) -> dict[str, set[str]]:
    """Runs of `n` words that more than one source file says."""
    where: dict[str, set[str]] = {}
    for rel, text in prose.items():
        for part in text.split(LINK_BREAK):
            words = [w.lower() for w in PROSE_WORD.findall(part)]
            for i in range(len(words) - n + 1):
                where.setdefault(" ".join(words[i:i + n]), set()).add(rel)
    return {run: files for run, files in where.items() if len(files) > 1}


def test_no_sentence_is_repeated_across_pages():
    """A run of twelve words said in two files is an idea said twice (or an
    author's words copied around): say it once and link to it. Links are
    left out: another page's title is how a page links to it."""
    found = repeated_runs(prose_sources(link_texts=False))
    assert not found, {run: sorted(files) for run, files in list(found.items())[:10]}


def test_the_repeat_check_finds_a_planted_repeat():
    sentence = "Il canone non paga le vendite perché dipendono da fattori che nessuna gestione controlla"
    assert repeated_runs({"a": "Prima. " + sentence, "b": sentence + " Dopo."})
    assert not repeated_runs({"a": sentence, "b": "Un'altra frase, del tutto diversa."})
