"""What the page templates show beyond a page's own text, decided here.

- The home page (template home.html) starts with its hero, whose title is
  the page's heading: it becomes the first entry of the page's table of
  contents, so that Material's "skip to content" link leads there rather
  than past the hero. The home page also lists the newest posts: `recent_posts`
  in its template context, each with title, address, description and date
  (ISO and written out in Italian), newest first, drafts left out as the
  blog leaves them out.
- A blog post ends with up to three related posts (`related_posts`: those
  sharing its first category, newest first, then the newest others), before
  the share buttons and the reply form (overrides/partials/comments.html).
- A blog post shows its date, reading time and author right under its
  title: overrides/partials/post-meta.html, placed after the post's first
  heading. Material puts them in a sidebar that phones show only at the
  end of the page.
"""

from __future__ import annotations

from babel.dates import format_date
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from site_extensions.datafile import typographic

RECENT_POSTS = 3
RELATED_POSTS = 3
HERO_ID = "hero-title"  # the id of the hero's heading in overrides/home.html
POST_META_TEMPLATE = "partials/post-meta.html"

_env = None


def _blog(config: MkDocsConfig):
    plugin = config.plugins.get("material/blog")
    return getattr(plugin, "blog", None) if plugin else None


def _date(value, config: MkDocsConfig) -> dict[str, str]:
    locale = config.theme.get("language") or "it"
    return {"iso": value.date().isoformat() if hasattr(value, "date") else str(value),
            "text": format_date(value, format="long", locale=locale)}


def _summary(post, config: MkDocsConfig) -> dict:
    return {
        "title": str(post.meta.get("title") or post.title or ""),
        "url": post.url,
        "description": typographic(str(post.meta.get("description") or "")),
        "date": _date(post.config.date.created, config),
    }


def recent_posts(config: MkDocsConfig, count: int = RECENT_POSTS) -> list[dict]:
    blog = _blog(config)
    return [_summary(post, config) for post in (blog.posts if blog else [])[:count]]


def related_posts(page, config: MkDocsConfig, count: int = RELATED_POSTS) -> list[dict]:
    blog = _blog(config)
    others = [post for post in (blog.posts if blog else []) if post is not page]
    first = page.categories[0] if getattr(page, "categories", None) else None
    same = [post for post in others if first is not None and first in post.categories]
    rest = [post for post in others if post not in same]
    return [_summary(post, config) for post in (same + rest)[:count]]


def on_env(env, config: MkDocsConfig, files):
    global _env
    _env = env
    return env


@event_priority(-50)  # after the blog plugin has set up its context
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    if page.meta.get("template") == "home.html":
        context["recent_posts"] = recent_posts(config)
        hero = page.meta.get("hero") or {}
        if hero.get("title") and page.toc is not None:
            page.toc.items.insert(0, AnchorLink(str(hero["title"]), HERO_ID, 1))
    blog = _blog(config)
    if blog and page in blog.posts:
        context["related_posts"] = related_posts(page, config)
    if blog and page in blog.posts and _env is not None and page.content:
        meta = _env.get_template(POST_META_TEMPLATE).render(
            **context, post_date=_date(page.config.date.created, config))
        end = page.content.find("</h1>")
        if end >= 0:
            end += len("</h1>")
            page.content = page.content[:end] + meta + page.content[end:]
        else:
            page.content = meta + page.content
    return context
