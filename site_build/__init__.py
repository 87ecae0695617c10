"""The site's build, as an explicit pipeline that any generator can feed.

    python -m site_build check       the content checks, then a strict build
                                     into a temporary folder (readiness.py)
    python -m site_build build       check, generate, then finish the output
    python -m site_build finish      only the steps over an existing output

The generator (MkDocs, ProperDocs or Zensical, all reading mkdocs.yml)
turns docs/ into HTML; everything the site guarantees beyond that is a
step over the output folder, in the fixed order of pipeline.py: the
pictures, `FIRST_STEPS`, `PAGE_STEPS` (each a plain function of the build,
a page and its HTML, returning the new HTML), then `SITE_STEPS` (each a
function of the build).
"""
