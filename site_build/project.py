"""The project as the pipeline sees it: mkdocs.yml read into plain values,
and the pages of docs/ with their front matter and addresses.

One home for what more than one step needs to know: where things are
(always relative to mkdocs.yml, never to the working directory), the
site's address, the owner, which pages are blog posts and where each
one is published.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml_env_tag import construct_env_tag

from site_extensions.content_checks import FRONT_MATTER
from site_extensions.datafile import safe_load
from site_extensions.errors import ContentError, truthy, yaml_error

from .brand import schemes

if TYPE_CHECKING:
    from .settings import Settings



class _Loader(yaml.SafeLoader):
    """mkdocs.yml's YAML: `!ENV` reads the environment exactly as MkDocs,
    ProperDocs and Zensical do (pyyaml_env_tag's own function),
    `!!python/name:` stays a name."""


def _python_name(loader: _Loader, suffix: str, node: yaml.Node):
    """`!!python/name:module.attribute` as the object it names, when it can
    be imported here, else as its name."""
    import importlib
    module, _, attribute = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError, ValueError):
        return suffix


# The generators' reading of `!ENV`: the variable's value resolved as a plain
# YAML scalar (`false` a switch, `8000` a number), the default as written.
_Loader.add_constructor("!ENV", construct_env_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)

def read_config(path: Path) -> dict:
    """mkdocs.yml as the generators read it (`!ENV` resolved as they
    resolve it). The owner's values are not there: they are the settings'
    (site_build/settings.py, data/titolare.yml)."""
    from .files import encoding_problem

    raw = path.read_bytes()
    unreadable = encoding_problem(raw, path.name)
    if unreadable:
        raise ContentError(unreadable)
    loader = _Loader(raw.decode("utf-8-sig"))
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as e:
        raise yaml_error(path.name, e) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ContentError(f"{path.name}: not a configuration (a YAML mapping)")
    return data


def load_config(path: Path) -> dict:
    """mkdocs.yml read (read_config)."""
    return read_config(path)


def hand_over(project: "Project", generator_config) -> None:
    """Fill a generator's own reading of mkdocs.yml (MkDocs' config,
    Zensical's dict) from the settings (site_build/settings.py): the
    site's address, the values the templates read (`extra.settings`;
    `extra.social`, which Material's footer shows; `extra.schemes`, the
    palette's colour schemes) and the shortcodes' options, all text as the
    owner wrote it."""
    settings = project.settings
    generator_config["site_url"] = settings.site_url or None
    values = settings.template_values()
    extra = generator_config["extra"]
    extra["settings"] = values
    extra["social"] = values["social"]  # Material's footer reads it there
    extra["schemes"] = schemes((generator_config["theme"] or {}).get("palette"))
    shortcodes = (generator_config.get("mdx_configs") or {}).get("site_extensions.shortcodes")
    if isinstance(shortcodes, dict):
        shortcodes["owner"] = values["owner"]
        shortcodes["contact_form"] = values["contact_form"]


def plugin_options(config: dict, name: str) -> dict | None:
    """A plugin's options in mkdocs.yml (`{}` when it is listed without
    any, None when it is not listed)."""
    for item in config.get("plugins") or []:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return item[name] or {}
    return None


@dataclass
class Page:
    """A Markdown page of docs/: its path inside docs/, its front matter."""

    src: str
    meta: dict
    text: str = field(repr=False)


@dataclass
class Project:
    root: Path
    config: dict
    # Files read once per build (.meta.yml, the authors file), by path.
    _read: dict = field(default_factory=dict, repr=False, compare=False)

    def yaml_file(self, path: Path):
        """A YAML file of the project, parsed (None if missing or broken:
        the checks say why), read once per build."""
        if path not in self._read:
            try:
                self._read[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError, ValueError):
                self._read[path] = None
        return self._read[path]

    @classmethod
    def load(cls, config_file: str | os.PathLike = "mkdocs.yml") -> "Project":
        path = Path(config_file).resolve()
        return cls(path.parent, read_config(path))

    # Where things are -------------------------------------------------------

    @property
    def docs_dir(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    @property
    def site_dir(self) -> Path:
        return self.root / self.config.get("site_dir", "site")

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def shortcode_file(self, key: str, default: str) -> str:
        """A data file of the shortcodes, as they read it (`key` of their
        settings in mkdocs.yml, else `default`), relative to the project."""
        for item in self.config.get("markdown_extensions") or []:
            if isinstance(item, dict) and isinstance(item.get("site_extensions.shortcodes"), dict):
                path = item["site_extensions.shortcodes"].get(key)
                if path:
                    return str(path)
        return default

    @property
    def services_file(self) -> str:
        """The services data file, relative to the project."""
        return self.shortcode_file("services_file", "data/services.yml")

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    @cached_property
    def settings(self) -> Settings:
        """The owner's settings and the machinery's, read once
        (site_build/settings.py)."""
        from . import settings

        return settings.load(self.root, self.config)

    @property
    def site_url(self) -> str:
        return self.settings.site_url

    @property
    def extra(self) -> dict:
        """mkdocs.yml's `extra` (machinery), with the settings as the
        templates read them (`extra.settings`, and `extra.social`)."""
        values = self.settings.template_values()
        return {**(self.config.get("extra") or {}), "settings": values, "social": values["social"]}

    @property
    def language(self) -> str:
        return (self.config.get("theme") or {}).get("language") or "it"

    @property
    def production(self) -> bool:
        return truthy(self.extra.get("production", False))

    # The blog ----------------------------------------------------------------

    @cached_property
    def blog(self) -> dict:
        settings = plugin_options(self.config, "blog")
        if settings is None:
            settings = plugin_options(self.config, "material/blog") or {}
        return {"blog_dir": "blog", "post_dir": "{blog}/posts", "post_url_format": "{date}/{slug}",
                "draft_if_future_date": False, "post_slugify_separator": "-", **settings}

    @property
    def posts_dir(self) -> str:
        """The folder of the posts, inside docs/ ("blog/posts")."""
        return self.settings.blog.posts_dir

    def is_post(self, src: str) -> bool:
        """Whether the page at `src` (a path inside docs/) is a blog post:
        the one definition the steps, the checks and the tests share."""
        return src.endswith(".md") and src.startswith(self.posts_dir + "/")

    # Pages ---------------------------------------------------------------------

    @cached_property
    def pages(self) -> dict[str, Page]:
        """Every Markdown page of docs/, by its path inside docs/ (front
        matter that cannot be read is the content checks' to report: here
        it counts as empty)."""
        found = {}
        for path in sorted(self.docs_dir.rglob("*.md")):
            src = path.relative_to(self.docs_dir).as_posix()
            text = path.read_text(encoding="utf-8-sig")
            match = FRONT_MATTER.match(text)
            try:
                meta = safe_load(match.group(1)) if match else {}
            except (yaml.YAMLError, ValueError):  # e.g. a date such as 2026-13-45
                meta = {}
            found[src] = Page(src, meta if isinstance(meta, dict) else {}, text)
        return found

    def url(self, src: str) -> str:
        """The address (relative to the site's root) MkDocs gives a page
        that is not a post: `faq.md` → `faq/`, `casi/index.md` → `casi/`."""
        path = src.removesuffix(".md")
        if path == "index" or path.endswith("/index"):
            return path.removesuffix("index")
        if path.endswith("/README") or path == "README":
            return path.removesuffix("README")
        return path + "/" if self.config.get("use_directory_urls", True) else path + ".html"

    def output_file(self, url: str) -> Path:
        """The built file that answers at `url`."""
        path = self.site_dir / url
        return path / "index.html" if url.endswith("/") or not url else path

    @property
    def today(self) -> dt.date:
        return dt.date.today()

    # Posts ---------------------------------------------------------------------

    def post_title(self, page: Page) -> str | None:
        """A post's title: `title` in its front matter, else its first
        level-one heading (as the blog plugin reads it)."""
        title = page.meta.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
        body = FRONT_MATTER.sub("", page.text, count=1)
        match = re.search(r"^#[ \t]+(.+?)[ \t#]*$", body, re.M)
        return match.group(1).strip() if match else None

    def post_url(self, page: Page) -> str | None:
        """The address the blog gives a post (`blog/<slug>/` here), from
        `post_url_format` in mkdocs.yml, or None when its front matter is
        too broken to tell (the checks then say why)."""
        from babel.dates import format_datetime
        from pymdownx.slugs import slugify

        blog, meta = self.blog, page.meta
        separator = blog.get("post_slugify_separator", "-")
        slug = meta.get("slug")
        if not isinstance(slug, str) or not slug.strip():
            title = self.post_title(page)
            if not title:
                return None
            slug = slugify(case="lower")(title, separator)
        date = meta.get("date")
        created = date.get("created") if isinstance(date, dict) else date
        categories = meta.get("categories") if isinstance(meta.get("categories"), list) else []
        categories = [slugify(case="lower")(str(c), blog.get("categories_slugify_separator", "-"))
                      for c in categories[: blog.get("post_url_max_categories", 1)]]
        values = {"slug": slug.strip(), "categories": "/".join(categories),
                  "file": Path(page.src).stem, "date": ""}
        fmt = str(blog["post_url_format"])
        if "{date}" in fmt:
            if not isinstance(created, (dt.date, dt.datetime)):
                return None
            pattern = blog.get("post_url_date_format", "yyyy/MM/dd")
            values["date"] = format_datetime(
                created if isinstance(created, dt.datetime) else dt.datetime.combine(created, dt.time()),
                format=pattern, locale=self.language.replace("-", "_"))
        path = os.path.normpath(fmt.format(**values).strip("/")).replace(os.sep, "/")
        path = f"{str(blog['blog_dir']).strip('/')}/{path}"
        return path + "/" if self.config.get("use_directory_urls", True) else path + ".html"

    def post_date(self, page: Page, key: str = "created") -> dt.date | None:
        """A post's `date.created` (or `date.updated`, falling back to
        created), as a date."""
        date = page.meta.get("date")
        if isinstance(date, dict):
            value = date.get(key) or date.get("created")
        else:
            value = date
        return as_date(value)

    def is_draft(self, page: Page) -> bool:
        """A post the blog leaves out: `draft: true`, or a date to come
        when `draft_if_future_date` is on."""
        if truthy(page.meta.get("draft", False)):
            return True
        created = self.post_date(page)
        return bool(self.blog.get("draft_if_future_date") and created and created > self.today)

    @cached_property
    def posts(self) -> dict[str, Page]:
        """Every post (drafts too), by its path inside docs/."""
        return {src: page for src, page in self.pages.items() if self.is_post(src)}


def as_date(value) -> dt.date | None:
    """A front-matter date (a date, a datetime, an ISO string, or a list
    of them: the newest) as a date, or None."""
    if isinstance(value, list):
        dates = [d for d in map(as_date, value) if d]
        return max(dates) if dates else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
