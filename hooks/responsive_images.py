"""Raster images in pages: the right size, a modern format, loaded lazily.

For every local PNG, JPEG or GIF that a page shows with <img>, this hook
- adds width and height (the shown size, at most MAX_WIDTH CSS pixels wide),
  so the page does not jump while images arrive;
- makes every image but the page's first load lazily;
- writes a WebP copy at that size (twice as wide for sharp screens, never
  wider than the original) and offers it first through <picture>.
WebP files are cached in .cache/images/ by the source file's content.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from PIL import Image

MAX_WIDTH = 800  # CSS pixels: the widest the content column shows an image
DENSITY = 2
RASTER = {".png", ".jpg", ".jpeg", ".gif"}
IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
CACHE = Path(".cache/images")

# WebP copies to write after the build: site path -> (source file, pixel width)
_pending: dict[str, tuple[Path, int]] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _pending.clear()
    return config


def _attributes(tag: str) -> dict[str, str]:
    inner = tag[4:].rstrip("/> ").strip()
    return {m.group(1): m.group(2) or "" for m in ATTR.finditer(inner)}


def _tag(name: str, attrs: dict[str, str]) -> str:
    return f"<{name} " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page_dir = posixpath.dirname(page.file.dest_uri)
    seen = 0

    def rewrite(match: re.Match) -> str:
        nonlocal seen
        attrs = _attributes(match.group(0))
        src = attrs.get("src", "")
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or Path(parts.path).suffix.lower() not in RASTER:
            return match.group(0)
        dest = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
        file = files.get_file_from_path(dest) or next((f for f in files if f.dest_uri == dest), None)
        if file is None or not file.abs_src_path:
            raise PluginError(f"{page.file.src_uri}: image '{src}' is not a file of the site")
        source = Path(file.abs_src_path)
        with Image.open(source) as image:
            width, height = image.size
        shown = min(width, MAX_WIDTH)
        attrs.setdefault("width", str(shown))
        attrs.setdefault("height", str(round(height * shown / width)))
        attrs.setdefault("decoding", "async")
        if seen:
            attrs.setdefault("loading", "lazy")
        seen += 1
        webp_dest = posixpath.splitext(dest)[0] + ".webp"
        _pending[webp_dest] = (source, min(width, int(attrs["width"]) * DENSITY))
        webp_src = posixpath.splitext(parts.path)[0] + ".webp"
        return f'<picture><source type="image/webp" srcset="{escape(webp_src)}">{_tag("img", attrs)}</picture>'

    return IMG.sub(rewrite, html)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    CACHE.mkdir(parents=True, exist_ok=True)
    for dest, (source, width) in sorted(_pending.items()):
        digest = hashlib.sha256(source.read_bytes() + f":{width}".encode()).hexdigest()[:32]
        cached = CACHE / f"{digest}.webp"
        if not cached.exists():
            with Image.open(source) as image:
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                if image.width > width:
                    image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
                temp = cached.with_suffix(".tmp")
                image.save(temp, "WEBP", quality=80, method=4)
                temp.replace(cached)
        target = site / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
