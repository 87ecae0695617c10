"""What the owner puts in docs/ and data/ that the site cannot publish is
refused in one line naming the file, what is wrong and what to do, never
with a traceback: text that is not UTF-8, a picture that cannot be read,
that is too large to decode or that browsers cannot show, a file over the
host's limit, an owner's photo that is not square or too small.

Each case goes through the content checks that every build and
`make check` run first (support.project.content_problems); one build per kind
shows that the build stops with the same lines."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image

from support.project import build, content_problems, copy_project

IMAGES = "docs/assets/images"
# The first bytes of a HEIC file as an iPhone writes it (an ISO media file
# whose brand is 'heic'), and a TIFF's.
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
TIFF = b"II*\x00\x08\x00\x00\x00" + b"\x00" * 64


def jpeg_bytes(width: int = 640, height: int = 480) -> bytes:
    import io

    out = io.BytesIO()
    Image.effect_noise((width, height), 60).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def _garbage(path):
    path.write_bytes(b"Questo file non e' una fotografia, anche se si chiama .jpg\n" * 10)


def _truncated(path):
    data = jpeg_bytes()
    path.write_bytes(data[: len(data) // 2])


def _huge(path):
    Image.new("1", (16000, 12000)).save(path, "PNG")


def _over_limit(path):
    Image.new("1", (9000, 6000)).save(path, "PNG")


# case -> (file name, how to make it, what the line says, what to do)
PICTURES = {
    "not a picture": ("rotta.jpg", _garbage, "cannot be read", "save it again"),
    "cut short": ("tagliata.jpg", _truncated, "cannot be read", "save it again"),
    "16000x12000": ("enorme.png", _huge, "16000x12000 pixels", "resize it to at most 4000 pixels"),
    "54 megapixels": ("grande.png", _over_limit, "9000x6000 pixels", "resize it to at most 4000 pixels"),
    "HEIC": ("iphone.heic", lambda p: p.write_bytes(HEIC), "HEIC picture", "convert it to JPEG"),
    "HEIC named .jpg": ("iphone-rinominata.jpg", lambda p: p.write_bytes(HEIC), "HEIC picture",
                        "convert it to JPEG"),
    "TIFF": ("scansione.tif", lambda p: p.write_bytes(TIFF), "TIFF picture", "convert it to JPEG"),
}


def _lines_naming(problems: list[str], name: str) -> list[str]:
    return [line for problem in problems for line in problem.splitlines() if name in line]


@pytest.mark.parametrize("case", PICTURES)
def test_a_picture_that_cannot_be_published_is_refused_in_one_line(tmp_path, case):
    name, make, wrong, todo = PICTURES[case]
    project = copy_project(tmp_path / "project")
    make(project / IMAGES / name)
    lines = _lines_naming(content_problems(project), name)
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{IMAGES}/{name}: ") and wrong in lines[0] and todo in lines[0], lines[0]


def test_a_good_picture_has_nothing_to_report(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / IMAGES / "buona.jpg").write_bytes(jpeg_bytes())
    assert not _lines_naming(content_problems(project), "buona.jpg")


@pytest.mark.parametrize("size", [(600, 400), (300, 300), (480, 481)])
def test_an_owner_photo_not_square_or_too_small_is_refused_in_one_line(tmp_path, size):
    project = copy_project(tmp_path / "project")
    Image.new("RGB", size, (200, 120, 40)).save(project / IMAGES / "ritratto.jpg")
    problems = content_problems(project, env={"OWNER_PHOTO": "assets/images/ritratto.jpg"})
    lines = _lines_naming(problems, "ritratto.jpg")
    assert len(lines) == 1, problems
    assert "campo photo" in lines[0] and "OWNER_PHOTO" in lines[0], lines[0]
    assert f"{size[0]}×{size[1]} pixel" in lines[0] and "quadrata" in lines[0] and "400×400" in lines[0]


def test_an_owner_photo_turned_by_its_orientation_is_measured_upright(tmp_path):
    """A 400x400 photo is square however it is turned; a 600x400 stored
    picture tagged 'turn 90°' is 400x600 as shown, and named so."""
    project = copy_project(tmp_path / "project")
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (600, 400)).save(project / IMAGES / "ritratto.jpg", exif=exif)
    problems = content_problems(project, env={"OWNER_PHOTO": "assets/images/ritratto.jpg"})
    assert any("400×600 pixel" in line for line in _lines_naming(problems, "ritratto.jpg")), problems


# Text that is not UTF-8: Windows' "ANSI" (cp1252) writes 'è' as the byte 0xe8.
LATIN = "è".encode("cp1252")
TEXT_FILES = {
    "docs/faq.md": 3,
    "docs/blog/.authors.yml": 2,
    "docs/blog/.meta.yml": 2,
    "data/services.yml": 2,
}


def _spoil(project, relative: str, line: int) -> None:
    """Line `line` of the file gains a word in Windows' encoding."""
    path = project / relative
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] += b" # perch" + LATIN
    path.write_bytes(b"\n".join(lines))


