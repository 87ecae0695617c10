"""What the tests share that is not a fixture: the project and its builds
(project), the pages of a build (pages), a static server (server), the
browser's options and waits (browser, waits), the guard of the slow
groups' markers (markers, a pytest plugin), and what a few groups of tests
share (content_text, host_headers, page_types, sharing). The fixtures stay
in tests/conftest.py."""
