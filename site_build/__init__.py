"""The site's build, as an explicit pipeline that any generator can feed.

    python -m site_build check       the content checks, without a build
    python -m site_build build       check, generate, then finish the output
    python -m site_build finish      only the steps over an existing output

The generator (MkDocs, ProperDocs or Zensical, all reading mkdocs.yml)
turns docs/ into HTML; everything the site guarantees beyond that is a
step over the output folder, in the fixed order of `pipeline.STEPS`, each
a plain function of the project and the folder. See pipeline.py.
"""
