"""The pipeline's log: under MkDocs and ProperDocs it prints with their own
messages (their loggers are named `mkdocs.*`); `python -m site_build` sets
it up for the command line."""

import logging

log = logging.getLogger("mkdocs.plugins.site_build")