def test_text_that_is_not_utf8_is_refused_naming_the_file_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    for relative, line in TEXT_FILES.items():
        _spoil(project, relative, line)
    problems = content_problems(project)
    for relative, line in TEXT_FILES.items():
        lines = _lines_naming(problems, relative)
        assert len(lines) == 1, problems
        assert lines[0].startswith(f"{relative}, line {line}: the file is not UTF-8 text (byte 0xe8")
        assert "save it again with the encoding UTF-8" in lines[0]


@pytest.mark.build
def test_a_build_with_text_that_is_not_utf8_stops_with_one_line_per_file(tmp_path):
    project = copy_project(tmp_path / "project")
    for relative, line in TEXT_FILES.items():
        _spoil(project, relative, line)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "codec can't decode" not in output, output
    for relative, line in TEXT_FILES.items():
        assert f"{relative}, line {line}: the file is not UTF-8 text" in output, output


@pytest.mark.build
def test_make_check_names_a_mkdocs_yml_that_is_not_utf8(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_bytes(config.read_bytes().replace(b"site_name:", b"# perch" + LATIN + b"\nsite_name:", 1))
    result = subprocess.run([sys.executable, "-m", "site_build", "check", "-f", str(config)], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    assert "mkdocs.yml, line " in result.stderr and "is not UTF-8 text" in result.stderr, result.stderr


def test_a_file_over_25_mib_is_refused_in_one_line(tmp_path):
    project = copy_project(tmp_path / "project")
    with open(project / "docs/assets/presentazione.pdf", "wb") as f:
        f.truncate(26 * 1024 * 1024)  # sparse: no disk used
    lines = _lines_naming(content_problems(project), "presentazione.pdf")
    assert len(lines) == 1, lines
    assert "26.0 MiB" in lines[0] and "Cloudflare Pages refuses files over 25 MiB" in lines[0]
    assert "make it smaller" in lines[0]


def test_a_file_the_build_writes_over_25_mib_stops_it(tmp_path):
    """The last check over the output, for what the build itself writes
    (the owner's files are refused before)."""
    from site_build.files import output_sizes
    from site_build.pipeline import SITE_STEPS, Build
    from site_build.project import Project
    from site_extensions.errors import ContentError

    assert output_sizes in [step for _name, step in SITE_STEPS]
    site = tmp_path / "site"
    site.mkdir()
    with open(site / "search_index.json", "wb") as f:
        f.truncate(25 * 1024 * 1024 + 1)
    (site / "index.html").write_text("<p>piccolo</p>", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        output_sizes(Build(Project.load(copy_project(tmp_path / "project") / "mkdocs.yml"), site))
    lines = str(refused.value).splitlines()
    assert len(lines) == 2 and lines[1].strip().startswith("site/search_index.json: the file is 25.0 MiB")


@pytest.mark.build
def test_a_build_with_pictures_it_cannot_publish_stops_with_one_line_each(tmp_path):
    project = copy_project(tmp_path / "project")
    for case in ("not a picture", "16000x12000", "HEIC"):
        name, make, wrong, _todo = PICTURES[case]
        make(project / IMAGES / name)
    Image.new("RGB", (600, 400)).save(project / IMAGES / "ritratto.jpg")
    result = build(project, tmp_path / "site", env={"OWNER_PHOTO": "assets/images/ritratto.jpg"})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    for case in ("not a picture", "16000x12000", "HEIC"):
        name, _make, wrong, _todo = PICTURES[case]
        assert len(_lines_naming([output], f"{IMAGES}/{name}: ")) == 1 and wrong in output, output
    assert "campo photo" in output and "600×400 pixel" in output
