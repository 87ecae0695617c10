"""Every picture the site publishes is upright and says nothing of where
and with what it was taken; a picture that cannot be published is refused
in one line.

The pictures are made here with Pillow as a phone makes them: stored
sideways with an EXIF orientation tag, with GPS coordinates, the camera's
make and model, XMP and a comment, and an ICC colour profile. Each is
drawn so that, upright, its top half is red and its bottom half blue: a
picture published sideways shows red on one side instead."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageCms, PngImagePlugin

from support.project import build, built, copy_project

RED, BLUE = (255, 0, 0), (0, 0, 255)
MAKE, MODEL = "Telefonino", "Modello Segreto 15 Pro"
LATITUDE = (44.0, 29.0, 48.12)  # Bologna
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="44,29.8N"/>'
       b'</rdf:RDF></x:xmpmeta>')
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
# EXIF orientation -> how the stored pixels are turned from the upright ones
# (the inverse of what a viewer does to show them upright).
STORED = {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180}


def upright(width: int, height: int) -> Image.Image:
    """A picture whose top half is red and bottom half blue."""
    picture = Image.new("RGB", (width, height), BLUE)
    picture.paste(RED, (0, 0, width, height // 2))
    return picture


def phone_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = MAKE
    exif[0x0110] = MODEL
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: LATITUDE, 3: "E", 4: (11.0, 20.0, 30.0)})
    return exif


def phone_jpeg(path, width: int, height: int, orientation: int = 6) -> None:
    """A JPEG as a phone writes it: stored turned, tagged with how to show it."""
    stored = upright(width, height).transpose(STORED[orientation])
    stored.save(path, "JPEG", quality=92, exif=phone_exif(orientation), icc_profile=ICC, xmp=XMP,
                comment=f"{MAKE} {MODEL}".encode())
    with Image.open(path) as check:  # the test's input is what it claims
        assert check.size == stored.size and check.getexif()[0x0112] == orientation
        assert check.getexif().get_ifd(0x8825)[2] and check.getexif()[0x0110] == MODEL


def tagged_png(path, width: int, height: int) -> None:
    """A PNG with text chunks (author, place, software, XMP) and an eXIf chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Giulia Rossi")
    info.add_text("Location", "Via Indipendenza 1, Bologna")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    info.add_text("Software", MODEL, zip=True)
    exif = phone_exif(1)
    upright(width, height).save(path, "PNG", pnginfo=info, exif=exif, icc_profile=ICC)
    with Image.open(path) as check:
        assert check.text["Location"] and check.getexif()[0x0110] == MODEL


