"""Python-Markdown extensions of the site (they run under MkDocs and Zensical alike)."""
