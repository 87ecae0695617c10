"""Pipeline step: a 1200x630 link-preview card for every page, and the
feeds' icons.

Every page of the output (outputs.py: not 404.html, not the redirects)
gets a card at the path `outputs.card_path` gives
(`assets/images/social/<page address>.png`, the home page's at
`assets/images/social/index.png`), the path the page's `og:image` names.
The card shows the owner's monogram (brand.py) and the site's name, the page's title, what the page
is (a post: "Articolo", the self-assessment: "Test", on the accent colour)
and the owner (photo or initials, name, role, the site's host), in the
brand colours of the settings (data/titolare.yml, brand.py).

A page may name its own picture in front matter instead:

    image: assets/images/articoli/delega.jpg   # a path inside docs/

The picture is cropped to 1200x630 (centred) and published at the card's
path, as a JPEG if it is one, else as a PNG. A named picture that does not
exist, or is not an image, stops the build with a message naming the page.

The step also draws the square icons that the feeds use as their image
(assets/images/icons/icon-{64,144,512}.png).

Cards are cached under .cache/social-cards/ (beside mkdocs.yml) by a hash
of what they show, so a rebuild only draws the cards whose text changed;
new cards are drawn in parallel.

The fonts are DejaVu Sans (Debian's fonts-dejavu-core, which `make serve`,
`make build` and `make test` install).
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from site_extensions.errors import ContentError

from .brand import colours, initials, rgb
from .files import publish_copy
from .log import log
from .outputs import Output, outputs
from .project import Project

# Bump when the drawing below changes, so that cached cards are redrawn.
LAYOUT_VERSION = 5
WIDTH, HEIGHT = 1200, 630
ICON_DIR = "assets/images/icons"
ICON_SIZES = (64, 144, 512)
FONT_DIR = Path(os.environ.get("SOCIAL_CARDS_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_BOLD = "DejaVuSans-Bold.ttf"
FONT_REGULAR = "DejaVuSans.ttf"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
# What a card says a page is, by the page's kind (outputs.Output.kind).
LABELS = {"post": "Articolo", "test": "Test"}


def icon_path(size: int) -> str:
    """The path in the site of the square icon of `size` pixels."""
    return f"{ICON_DIR}/icon-{size}.png"



def wrap(text: str, font, width: float) -> list[str]:
    """`text` cut into lines no wider than `width` in `font` (whole words)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines

