"""Raster images in pages: the right size, a modern format, loaded lazily.

For every local PNG, JPEG or GIF that a page's content shows with <img>,
the page step
- adds width and height (the shown size, at most MAX_WIDTH CSS pixels wide),
  so the page does not jump while images arrive;
- makes every image but the page's first load lazily;
- offers a WebP copy at that size first, through <picture> (named after
  the picture and its width: `foto-1600.webp`);
and the site step writes those WebP copies (twice as wide as shown for
sharp screens, never wider than the original), cached in .cache/images/
by the picture's content. The pictures are published upright and clean
before these steps run (pictures.py); the sizes and the copies still
follow a picture's EXIF orientation, and the copies keep its colour
profile and nothing else of its data.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
from html import escape
from urllib.parse import unquote, urlsplit

from site_extensions.errors import ContentError

from . import html, theme
from .pictures import upright_size

MAX_WIDTH = 800  # CSS pixels: the widest the content column shows an image
DENSITY = 2
RASTER = {".png", ".jpg", ".jpeg", ".gif"}
WEBP = 'source[type="image/webp"]'


def _done(img: html.Node) -> bool:
    """Whether the picture is offered as WebP already (a preview that
    rebuilt only some pages)."""
    parent = img.parent
    return parent is not None and parent.tag == "picture" and parent.css_first(WEBP) is not None


def page(build, output, page: html.Page) -> None:
    from PIL import Image

    article = page.first(theme.ARTICLE.css)
    if article is None or output.kind == "404":
        return
    base = output.url if output.url.endswith("/") or not output.url else posixpath.dirname(output.url) + "/"
    seen = 0
    for img in article.css("img"):
        if _done(img):
            seen += 1
            continue
        attrs = dict(img.attributes)
        src = attrs.get("src") or ""
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or posixpath.splitext(parts.path)[1].lower() not in RASTER:
            continue
        dest = posixpath.normpath(posixpath.join(base, unquote(parts.path))).lstrip("/")
        source = build.site / dest
        if not source.is_file():
            where = f"{build.project.docs_dir.name}/{output.src}" if output.src else output.url
            raise ContentError(f"{where}: image '{src}' is not a file of the site")
        with Image.open(source) as image:
            width, height = upright_size(image)
        shown = min(width, MAX_WIDTH)
        attrs.setdefault("width", str(shown))
        attrs.setdefault("height", str(round(height * shown / width)))
        attrs.setdefault("decoding", "async")
        if seen:
            attrs.setdefault("loading", "lazy")
        seen += 1
        # One copy per picture and width: the owner's photo, for one, is
        # shown at several sizes on several pages.
        needed = min(width, int(attrs["width"]) * DENSITY)
        webp_dest = f"{posixpath.splitext(dest)[0]}-{needed}.webp"
        build.webp[webp_dest] = (source, needed)
        webp_src = f"{posixpath.splitext(parts.path)[0]}-{needed}.webp"
        html.replace(img, f'<picture><source type="image/webp" srcset="{escape(webp_src)}">'
                          f'{html.tag("img", attrs)}</picture>')


def write(build) -> None:
    """The WebP copies the page step named."""
    if not build.webp:
        return
    from PIL import Image, ImageOps

    cache = build.project.cache_dir / "images"
    cache.mkdir(parents=True, exist_ok=True)
    for dest, (source, width) in sorted(build.webp.items()):
        digest = hashlib.sha256(source.read_bytes() + f":{width}:upright".encode()).hexdigest()[:32]
        cached = cache / f"{digest}.webp"
        if not cached.exists():
            with Image.open(source) as image:
                icc = image.info.get("icc_profile")
                image = ImageOps.exif_transpose(image)
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                if image.width > width:
                    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
                # One temporary name per process: two builds at once (the
                # tests' workers) never write the same file.
                temp = cached.with_name(f"{cached.stem}.{os.getpid()}.tmp")
                image.save(temp, "WEBP", quality=80, method=4, **({"icc_profile": icc} if icc else {}))
                temp.replace(cached)  # atomic: a cache entry is whole or absent
        target = build.site / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