def assert_clean(path, size: tuple[int, int], icc: bool = True) -> None:
    """The picture at `path` is upright at `size` (red above, blue below),
    carries no metadata but (where `icc`) its colour profile."""
    data = path.read_bytes()
    with Image.open(path) as picture:
        assert picture.size == size, f"{path.name}: {picture.size}, upright is {size}"
        rgb = picture.convert("RGB")
        top, bottom = rgb.getpixel((size[0] // 2, size[1] // 4)), rgb.getpixel((size[0] // 2, 3 * size[1] // 4))
        assert top[0] > 200 and top[2] < 60, f"{path.name}: the top is not red ({top}): not upright"
        assert bottom[2] > 200 and bottom[0] < 60, f"{path.name}: the bottom is not blue ({bottom})"
        assert not dict(picture.getexif()), f"{path.name} keeps EXIF data"
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Author", "Location", "Software"} & set(picture.info)
        assert not getattr(picture, "text", {}), f"{path.name} keeps text chunks"
        if icc:
            assert picture.info.get("icc_profile") == ICC, f"{path.name} lost its colour profile"
    for secret in (MAKE.encode(), MODEL.encode(), b"Exif\x00\x00", b"eXIf", b"adobe:ns:meta", b"Bologna",
                   b"Giulia Rossi", b"tEXt", b"iTXt", b"zTXt"):
        assert secret not in data, f"{path.name} still holds {secret!r}"


POST = """---
title: Articolo con foto dal telefono
description: Un articolo con due foto scattate col telefono e uno schema, per vedere come la build pubblica le immagini.
date:
  created: 2026-05-04
categories:
  - Delega
tags:
  - prova
image: blog/posts/copertina.jpg
image_alt: Una scrivania con un quaderno aperto
---
# Articolo con foto dal telefono

Estratto.

<!-- more -->

![Una scrivania fotografata in verticale](scrivania.jpg)

![Uno schema del lavoro](schema.png)
"""


@pytest.fixture(scope="module")
def phone_site(tmp_path_factory):
    """A build with pictures straight from a phone: in a post, as the
    post's card picture, and as the owner's photo."""
    tmp = tmp_path_factory.mktemp("phone")
    project = copy_project(tmp / "project")
    posts = project / "docs/blog/posts"
    phone_jpeg(posts / "scrivania.jpg", 300, 600, orientation=6)
    phone_jpeg(posts / "copertina.jpg", 1200, 800, orientation=3)
    tagged_png(posts / "schema.png", 320, 200)
    phone_jpeg(project / "docs/assets/images/ritratto.jpg", 480, 480, orientation=8)
    (posts / "foto-dal-telefono.md").write_text(POST, encoding="utf-8")
    site = tmp / "site"
    built(build(project, site, env={"OWNER_PHOTO": "assets/images/ritratto.jpg"}))
    return project, site


def _picture(page, name: str):
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    img = doc.select_one(f'.md-content img[src$="{name}"]')
    assert img is not None, f"no picture {name} in {page}"
    return img


@pytest.mark.build
def test_published_originals_are_upright_and_carry_no_location_or_device_data(phone_site):
    _, site = phone_site
    page = site / "blog/articolo-con-foto-dal-telefono/index.html"
    photo = _picture(page, "scrivania.jpg")
    # The size the page reserves is the upright one (300x600, shown whole).
    assert (photo["width"], photo["height"]) == ("300", "600")
    assert_clean((page.parent / photo["src"]).resolve(), (300, 600))
    drawing = _picture(page, "schema.png")
    assert (drawing["width"], drawing["height"]) == ("320", "200")
    assert_clean((page.parent / drawing["src"]).resolve(), (320, 200))
    assert_clean(site / "assets/images/ritratto.jpg", (480, 480))


@pytest.mark.build
def test_every_copy_of_a_picture_is_upright_and_clean(phone_site):
    _, site = phone_site
    page = site / "blog/articolo-con-foto-dal-telefono/index.html"
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html5lib")
    # The WebP copies in the post, upright at twice the shown size.
    source = doc.select_one('.md-content picture source[srcset*="scrivania"]')
    assert source["srcset"].endswith("scrivania-300.webp")
    assert_clean((page.parent / source["srcset"]).resolve(), (300, 600))
    # The owner's photo: the hero's and the profile's copies, the blog's avatar.
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html5lib")
    hero = home.select_one(".hero__photo").find_parent("picture").find("source")["srcset"]
    copies = {hero, "assets/images/ritratto-96.webp"}
    assert len(copies) == 2, copies
    for copy in copies:
        width = int(re.search(r"-(\d+)\.webp$", copy).group(1))
        assert_clean(site / copy, (width, width))
    assert "assets/images/ritratto-96.webp" in page.read_text(encoding="utf-8"), "the post's author shows the copy"
    # The link-preview card drawn from the post's own picture (turned 180°).
    card = doc.find("meta", property="og:image")["content"]
    card_path = site / re.sub(r"^https?://[^/]+/", "", card)
    with Image.open(card_path) as picture:
        size = picture.size
    assert_clean(card_path, size)


def test_a_clean_picture_is_published_as_it_is(tmp_path):
    """A picture already clean (a preview publishes the same file again)
    comes back byte for byte: no quality lost at each build."""
    from site_build.pictures import clean
    from site_build.project import Project

    project = Project.load(copy_project(tmp_path / "project") / "mkdocs.yml")
    phone_jpeg(tmp_path / "foto.jpg", 300, 600)
    first = clean(project, tmp_path / "foto.jpg", "foto.jpg")
    again = tmp_path / "again.jpg"
    again.write_bytes(first.read_bytes())
    assert clean(project, again, "again.jpg").read_bytes() == first.read_bytes()
    assert_clean(first, (300, 600))
    # The quality stays that of the original (its own quantisation tables).
    with Image.open(tmp_path / "foto.jpg") as original, Image.open(first) as published:
        assert published.quantization == original.quantization


def test_an_animated_gif_keeps_its_frames_and_loses_its_comment(tmp_path):
    from site_build.pictures import clean
    from site_build.project import Project

    project = Project.load(copy_project(tmp_path / "project") / "mkdocs.yml")
    frames = [Image.new("RGB", (40, 40), colour) for colour in (RED, BLUE, (0, 160, 0))]
    frames[0].save(tmp_path / "gira.gif", save_all=True, append_images=frames[1:], duration=[120, 240, 360],
                   loop=0, comment=f"{MAKE} {MODEL}".encode())
    with Image.open(tmp_path / "gira.gif") as source:
        assert source.n_frames == 3 and MODEL.encode() in (tmp_path / "gira.gif").read_bytes()
    published = clean(project, tmp_path / "gira.gif", "gira.gif")
    assert MODEL.encode() not in published.read_bytes()
    with Image.open(published) as picture:
        assert picture.n_frames == 3 and picture.info.get("loop") == 0
        assert "comment" not in picture.info
        durations = []
        for index in range(3):
            picture.seek(index)
            durations.append(picture.info.get("duration"))
        assert durations == [120, 240, 360], "each frame keeps its own duration"


def test_a_preview_cleans_the_pictures_it_has_just_copied(tmp_path):
    """`make serve` rebuilds only what changed: the pictures the generator
    has just copied are published clean, and those an earlier build
    published are left as they are."""
    import os
    import time

    from site_build.pictures import publish
    from site_build.pipeline import Build
    from site_build.project import Project

    project = Project.load(copy_project(tmp_path / "project") / "mkdocs.yml")
    site = tmp_path / "site"
    site.mkdir()
    phone_jpeg(site / "vecchia.jpg", 300, 600)
    old = time.time() - 60
    os.utime(site / "vecchia.jpg", (old, old))
    before = (site / "vecchia.jpg").read_bytes()
    phone_jpeg(site / "nuova.jpg", 300, 600)
    build = Build(project, site)
    build.since = old + 30
    publish(build)
    assert_clean(site / "nuova.jpg", (300, 600))
    assert (site / "vecchia.jpg").read_bytes() == before
