"""The owner's identity, written once in `extra.owner` of mkdocs.yml.

Checks that it is complete (the build fails with a message naming the missing
field) and gives the owner's name and role to the blog author who stands for
the owner in docs/blog/.authors.yml, so that the name is never written twice.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

REQUIRED = ("name", "role", "city", "email", "author_id")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@event_priority(-100)  # after the blog plugin has read its authors file
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    owner = config.extra.get("owner")
    if not isinstance(owner, dict):
        raise PluginError("mkdocs.yml: extra.owner (the owner's identity) is missing")
    missing = [k for k in REQUIRED if not str(owner.get(k) or "").strip()]
    if missing:
        raise PluginError(f"mkdocs.yml: extra.owner.{missing[0]} is empty; set it")
    if not EMAIL.match(owner["email"]):
        raise PluginError(f"mkdocs.yml: extra.owner.email '{owner['email']}' is not an e-mail address")

    blog = config.plugins.get("material/blog")
    if blog is None or not blog.config.authors:
        return config
    author = blog.authors.get(owner["author_id"])
    if author is None:
        raise PluginError(
            f"docs/blog/.authors.yml: no author '{owner['author_id']}' "
            "(extra.owner.author_id in mkdocs.yml names the owner's entry)"
        )
    author.name = owner["name"]
    author.description = owner["role"]
    return config