class Cards:
    """What one build needs: the look, the jobs, the cache."""

    def __init__(self, project: Project):
        self.project = project
        self.cache = project.cache_dir / "social-cards"
        self.docs = project.docs_dir
        self.site_name = str(project.config.get("site_name") or "")
        self.host = urlsplit(project.site_url).netloc
        brand = colours(project.settings.brand)
        self.primary, self.primary_dark, self.accent = brand["primary"], brand["primary_dark"], brand["accent"]
        owner = project.settings.owner
        self.owner_name = owner.name
        self.owner_role = owner.role
        photo = self.docs / owner.photo.lstrip("/")
        self.photo = photo if photo.suffix.lower() in IMAGE_SUFFIXES and photo.is_file() else None
        self.fonts = (FONT_DIR / FONT_BOLD, FONT_DIR / FONT_REGULAR)
        for font in self.fonts:
            if not font.is_file():
                raise ContentError(
                    f"Social cards: the font {font} is missing. Install Debian's "
                    "fonts-dejavu-core ('make system-deps' does), or set "
                    "SOCIAL_CARDS_FONT_DIR to a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf."
                )
        # A card's look depends on these; they are part of every cache key.
        self.style = [LAYOUT_VERSION, self.site_name, self.host, self.primary, self.primary_dark, self.accent,
                      self.owner_name, self.owner_role,
                      hashlib.sha256(self.photo.read_bytes()).hexdigest() if self.photo else "",
                      [f.stat().st_size for f in self.fonts]]
        self.jobs: dict[str, dict] = {}  # site path -> job

    # -- jobs -----------------------------------------------------------------

    def add_page(self, output: Output) -> None:
        image = output.meta.get("image")
        if image:
            source = self.named_image(output, image)
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
            self.jobs[output.card] = {"key": self._key(["image", digest]), "kind": "image", "source": source}
            return
        title = output.title or self.site_name
        kind = output.kind if output.kind in LABELS else "page"
        label = LABELS.get(kind, "")
        self.jobs[output.card] = {"key": self._key(["card", title, kind, label]), "kind": "card",
                                  "title": title, "label": label, "page_kind": kind}

    def add_icons(self) -> None:
        for size in ICON_SIZES:
            self.jobs[icon_path(size)] = {"key": self._key(["icon", size]), "kind": "icon", "size": size}

    def named_image(self, output: Output, image) -> Path:
        try:
            docs = self.docs.relative_to(self.project.root).as_posix()
        except ValueError:
            docs = self.docs.as_posix()
        where = f"{docs}/{output.src}"
        if not isinstance(image, str) or "://" in image:
            raise ContentError(f"{where}: 'image' must be the path of a picture inside {docs}/, not {image!r}")
        source = self.docs / image.strip().lstrip("/")
        if not source.is_file():
            raise ContentError(f"{where}: 'image' names {image}, which does not exist in {docs}/")
        if source.suffix.lower() not in IMAGE_SUFFIXES:
            raise ContentError(f"{where}: 'image' {image} is not a PNG, JPEG, WebP or GIF picture")
        return source

    def _key(self, what: list) -> str:
        blob = json.dumps([self.style, what], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:32]

    # -- output ---------------------------------------------------------------

    def write(self, site: Path) -> None:
        self.cache.mkdir(parents=True, exist_ok=True)
        missing = []
        for dest, job in self.jobs.items():
            job["cached"] = self.cache / (job["key"] + Path(dest).suffix)
            if not job["cached"].exists():
                missing.append(job)
        if missing:
            with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
                list(pool.map(self._draw, missing))
            log.debug("%d social cards drawn", len(missing))
        for dest, job in self.jobs.items():
            target = site / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            publish_copy(job["cached"], target)

    def _draw(self, job: dict) -> None:
        # Pillow is imported only here and below: a build whose cards are all
        # cached never loads it.
        if job["kind"] == "image":
            image = self._cropped(job["source"])
        elif job["kind"] == "icon":
            image = self._icon(job["size"])
        else:
            image = self._card(job["title"], job["label"], job["page_kind"])
        # A name of its own: other builds may draw the same card at the same time.
        temp = job["cached"].with_name(f"{job['cached'].stem}.{os.getpid()}.{threading.get_ident()}.tmp{job['cached'].suffix}")
        # A page's own picture keeps its colour profile and nothing else of its data.
        icc = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
        image.info = {}
        if job["cached"].suffix == ".jpg":
            image.convert("RGB").save(temp, "JPEG", quality=85, optimize=True, progressive=True, **icc)
        elif job["kind"] == "image":
            image.save(temp, "PNG", compress_level=6, **icc)
        else:
            # Flat colours and text: 64 colours keep the file small (~15 KB).
            image.quantize(colors=64, method=2).save(temp, "PNG", compress_level=6)
        os.replace(temp, job["cached"])  # atomic: a cache entry is whole or absent

    def _cropped(self, source: Path):
        from PIL import Image, ImageOps

        with Image.open(source) as picture:
            picture = ImageOps.exif_transpose(picture).convert("RGB")
            return ImageOps.fit(picture, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)

    def _font(self, bold: bool, size: int):
        from PIL import ImageFont

        return ImageFont.truetype(str(self.fonts[0 if bold else 1]), size,
                                  layout_engine=ImageFont.Layout.BASIC)

    def _logo(self, draw, x: int, y: int, size: int, colour, dot) -> None:
        """The owner's monogram, as the header shows it (site_build/brand.py):
        her initials in the primary colour on a disc of `colour`, with a bar
        of `dot` under them."""
        u = size / 96
        draw.ellipse((x, y, x + size, y + size), fill=colour)
        letters = initials(self.owner_name)
        if letters:
            font = self._font(True, round((40 if len(letters) < 2 else 34) * u))
            draw.text((x + 48 * u, y + 55 * u), letters, font=font, fill=rgb(self.primary), anchor="ms")
        draw.rounded_rectangle((x + 30 * u, y + 66 * u, x + 66 * u, y + 71 * u), radius=2.5 * u, fill=dot)

    def _icon(self, size: int):
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (size, size), rgb(self.primary))
        self._logo(ImageDraw.Draw(image), size * 0.1, size * 0.1, round(size * 0.8), "white",
                   rgb(self.accent))
        return image

    def _wrap(self, text: str, font, width: int) -> list[str]:
        return wrap(text, font, width)

    def _portrait(self, size: int):
        """The owner's photo as a circle, or the initials on the accent."""
        from PIL import Image, ImageDraw, ImageOps

        mask = Image.new("L", (size, size), 0)
        ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
        if self.photo:
            with Image.open(self.photo) as picture:
                face = ImageOps.fit(ImageOps.exif_transpose(picture).convert("RGB"), (size, size),
                                    Image.Resampling.LANCZOS)
        else:
            face = Image.new("RGB", (size, size), (255, 255, 255))
            initials = "".join(word[0] for word in self.owner_name.split()[:2]).upper()
            ImageDraw.Draw(face).text((size / 2, size / 2), initials, font=self._font(True, size * 0.4),
                                      fill=rgb(self.primary), anchor="mm")
        return face, mask

    def _card(self, title: str, label: str, kind: str = "page"):
        from PIL import Image, ImageDraw

        primary = rgb(self.primary)
        accent = rgb(self.accent)
        # The self-assessment stands out in the accent colour.
        ground, stripe = (accent, primary) if kind == "test" else (primary, accent)
        image = Image.new("RGB", (WIDTH, HEIGHT), ground)
        draw = ImageDraw.Draw(image)
        left, right = 96, WIDTH - 88
        band_top = HEIGHT - 150

        # The stripe on the left and a darker band at the bottom.
        draw.rectangle((0, 0, 24, HEIGHT), fill=stripe)
        draw.rectangle((24, band_top, WIDTH, HEIGHT), fill=rgb(self.primary_dark))

        # The logo and the site name.
        self._logo(draw, left - 6, 50, 56, "white", accent)
        draw.text((left + 66, 78), self.site_name, font=self._font(True, 34), fill="white", anchor="lm")

        # The title: as large as fits in three lines.
        box_top, box_bottom, width = 130, band_top - 24, right - left
        for size in (74, 66, 58, 52, 46, 40):
            font = self._font(True, size)
            lines = self._wrap(title, font, width)
            line_height = round(size * 1.2)
            if len(lines) <= 3 and len(lines) * line_height <= box_bottom - box_top:
                break
        else:
            lines = lines[:3]
            lines[-1] = lines[-1].rstrip(" .,;:") + "…"
        top = box_top + (box_bottom - box_top - len(lines) * line_height) // 2
        for i, line in enumerate(lines):
            draw.text((left, top + i * line_height), line, font=font, fill="white")

        # The owner: photo (or initials), name and role; the host under them.
        size = 100
        face, mask = self._portrait(size)
        image.paste(face, (left, band_top + 25), mask)
        draw.text((left + size + 24, band_top + 48), self.owner_name, font=self._font(True, 34),
                  fill="white", anchor="lm")
        draw.text((left + size + 24, band_top + 98), f"{self.owner_role} · {self.host}".strip(" ·"),
                  font=self._font(False, 26), fill=(225, 232, 234), anchor="lm")

        # What the page is.
        if label:
            bold = self._font(True, 30)
            text_width = draw.textlength(label, font=bold)
            pad = 20
            y = band_top + 75
            draw.rounded_rectangle((right - text_width - 2 * pad, y - 26, right, y + 26), radius=26,
                                   fill=(255, 255, 255))
            draw.text((right - text_width - pad, y), label, font=bold, fill=rgb(self.primary_dark),
                      anchor="lm")
        return image


def run(project: Project, site: Path, pages: list | None = None) -> None:
    """`pages`: the site's pages (outputs.outputs), when the caller has them."""
    cards = Cards(project)
    for output in outputs(project, site) if pages is None else pages:
        cards.add_page(output)
    cards.add_icons()
    cards.write(site)
