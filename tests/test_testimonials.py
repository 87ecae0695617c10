"""Testimonials from data/testimonianze.yml: the file as shipped holds none,
each mistake in an entry is one line naming the file and the line, and a
production build refuses one without the date of the client's consent."""

from __future__ import annotations

import pytest

from support.project import PRODUCTION_ENV, ROOT, content_problems, copy_project, production_ready
from site_extensions.testimonials import TestimonialDataError, load_testimonials, production_problems

ENTRY = "  - quote: \"Parole vere.\"\n    name: Anna B.\n    business: studio di grafica\n    city: Parma\n"


def write(tmp_path, text: str) -> str:
    path = tmp_path / "testimonianze.yml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_shipped_file_holds_no_testimonial():
    """No invented client: the file ships empty (examples only in comments)."""
    assert load_testimonials(str(ROOT / "data/testimonianze.yml")) == ()


BAD = {
    "a missing field": ("testimonials:\n  - quote: \"Parole.\"\n    name: Anna B.\n    city: Parma\n",
                        2, "'business' must be a non-empty text"),
    "an unknown field": ("testimonials:\n" + ENTRY + "    cognome: Bianchi\n", 2, "unknown field(s) cognome"),
    "a consent date that is not a date": ("testimonials:\n" + ENTRY + "    consent_date: marzo\n", 2,
                                          "must be a date written as year-month-day"),
    "a consent date in the future": ("testimonials:\n" + ENTRY + "    consent_date: 2999-01-01\n", 2,
                                     "is in the future"),
    "a photo that is not a picture": ("testimonials:\n" + ENTRY + "    photo: foto.docx\n", 2,
                                      "'photo' must name a picture"),
    "not a list": ("testimonials: Anna\n", 1, "'testimonials' must be a list"),
    "a broken quote": ("testimonials:\n  - quote: \"Parole\n    name: Anna\n", None, "not valid YAML"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_mistake_is_one_line_naming_the_file_and_line(tmp_path, case):
    text, line, expected = BAD[case]
    path = write(tmp_path, text)
    with pytest.raises(TestimonialDataError) as error:
        load_testimonials(path)
    message = str(error.value)
    assert expected in message and "\n" not in message, message
    assert message.startswith(f"{path}:{line}:" if line else path), message


def test_production_refuses_a_testimonial_without_a_consent_date(tmp_path):
    project = production_ready(copy_project(tmp_path / "project"))
    assert content_problems(project, PRODUCTION_ENV) == [], "the production-ready copy must pass first"
    (project / "data/testimonianze.yml").write_text("testimonials:\n" + ENTRY, encoding="utf-8")
    found = content_problems(project, PRODUCTION_ENV)
    assert len(found) == 1 and "data/testimonianze.yml:2: the testimonial of Anna B. has no 'consent_date'" in found[0]
    (project / "data/testimonianze.yml").write_text("testimonials:\n" + ENTRY + "    consent_date: 2026-01-31\n",
                                                     encoding="utf-8")
    assert content_problems(project, PRODUCTION_ENV) == []


def test_a_preview_shows_a_testimonial_without_a_consent_date(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data/testimonianze.yml").write_text("testimonials:\n" + ENTRY, encoding="utf-8")
    assert not [p for p in content_problems(project) if "testimonianze" in p]


def test_a_photo_missing_from_docs_is_named(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data/testimonianze.yml").write_text(
        "testimonials:\n" + ENTRY + "    consent_date: 2026-01-31\n    photo: assets/images/anna.jpg\n",
        encoding="utf-8")
    found = content_problems(project)
    assert any(p.startswith("data/testimonianze.yml:2: the photo 'assets/images/anna.jpg'") for p in found), found


def test_only_undated_testimonials_are_refused(tmp_path):
    path = write(tmp_path, "testimonials:\n" + ENTRY + ENTRY.replace("Anna B.", "C. D.") + "    consent_date: 2026-02-01\n")
    problems = production_problems(load_testimonials(path))
    assert len(problems) == 1 and "Anna B." in problems[0] and ":2:" in problems[0]
