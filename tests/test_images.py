"""Raster images in posts: size attributes, lazy loading after the first,
and a WebP copy at the shown size, produced by the build."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from support.project import build, copy_project

POST = """---
title: Articolo con immagini
description: Un articolo con due fotografie, per vedere come la build prepara le immagini per chi legge da telefono.
date:
  created: 2026-05-04
categories:
  - Delega
tags:
  - prova
---
# Articolo con immagini

Estratto.

<!-- more -->

![Una scrivania in ordine](scrivania.jpg)

Testo tra le immagini.

![Uno schema del lavoro](schema.png)
"""


@pytest.mark.build
def test_images_are_sized_lazy_and_offered_as_webp(tmp_path):
    project = copy_project(tmp_path / "project")
    posts = project / "docs/blog/posts"
    Image.new("RGB", (2400, 1600), (200, 120, 40)).save(posts / "scrivania.jpg", quality=90)
    Image.new("RGBA", (640, 320), (30, 60, 200, 255)).save(posts / "schema.png")
    (posts / "articolo-con-immagini.md").write_text(POST, encoding="utf-8")
    site = tmp_path / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr

    page = site / "blog/articolo-con-immagini/index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    pictures = doc.select(".md-content picture")
    assert len(pictures) == 2
    first, second = (p.find("img") for p in pictures)
    # Shown size: at most 800 CSS pixels wide, proportions kept.
    assert (first["width"], first["height"]) == ("800", "533")
    assert (second["width"], second["height"]) == ("640", "320")
    assert first.get("loading") != "lazy", "the first image may be above the fold"
    assert second["loading"] == "lazy"
    assert first["alt"] == "Una scrivania in ordine"
    for picture, expected_width in zip(pictures, (1600, 640)):
        source = picture.find("source")
        assert source["type"] == "image/webp"
        webp = (page.parent / source["srcset"]).resolve()
        assert webp.exists(), source["srcset"]
        with Image.open(webp) as image:
            assert image.format == "WEBP"
            assert image.width == expected_width, "twice the shown width, never wider than the original"
        # The fallback still points at the original file.
        img = picture.find("img")
        assert (page.parent / img["src"]).resolve().exists()


def test_pages_of_the_site_show_no_unsized_raster_image(site_dir):
    problems = []
    for page in site_dir.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
        for img in doc.select(".md-content img"):
            if re.search(r"\.(png|jpe?g|gif)$", img.get("src", ""), re.I):
                if not (img.get("width") and img.get("height")) or img.parent.name != "picture":
                    problems.append(f"{page.relative_to(site_dir)}: {img}")
    assert not problems, "\n".join(problems)
