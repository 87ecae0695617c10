"""Every picture the site publishes: readable, of a size a build can
handle, in a format browsers show, upright, and without what it says
about where and with what it was taken.

The content checks (`problems`, which checks.py runs before every build
and `make check` runs too) refuse, one line each naming the file and what
to do:
- a picture that cannot be read (damaged, cut short, not what its name says);
- a picture of more than MAX_PIXELS pixels (16000x12000 would need
  gigabytes to decode): resize it to at most ADVISED_SIDE pixels;
- a HEIC/HEIF picture (an iPhone's default) or a TIFF, which Chrome, Edge
  and Firefox cannot show, and an AVIF, whose data this build cannot
  remove: convert it to JPEG;
- (the owner's photo not square or too small is site_build/settings.py's
  rule, validate_photo).

Then every raster picture of the output is published clean (`publish`,
the pipeline's first step, before anything reads a picture's size):
rewritten with its EXIF orientation applied, so that it is upright
everywhere (browsers, the WebP copies, the cards), and without EXIF (GPS
position, camera make and model, dates), XMP, IPTC, comments or PNG text;
its ICC colour profile is kept. A JPEG keeps its own quantisation tables
and chroma subsampling (its quality as saved), a lossless WebP stays
lossless. The clean copy is cached in .cache/images/ by the picture's
content, so each picture is decoded once: the content checks make it, and
the build copies it.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from site_extensions.errors import ContentError

from .files import MAX_FILE_BYTES, project_path

if TYPE_CHECKING:
    from PIL import Image

    from .pipeline import Build
    from .project import Project

# The most pixels a picture may have: 50 megapixels takes a phone's largest
# photos (48 MP, 8064x6048); decoding one takes about 150 MB.
MAX_PIXELS = 50_000_000
# What the messages advise: more than the site ever shows (WebP copies at
# most 1600 pixels wide, link-preview cards 1200x630).
ADVISED_SIDE = 4000
# What the build rewrites clean (Pillow reads and writes each of them).
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"}
# Pictures that are published but that most browsers cannot show (or, for
# AVIF, whose data Pillow cannot write back without it), by suffix.
REFUSED = {".heic": "HEIC", ".heif": "HEIF", ".tif": "TIFF", ".tiff": "TIFF", ".avif": "AVIF"}
# The brands that make an ISO media file a HEIC/HEIF picture (even when
# renamed .jpg).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
# Bump when the cleaning below changes, so that cached copies are made again.
VERSION = b"clean-1"
ORIENTATION = 0x0112
# What an animation needs to play as before.
ANIMATION = ("loop", "background", "transparency", "default_image")
_UNLIMITED = threading.Lock()
# Pillow warns of a picture over its own limit (89 megapixels), which
# MAX_PIXELS refuses in one line, and of an EXIF block it cannot read, which
# the clean copy leaves out: neither warning has anything to add.
warnings.filterwarnings("ignore", message=r"Image size \(\d+ pixels\) exceeds limit")
warnings.filterwarnings("ignore", message=r"Corrupt EXIF data", module=r"PIL\.TiffImagePlugin")


def _docs(project: Project) -> str:
    """docs/ as the owner names it (files.py's one way of naming a file)."""
    return project_path(project, project.docs_dir)


def refused_format(path: Path, head: bytes) -> str | None:
    """The name of a format browsers cannot show (or the build cannot
    clean) that `path` is in, by its name or its first bytes, else None."""
    suffix = path.suffix.lower()
    if suffix in REFUSED:
        return REFUSED[suffix]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand == b"avif" or brand == b"avis":
            return "AVIF"
        if brand in HEIF_BRANDS:
            return "HEIC"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return None


def _refused_message(label: str, kind: str) -> str:
    """The line refusing the picture `label` in the format `kind`."""
    if kind == "AVIF":
        return (f"{label}: an AVIF picture, whose location and camera data this build cannot remove; "
                "convert it to JPEG (a photo) or PNG (a drawing) and link that file instead")
    device = " (the iPhone's default format)" if kind in ("HEIC", "HEIF") else ""
    return (f"{label}: a {kind} picture{device}, which Chrome, Edge and Firefox cannot show; convert it to "
            "JPEG (export it as JPEG, or set the iPhone's Settings > Camera > Formats to Most Compatible) "
            "and link the .jpg instead")


def _too_many_pixels(label: str, size: tuple[int, int] | None) -> str:
    """The line refusing the picture `label` of `size` (None: unknown) pixels."""
    shown = f"{size[0]}x{size[1]} pixels ({size[0] * size[1] / 1e6:.0f} megapixels)" if size else "too large"
    return (f"{label}: the picture is {shown}, more than the {MAX_PIXELS // 1_000_000} megapixels the build "
            f"reads; resize it to at most {ADVISED_SIDE} pixels on its longer side (the site shows pictures at "
            "most 1600 pixels wide) and save it again")


def _unreadable(label: str, error: Exception) -> str:
    """The line refusing the picture `label` that Pillow could not read."""
    reason = str(error).split("\n")[0]
    reason = re.sub(r"cannot identify image file '[^']*'", "not a picture format the build knows", reason)
    return (f"{label}: the picture cannot be read ({reason}): it is damaged, cut short or not the format its "
            "name says; open it in an image editor and save it again as JPEG or PNG, or replace it")


def _size_unchecked(path: Path) -> tuple[int, int] | None:
    """A picture's size from its header alone, past Pillow's own limit
    (which stops before saying the size)."""
    from PIL import Image

    with _UNLIMITED:  # one thread at a time lifts the limit, and puts it back
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(path) as image:
                return image.size
        except Exception:  # noqa: BLE001 - the size is only for the message
            return None
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def upright_size(image: Image.Image) -> tuple[int, int]:
    """A picture's width and height as shown upright (its EXIF orientation
    5 to 8 turns it a quarter)."""
    try:
        orientation = image.getexif().get(ORIENTATION, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block: as stored
        orientation = 1
    width, height = image.size
    return (height, width) if orientation in (5, 6, 7, 8) else (width, height)


def _open(path: Path, label: str) -> Image.Image:
    """The picture at `path`, opened and checked (ContentError otherwise)."""
    from PIL import Image

    try:
        image = Image.open(path)
    except Image.DecompressionBombError:
        raise ContentError(_too_many_pixels(label, _size_unchecked(path))) from None
    except Exception as e:  # noqa: BLE001 - whatever Pillow says of a damaged file
        raise ContentError(_unreadable(label, e)) from None
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise ContentError(_too_many_pixels(label, image.size))
    return image


def _lossless_webp(data: bytes) -> bool:
    """Whether a WebP file's picture is lossless (a VP8L chunk)."""
    offset = 12
    while offset + 8 <= len(data):
        chunk, size = data[offset:offset + 4], int.from_bytes(data[offset + 4:offset + 8], "little")
        if chunk in (b"VP8L", b"VP8 "):
            return chunk == b"VP8L"
        if chunk == b"ANMF":  # an animation's frame holds its own chunks
            offset += 8 + 16
            continue
        offset += 8 + size + (size & 1)
    return False


def _cleaned(image: Image.Image, data: bytes) -> bytes:
    """`image` (opened from `data`) upright, saved in its own format with
    nothing but its pixels, its colour profile and how it animates."""
    from PIL import ImageOps, JpegImagePlugin

    fmt = "JPEG" if image.format in ("JPEG", "MPO") else image.format
    icc = image.info.get("icc_profile")
    options: dict = {"icc_profile": icc} if icc else {}
    out = io.BytesIO()
    if fmt != "JPEG" and getattr(image, "n_frames", 1) > 1:
        # An animation: its frames as they are (phones tag photos, not
        # animations, with an orientation), without its comments and data.
        options.update({key: image.info[key] for key in ANIMATION if key in image.info})
        # What may differ from frame to frame, as a list, one value a frame.
        per_frame: dict[str, list] = {"duration": [], "disposal": [], "blend": []}
        for index in range(image.n_frames):
            image.seek(index)
            image.load()
            for key, values in per_frame.items():
                values.append(image.info.get(key))
        image.seek(0)
        options.update({key: values for key, values in per_frame.items() if None not in values})
        if fmt == "WEBP":
            options["lossless"] = _lossless_webp(data)
            options["quality"] = 100 if options["lossless"] else 90
        image.info = {}
        image.save(out, fmt, save_all=True, **options)
        return out.getvalue()
    image.load()
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - an EXIF block too damaged to read: no orientation to apply
        upright = image.copy()
    upright.info = {}  # nothing of the original's metadata is written
    if fmt == "JPEG":
        options.update(qtables=image.quantization, optimize=True,
                       progressive=bool(image.info.get("progressive") or image.info.get("progression")))
        sampling = JpegImagePlugin.get_sampling(image)
        if sampling != -1:
            options["subsampling"] = sampling
    elif fmt in ("PNG", "GIF"):
        for key in ("transparency", "background"):
            if key in image.info:
                options[key] = image.info[key]
        if fmt == "PNG":
            options["optimize"] = True
    elif fmt == "WEBP":
        options["lossless"] = _lossless_webp(data)
        options["quality"] = 100 if options["lossless"] else 90
    upright.save(out, fmt, **options)
    return out.getvalue()


def _digest(data: bytes) -> str:
    """The cache key of a picture's bytes (and of how it is cleaned)."""
    return hashlib.sha256(VERSION + data).hexdigest()[:32]


def clean(project: Project, source: Path, label: str) -> Path:
    """The clean copy of the picture at `source` (named `label` in
    messages), from the cache or made now; ContentError when the picture
    cannot be published."""
    data = source.read_bytes()
    cache = project.cache_dir / "images"
    suffix = source.suffix.lower()
    cached = cache / f"clean-{_digest(data)}{suffix}"
    if cached.exists():
        return cached
    image = _open(source, label)
    try:
        with image:
            cleaned = _cleaned(image, data)
    except ContentError:
        raise
    except Exception as e:  # noqa: BLE001 - a damaged file fails while decoding
        raise ContentError(_unreadable(label, e)) from None
    cache.mkdir(parents=True, exist_ok=True)
    # The clean copy is its own clean copy: a picture already published
    # clean (a preview's output) is never encoded again.
    for target in (cached, cache / f"clean-{_digest(cleaned)}{suffix}"):
        # One temporary name per process and file: builds at once never clash.
        temp = target.with_name(f"{target.name}.{os.getpid()}.{id(target)}.tmp")
        temp.write_bytes(cleaned)
        temp.replace(target)  # atomic: a cache entry is whole or absent
    return cached


def _clean_all(project: Project, sources: list[tuple[Path, str]]) -> tuple[dict[Path, Path], list[str]]:
    """Each (source, label)'s clean copy, made in parallel, and the
    problems of those that cannot be published."""
    done: dict[Path, Path] = {}
    problems: list[str] = []

    def one(item: tuple[Path, str]) -> None:
        try:
            done[item[0]] = clean(project, *item)
        except ContentError as e:
            problems.append(str(e))

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as pool:
        list(pool.map(one, sources))
    return done, sorted(problems)


def problems(project: Project) -> list[str]:
    """Every picture of docs/ that cannot be published: one line each (the
    owner's photo's size is the settings' rule, settings.validate_photo)."""
    docs = _docs(project)
    found, sources = [], []
    for path in sorted(p for p in project.docs_dir.rglob("*") if p.is_file()):
        label = f"{docs}/{path.relative_to(project.docs_dir).as_posix()}"
        suffix = path.suffix.lower()
        if suffix not in PICTURES and suffix not in REFUSED:
            continue
        with path.open("rb") as f:
            kind = refused_format(path, f.read(16))
        if kind:
            found.append(_refused_message(label, kind))
        elif path.stat().st_size <= MAX_FILE_BYTES:  # a larger file is refused as such (files.py)
            sources.append((path, label))
    found += _clean_all(project, sources)[1]
    return found


def publish(build: Build) -> None:
    """Every raster picture of the output replaced by its clean copy (in
    a preview, only those the generator has just written). The folders
    the cards step writes whole are left to it: it draws them clean."""
    from .cards import ICON_DIR
    from .outputs import CARD_DIR

    site, docs = build.site, build.project.docs_dir
    since = build.since
    sources = []
    for path in sorted(p for p in site.rglob("*") if p.suffix.lower() in PICTURES and p.is_file()):
        if since is not None and path.stat().st_mtime < since:
            continue  # published clean by an earlier build
        relative = path.relative_to(site).as_posix()
        if relative.startswith((CARD_DIR + "/", ICON_DIR + "/")):
            continue
        label = f"{_docs(build.project)}/{relative}" if (docs / relative).is_file() else f"{site.name}/{relative}"
        sources.append((path, label))
    done, found = _clean_all(build.project, sources)
    if found:
        raise ContentError("Pictures the site cannot publish:\n  " + "\n  ".join(found))
    for path, cached in done.items():
        if path.stat().st_size != cached.stat().st_size or path.read_bytes() != cached.read_bytes():
            shutil.copyfile(cached, path)
