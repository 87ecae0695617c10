"""The contact form, end to end: Chromium fills and sends it to a real HTTP
receiver on 127.0.0.1, for each provider, and nothing a visitor writes is
lost when sending fails."""

from __future__ import annotations

import http.server
import json
import re
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from support.project import PRODUCTION_ENV, ROOT, build, content_problems
from support.server import QuietServer

FIELDS = {
    "name": "Anna Bianchi",
    "email": "anna@esempio.it",
    "business": "Bottega Bianchi, bottegabianchi.it",
    "need": "Gestione mensile",  # the second service of data/services.yml
    "message": "Ho tre collaboratrici e nessuno che tenga le fila dei progetti.",
}
SUBJECT = "Nuovo messaggio dal sito"
# What contact-form.js sends as message_id: a random UUID (or 32 hex digits).
MESSAGE_ID = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$")


def without_id(fields: dict) -> dict:
    """The fields a provider received, less a well-formed message_id."""
    rest = dict(fields)
    assert MESSAGE_ID.match(rest.pop("message_id", "")), f"no valid message_id in {fields}"
    return rest

# What each provider must receive from the full form, besides FIELDS:
# (content type, path, provider fields), written from the providers' docs.
PROVIDERS = {
    "formspree": ("application/x-www-form-urlencoded", "/f/prova", lambda site: {
        "_subject": SUBJECT, "_next": f"{site}/grazie/", "_gotcha": "",
    }),
    "netlify": ("application/x-www-form-urlencoded", "/grazie/", lambda site: {
        "form-name": "contatti", "bot-field": "",
    }),
    "web3forms": ("application/json", "/submit", lambda site: {
        "access_key": "chiave-di-prova", "subject": SUBJECT, "from_name": "Online Business Manager",
        "redirect": f"{site}/grazie/",
    }),
    "webhook": ("application/json", "/hook", lambda site: {"_honeypot": ""}),
}


# What each provider answers a script's POST that it accepted, as its docs
# show (Netlify Forms answers with the page the form names).
OK_ANSWERS = {
    "formspree": b'{"next": "https://formspree.io/thanks", "ok": true}',
    "netlify": b"<!doctype html><title>Grazie</title>",
    "web3forms": b'{"success": true, "message": "Email sent successfully!"}',
    "webhook": b'{"ok": true}',
}


class Receiver(http.server.SimpleHTTPRequestHandler):
    """Serves the built site on GET (when it has a directory) and records
    every POST, answering as the test asks: ok (the provider's own answer),
    500, 422, close, hang, or `answer` (the status and body in
    state["answer"])."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        super().end_headers()

    def do_OPTIONS(self):
        self.send_response(204)
        self.end_headers()

    def do_POST(self):
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0]
        if ctype == "application/json":
            fields = json.loads(raw)
        else:
            fields = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        state["received"].append({"path": self.path, "type": ctype, "fields": fields,
                                  "accept": self.headers.get("Accept", "")})
        mode = state["mode"]
        if mode == "close":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if mode == "hang":
            state["release"].wait(30)
            return
        if mode in ("500", "422"):
            body = b'{"error": "no"}'
            self.send_response(int(mode))
        elif mode == "answer":
            code, body = state["answer"]
            self.send_response(code)
        elif "json" in self.headers.get("Accept", ""):
            body = state["ok_answer"]
            self.send_response(200)
        else:
            # A native POST: the provider sends the visitor to the thank-you
            # page (a webhook, to the address in the field it was told of).
            target = fields.get("_next") or fields.get("redirect") or fields.get(state.get("redirect_field") or "_next")
            if target:
                self.send_response(303)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.directory and Path(self.directory, self.path.lstrip("/"), "index.html").exists():
                body = Path(self.directory, self.path.lstrip("/"), "index.html").read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            body = b"ricevuto"
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start(directory: Path | None):
    state = {"received": [], "mode": "ok", "release": threading.Event(), "ok_answer": b'{"ok": true}'}

    class Handler(Receiver):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(directory or ROOT / "tests"), **kwargs)
            if directory is None:
                self.directory = None

    server = QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = state
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", state


class ContactSite:
    """A build of the site for one provider (with `extra` variables of the
    build), its server and its receiver."""

    def __init__(self, provider: str, tmp: Path, extra: dict | None = None):
        site = tmp / "site"
        site.mkdir()
        self.site_server, self.url, site_state = start(site)
        self.receiver_server, receiver_url, receiver_state = start(None)
        # Netlify receives on the site itself.
        self.state = site_state if provider == "netlify" else receiver_state
        self.state["ok_answer"] = OK_ANSWERS[provider]
        env = {"SITE_URL": self.url + "/", "CONTACT_PROVIDER": provider}
        if provider in ("formspree", "webhook", "web3forms"):
            env["CONTACT_ENDPOINT"] = receiver_url + PROVIDERS[provider][1]
        if provider == "web3forms":
            env["CONTACT_ACCESS_KEY"] = "chiave-di-prova"
        env.update(extra or {})
        self.state["redirect_field"] = env.get("CONTACT_REDIRECT_FIELD")
        result = build(ROOT, site, env=env)
        assert result.returncode == 0, result.stderr
        self.provider = provider
        self.site_dir = site

    def reset(self, mode="ok"):
        self.state["received"].clear()
        self.state["mode"] = mode
        self.state["release"].clear()

    @property
    def received(self):
        return self.state["received"]

    def close(self):
        self.state["release"].set()
        self.site_server.shutdown()
        self.receiver_server.shutdown()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}

    def get(provider, **extra):
        key = (provider, *sorted(extra.items()))
        if key not in built:
            built[key] = ContactSite(provider, tmp_path_factory.mktemp(provider), extra)
        built[key].reset()
        return built[key]

    yield get
    for site in built.values():
        site.close()


def open_form(new_page, site, path="/contatti/", **options):
    page = new_page(**options)
    if options.get("java_script_enabled", True):
        page.clock.install()
    page.goto(site.url + path)
    return page


def fill(page, form="#cf-full", fields=FIELDS):
    for name, value in fields.items():
        if name == "need":
            page.check(f'{form} input[name="need"][value="{value}"]')
        else:
            page.fill(f'{form} [name="{name}"]', value)


def submit(page, form="#cf-full", wait=True):
    if wait:
        page.clock.fast_forward(4000)  # longer than a person needs to type
    page.click(f"{form} button[type=submit]")


def wait_for(page, predicate, seconds=5.0):
    """Wait, letting Playwright run meanwhile (its request routing runs in
    this process: a plain sleep would hold every request back)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        page.wait_for_timeout(50)
    return predicate()


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_provider_receives_its_fields(sites, new_page, provider):
    site = sites(provider)
    page = open_form(new_page, site)
    fill(page)
    submit(page)
    success = page.locator(".contact-form__success")
    success.wait_for(state="visible")
    assert page.evaluate("document.activeElement.classList.contains('contact-form__success')")
    assert len(site.received) == 1
    got = site.received[0]
    ctype, path, extra = PROVIDERS[provider]
    assert got["type"] == ctype and got["path"] == path
    assert without_id(got["fields"]) == {**FIELDS, **extra(site.url)}
    assert "application/json" in got["accept"]
    # The draft is gone after a confirmed success.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('contatti:'))") == []


INVALID = {
    "name": ({"name": ""}, "name", "Scrivi il tuo nome."),
    "email missing": ({"email": ""}, "email", "Scrivi il tuo indirizzo e-mail"),
    "email format": ({"email": "anna@esempio"}, "email", "non sembra completo"),
    "need": ({"need": None}, "need", "Scegli di che cosa hai bisogno"),
    "message short": ({"message": "Ciao!"}, "message", "troppo breve: scrivi almeno 10 caratteri"),
    "message long": ({"message": "x" * 5001}, "message", "troppo lungo: al massimo 5000 caratteri (ora sono 5001)"),
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("case", INVALID)
def test_invalid_input_is_caught_before_sending(sites, new_page, case):
    change, field, message = INVALID[case]
    site = sites("formspree")
    page = open_form(new_page, site)
    fields = {k: v for k, v in {**FIELDS, **change}.items() if v is not None}
    fill(page, fields={k: v for k, v in fields.items() if k != "message"})
    # Set the message directly: the textarea's maxlength stops typing past 5000.
    page.eval_on_selector("#cf-full textarea", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", fields.get("message", ""))
    submit(page)
    error = page.locator(f"#cf-full-{field}-error")
    assert error.is_visible() and message in error.inner_text()
    target = "#cf-full-need" if field == "need" else f'#cf-full [name="{field}"]'
    assert page.get_attribute(target, "aria-invalid") == "true"
    assert f"cf-full-{field}-error" in page.get_attribute(target, "aria-describedby")
    focused = page.evaluate("document.activeElement.name")
    assert focused == field, f"focus is on {focused!r}, not on the first error"
    assert "da correggere" in page.inner_text("#cf-full .contact-form__status")
    page.wait_for_timeout(500)
    assert site.received == []


FAILURES = {
    "500": "errore 500",
    "422": "rifiutato il messaggio (errore 422)",
    "close": "si è interrotta prima della risposta: il messaggio potrebbe essere arrivato",
    "hang": "non ha risposto entro 15 secondi: il messaggio potrebbe essere arrivato",
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("mode", FAILURES)
def test_a_failed_submission_keeps_every_word(sites, new_page, mode):
    site = sites("web3forms")
    site.reset(mode)
    page = open_form(new_page, site)
    fill(page)
    submit(page)
    assert wait_for(page, lambda: len(site.received) == 1)
    if mode == "hang":
        page.clock.fast_forward(15_500)
    failure = page.locator("#cf-full .contact-form__failure")
    failure.wait_for(state="visible")
    assert FAILURES[mode] in failure.inner_text()
    for name, value in FIELDS.items():
        if name == "need":
            assert page.is_checked(f'#cf-full input[name="need"][value="{value}"]')
        else:
            assert page.input_value(f'#cf-full [name="{name}"]') == value
    mailto = page.get_attribute("#cf-full .contact-form__mailto", "href")
    assert mailto.startswith("mailto:")
    query = parse_qs(urlsplit(mailto).query)
    assert FIELDS["message"] in query["body"][0] and FIELDS["email"] in query["body"][0]
    assert page.is_enabled("#cf-full button[type=submit]"), "the visitor must be able to try again"
    # The draft survives too.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('contatti:')).length") == 1
    site.state["release"].set()


# Answers to a script's POST, and whether each means "the message arrived"
# by what the provider documents: Formspree reports errors in `errors`,
# Web3Forms confirms with `success: true`, Netlify Forms by its status, and a
# webhook by its status unless its JSON answer says it failed.
ANSWERS = {
    "formspree ok": ("formspree", 200, OK_ANSWERS["formspree"], True),
    "formspree errors": ("formspree", 200, b'{"errors": [{"field": "email", "message": "should be an email"}]}', False),
    "formspree ok false": ("formspree", 200, b'{"ok": false}', False),
    "netlify 200": ("netlify", 200, OK_ANSWERS["netlify"], True),
    "netlify 404": ("netlify", 404, b"Not Found", False),
    "web3forms success": ("web3forms", 200, OK_ANSWERS["web3forms"], True),
    "web3forms success false": ("web3forms", 200, b'{"success": false, "message": "Invalid access key"}', False),
    "web3forms no json": ("web3forms", 200, b"OK", False),
    "webhook ok": ("webhook", 200, b'{"ok": true}', True),
    "webhook no content": ("webhook", 204, b"", True),
    "webhook plain text": ("webhook", 200, b"Accepted", True),
    "webhook ok false": ("webhook", 200, b'{"ok": false}', False),
    "webhook success false": ("webhook", 200, b'{"success": false}', False),
    "webhook error": ("webhook", 200, b'{"error": "quota exceeded"}', False),
}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("case", ANSWERS)
def test_success_is_what_the_provider_documents(sites, new_page, case):
    provider, code, body, arrived = ANSWERS[case]
    site = sites(provider)
    site.reset("answer")
    site.state["answer"] = (code, body)
    page = open_form(new_page, site)
    fill(page)
    submit(page)
    assert wait_for(page, lambda: len(site.received) == 1)
    drafts = "Object.keys(localStorage).filter(k => k.startsWith('contatti:')).length"
    if arrived:
        page.locator(".contact-form__success").wait_for(state="visible")
        assert page.evaluate(drafts) == 0
        return
    failure = page.locator("#cf-full .contact-form__failure")
    failure.wait_for(state="visible")
    expected = "rifiutato il messaggio (errore 404)" if code == 404 else "non è stato accettato"
    assert expected in failure.inner_text()
    assert not page.locator(".contact-form__success").is_visible()
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    assert page.evaluate(drafts) == 1, "the draft was deleted though the message did not arrive"
    assert page.is_enabled("#cf-full button[type=submit]")


@pytest.mark.browser
@pytest.mark.build
def test_offline_the_visitor_is_told_nothing_was_sent(sites, new_page):
    """Offline is not a broken connection: nothing left the page, and the
    visitor is told so (not that the message may have arrived)."""
    site = sites("webhook")
    page = open_form(new_page, site)
    fill(page)
    page.context.set_offline(True)
    submit(page)
    failure = page.locator("#cf-full .contact-form__failure")
    failure.wait_for(state="visible")
    said = failure.inner_text()
    assert "Sei offline" in said and "non è partito" in said
    assert "potrebbe essere arrivato" not in said
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('contatti:')).length") == 1
    page.context.set_offline(False)
    assert wait_for(page, lambda: "connessione è tornata" in page.inner_text("#cf-full .contact-form__status"))
    assert site.received == []
    page.click("#cf-full button[type=submit]")
    page.locator(".contact-form__success").wait_for(state="visible")
    assert len(site.received) == 1 and site.received[0]["fields"]["message"] == FIELDS["message"]


# Every field with a limit, the limit the page states (site_build/contact.py),
# and a text one character to a thousand over it, pasted.
def _over(limit: int, extra: int, end: str = "") -> str:
    words = ("Una frase che continua. " * (limit // 10 + extra))
    return words[: limit + extra - len(end) - 1].rstrip() + "!" + end


LONG = {
    "name": (200, _over(200, 1)),
    "email": (254, "a" * 250 + "@esempio.it"),
    "business": (200, _over(200, 50)),
    "message": (5000, _over(5000, 1000)),
}


def paste(page, selector: str, text: str) -> None:
    """Paste `text` into the field as a visitor does (Ctrl+V)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate("t => navigator.clipboard.writeText(t)", text)
    page.focus(selector)
    page.keyboard.press("Control+V")


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("field", LONG)
def test_a_paste_over_a_fields_limit_is_kept_whole_and_flagged_before_sending(sites, new_page, field):
    limit, text = LONG[field]
    assert len(text) > limit
    site = sites("formspree")
    page = open_form(new_page, site)
    fill(page, fields={k: v for k, v in FIELDS.items() if k != field})
    selector = f'#cf-full [name="{field}"]'
    paste(page, selector, text)
    assert page.input_value(selector) == text, "the pasted text was cut"
    error = page.locator(f"#cf-full-{field}-error")
    told = f"troppo lungo: al massimo {limit} caratteri (ora sono {len(text)})"
    assert error.is_visible() and told in error.inner_text(), "not told before sending"
    assert page.get_attribute(selector, "aria-invalid") == "true"
    submit(page)
    page.wait_for_timeout(300)
    assert site.received == []
    assert page.evaluate("document.activeElement.name") == field
    # The whole text is in the draft, and still flagged after a reload.
    page.reload()
    assert page.input_value(selector) == text
    assert page.locator(f"#cf-full-{field}-error").is_visible()
    # Shortened to the limit, it goes.
    page.fill(selector, text[:limit] if field != "email" else FIELDS["email"])
    assert not page.locator(f"#cf-full-{field}-error").is_visible()
    submit(page)
    page.locator(".contact-form__success").wait_for(state="visible")
    assert len(site.received) == 1


@pytest.mark.browser
@pytest.mark.build
def test_the_reply_form_flags_a_long_paste_too(sites, new_page):
    """The reply form at the end of a post has the same limits and says so."""
    site = sites("formspree")
    post = sorted((ROOT / "docs/blog/posts").glob("*.md"))[0]
    import yaml

    meta = yaml.safe_load(post.read_text(encoding="utf-8").split("---", 2)[1])
    page = open_form(new_page, site, path=f"/blog/{meta.get('slug') or post.stem}/")
    page.locator("#cf-reply").scroll_into_view_if_needed()
    page.wait_for_function("document.getElementById('cf-reply').noValidate")
    limit, text = LONG["message"]
    paste(page, '#cf-reply [name="message"]', text)
    assert page.input_value('#cf-reply [name="message"]') == text
    assert f"al massimo {limit} caratteri (ora sono {len(text)})" in page.inner_text("#cf-reply-message-error")


@pytest.mark.browser
@pytest.mark.build
def test_a_reload_restores_the_draft_and_success_clears_it(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    fill(page)
    page.reload()
    for name, value in FIELDS.items():
        if name == "need":
            assert page.is_checked(f'#cf-full input[name="need"][value="{value}"]')
        else:
            assert page.input_value(f'#cf-full [name="{name}"]') == value, name
    submit(page)
    page.locator(".contact-form__success").wait_for(state="visible")
    page.reload()
    assert page.input_value('#cf-full [name="message"]') == ""
    assert len(site.received) == 1


@pytest.mark.browser
@pytest.mark.build
def test_double_submission_sends_once(sites, new_page):
    site = sites("webhook")
    site.reset("hang")
    page = open_form(new_page, site)
    fill(page)
    page.clock.fast_forward(4000)
    page.eval_on_selector("#cf-full", "f => { f.requestSubmit(); f.requestSubmit(); f.requestSubmit(); }")
    assert wait_for(page, lambda: len(site.received) >= 1)
    page.wait_for_timeout(500)
    assert len(site.received) == 1
    assert page.is_disabled("#cf-full button[type=submit]")
    site.state["release"].set()


@pytest.mark.browser
@pytest.mark.build
def test_honeypot_filled_delivers_nothing(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    fill(page)
    page.eval_on_selector("#cf-full [data-trap]", "el => { el.value = 'http://spam.example'; }")
    submit(page)
    page.locator(".contact-form__success").wait_for(state="visible")
    page.wait_for_timeout(500)
    assert site.received == []


@pytest.mark.browser
@pytest.mark.build
def test_a_too_fast_submission_is_kept_and_sent_on_the_second_press(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    fill(page)
    submit(page, wait=False)
    status = page.locator("#cf-full .contact-form__status")
    assert "premi di nuovo" in status.inner_text()
    page.wait_for_timeout(300)
    assert site.received == []
    assert not page.locator(".contact-form__success").is_visible()
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    stored = page.evaluate("Object.entries(localStorage).filter(([k]) => k.startsWith('contatti:'))")
    assert len(stored) == 1 and FIELDS["message"] in stored[0][1]
    submit(page, wait=False)
    page.locator(".contact-form__success").wait_for(state="visible")
    assert len(site.received) == 1 and site.received[0]["fields"]["message"] == FIELDS["message"]


@pytest.mark.browser
@pytest.mark.build
def test_a_draft_typed_before_a_reload_is_sent_at_once(sites, new_page):
    """The time a person spent typing counts across reloads: a restored draft
    sent straight away is a person's, and arrives."""
    site = sites("formspree")
    page = new_page()  # the real clock
    page.goto(site.url + "/contatti/")
    fill(page)
    page.wait_for_timeout(3300)  # longer than data-min-fill
    page.reload()
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    page.click("#cf-full button[type=submit]")
    page.locator(".contact-form__success").wait_for(state="visible")
    assert len(site.received) == 1
    assert without_id(site.received[0]["fields"])["message"] == FIELDS["message"]


@pytest.mark.browser
@pytest.mark.build
def test_a_connection_closed_without_answer_keeps_one_id_per_draft(sites, new_page):
    site = sites("webhook")
    site.reset("close")
    page = open_form(new_page, site)
    fill(page)
    submit(page)
    failure = page.locator("#cf-full .contact-form__failure")
    failure.wait_for(state="visible")
    assert "potrebbe essere arrivato" in failure.inner_text()
    assert page.get_attribute("#cf-full .contact-form__mailto", "href").startswith("mailto:")
    first = {r["fields"]["message_id"] for r in site.received}
    assert len(first) == 1 and MESSAGE_ID.match(next(iter(first)))
    # The visitor tries again, after a reload: the same draft, the same id.
    page.reload()
    site.reset("ok")
    page.clock.fast_forward(4000)
    page.click("#cf-full button[type=submit]")
    page.locator(".contact-form__success").wait_for(state="visible")
    assert {r["fields"]["message_id"] for r in site.received} == first
    # A new message after a confirmed one gets a new id.
    page.reload()
    fill(page)
    page.clock.fast_forward(4000)
    site.reset("ok")
    page.click("#cf-full button[type=submit]")
    page.locator(".contact-form__success").wait_for(state="visible")
    assert site.received[0]["fields"]["message_id"] not in first


def prefill_link(site, text, origin=None):
    from urllib.parse import quote

    extra = f"&origine={origin}" if origin else ""
    return f"{site.url}/contatti/#messaggio={quote(text)}{extra}"


@pytest.mark.browser
@pytest.mark.build
def test_a_prefilled_link_adds_to_the_draft_and_never_replaces_it(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    fill(page)
    page.goto(site.url + "/")
    handed = "Risultato del test: ti serve un'assistente virtuale."
    page.goto(prefill_link(site, handed, origin="autovalutazione"))
    value = page.input_value('#cf-full [name="message"]')
    assert value.startswith(FIELDS["message"]) and value.endswith(handed), value
    for name in ("name", "email"):
        assert page.input_value(f'#cf-full [name="{name}"]') == FIELDS[name]
    stored = json.loads(page.evaluate(
        "Object.entries(localStorage).find(([k]) => k.startsWith('contatti:'))[1]"))
    assert stored["message"] == value
    # The visitor lands at the top of the form (name and e-mail filled: the
    # focus on the message), told where the new text came from.
    assert page.evaluate("document.activeElement.name") == "message"
    note = page.locator("#cf-full-message-prefill")
    assert note.is_visible() and "risultato del test" in note.inner_text()
    box = page.locator("#cf-full-title").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 4
    assert "#" not in page.url
    # The same link opened again adds nothing twice.
    page.goto(prefill_link(site, handed))
    assert page.input_value('#cf-full [name="message"]') == value


@pytest.mark.browser
@pytest.mark.build
def test_a_prefilled_link_longer_than_the_message_may_be_adds_nothing(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    page.fill('#cf-full [name="message"]', "Bozza mia. " * 10)
    typed = page.input_value('#cf-full [name="message"]')
    page.goto(site.url + "/")
    page.goto(prefill_link(site, "x" * 1_500_000))
    assert page.input_value('#cf-full [name="message"]') == typed
    stored = page.evaluate("Object.values(localStorage).map(v => v.length)")
    assert stored and max(stored) < 1000
    note = page.inner_text("#cf-full-message-prefill")
    assert "Non ho aggiunto" in note and "1500000 caratteri" in note and "5000" in note


@pytest.mark.browser
@pytest.mark.build
def test_a_prefilled_link_that_overflows_the_draft_is_added_whole_and_flagged(sites, new_page):
    """Nothing handed over is cut: the message holds both texts, and says at
    once that it is too long, before anything is sent."""
    site = sites("formspree")
    page = open_form(new_page, site)
    draft = _over(3000, 0)
    page.fill('#cf-full [name="message"]', draft)
    page.goto(site.url + "/")
    handed = _over(3000, 0).replace("Una", "Altra")
    page.goto(prefill_link(site, handed, origin="autovalutazione"))
    value = page.input_value('#cf-full [name="message"]')
    assert value == draft + "\n\n" + handed
    error = page.locator("#cf-full-message-error")
    assert error.is_visible() and f"(ora sono {len(value)})" in error.inner_text()
    assert "supera il limite di 5000 caratteri" in page.inner_text("#cf-full-message-prefill")


@pytest.mark.browser
@pytest.mark.build
def test_the_honeypot_is_hidden_from_people_and_assistive_technology(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    trap = page.locator("#cf-full [data-trap]")
    box = trap.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0
    assert page.get_attribute("#cf-full .contact-form__trap", "aria-hidden") == "true"
    assert trap.get_attribute("tabindex") == "-1"


# A webhook whose receiver answers a native POST with a redirect to the
# address in the field it is told of (extra.contact_form.redirect_field).
WEBHOOK_BACK = {"CONTACT_REDIRECT_FIELD": "torna_a"}


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("provider", ["formspree", "netlify", "web3forms", "webhook"])
def test_without_javascript_the_native_post_ends_on_the_thank_you_page(sites, new_page, provider):
    site = sites(provider, **(WEBHOOK_BACK if provider == "webhook" else {}))
    page = open_form(new_page, site, java_script_enabled=False)
    fill(page)
    with page.expect_navigation():
        page.click("#cf-full button[type=submit]")
    assert urlsplit(page.url).path == "/grazie/"
    assert page.locator("h1").inner_text().strip()
    assert len(site.received) == 1
    got = site.received[0]
    assert got["type"] == "application/x-www-form-urlencoded"
    extra = PROVIDERS[provider][2](site.url)
    if provider == "webhook":
        extra["torna_a"] = f"{site.url}/grazie/"
    expected = {**FIELDS, **extra}
    assert {k: got["fields"].get(k) for k in expected} == expected


@pytest.mark.browser
@pytest.mark.build
def test_a_webhook_without_a_way_back_offers_email_without_javascript(sites, new_page):
    """A receiver that would leave the visitor on its raw answer is never
    posted to natively: without JavaScript the visitor reads, before
    writing, that the form needs it and where to write instead."""
    site = sites("webhook")
    page = open_form(new_page, site, java_script_enabled=False)
    note = page.locator("#cf-full .contact-form__noscript")
    assert note.is_visible() and "serve JavaScript" in note.inner_text()
    assert page.get_attribute("#cf-full .contact-form__noscript a", "href").startswith("mailto:")
    fill(page)
    assert page.is_disabled("#cf-full button[type=submit]")
    page.press('#cf-full [name="email"]', "Enter")  # no implicit submission either
    page.click("#cf-full button[type=submit]", force=True)
    page.wait_for_timeout(500)
    assert urlsplit(page.url).path == "/contatti/"
    assert site.received == []
    # With JavaScript the same form sends (test_each_provider_receives_its_fields).
    page = open_form(new_page, site)
    assert page.is_enabled("#cf-full button[type=submit]")
    assert not page.locator("#cf-full .contact-form__noscript").is_visible()


@pytest.mark.browser
@pytest.mark.build
def test_the_whole_form_works_with_the_keyboard(sites, new_page):
    site = sites("formspree")
    page = open_form(new_page, site)
    page.focus("#cf-full [name=name]")
    page.keyboard.type(FIELDS["name"])
    page.keyboard.press("Tab")
    page.keyboard.type(FIELDS["email"])
    page.keyboard.press("Tab")
    page.keyboard.type(FIELDS["business"])
    page.keyboard.press("Tab")  # into the radio group: its first choice
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # the second choice, FIELDS' need
    page.keyboard.press("Tab")
    page.keyboard.type(FIELDS["message"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.clock.fast_forward(4000)
    page.keyboard.press("Enter")
    page.locator(".contact-form__success").wait_for(state="visible")
    assert without_id(site.received[0]["fields"]) == {**FIELDS, **PROVIDERS["formspree"][2](site.url)}


@pytest.mark.browser
@pytest.mark.build
def test_posts_end_with_a_reply_form_that_names_the_post(sites, new_page):
    site = sites("formspree")
    post = sorted((ROOT / "docs/blog/posts").glob("*.md"))[0]
    import yaml

    meta = yaml.safe_load(post.read_text(encoding="utf-8").split("---", 2)[1])
    path = f"/blog/{meta.get('slug') or post.stem}/"
    page = open_form(new_page, site, path=path)
    scripts = []
    page.on("request", lambda r: scripts.append(r.url) if r.url.endswith("contact-form.js") else None)
    page.wait_for_timeout(300)
    assert scripts == [], "the reply form's script loaded before the form came near the screen"
    page.locator("#cf-reply").scroll_into_view_if_needed()
    page.wait_for_function("document.getElementById('cf-reply').noValidate")
    assert len(scripts) == 1
    assert page.input_value("#cf-reply [name=page_title]") == meta["title"]
    assert page.input_value("#cf-reply [name=page_url]") == site.url + path
    fill(page, form="#cf-reply", fields={k: FIELDS[k] for k in ("name", "email", "message")})
    submit(page, form="#cf-reply")
    page.locator(".contact-form__success").wait_for(state="visible")
    got = site.received[0]["fields"]
    assert got["page_title"] == meta["title"] and got["page_url"] == site.url + path
    assert got["_subject"] == f"Risposta all'articolo: {meta['title']}"


@pytest.mark.browser
def test_demo_mode_is_labelled_and_sends_nowhere(site_dir, base_url, new_page):
    page = new_page()
    requests = []
    page.on("request", lambda r: requests.append(r) if r.method == "POST" else None)
    page.clock.install()
    page.goto(base_url + "/contatti/")
    assert "Modalità dimostrativa" in page.inner_text(".contact-form")
    fill(page)
    submit(page)
    result = page.locator(".contact-form__demo-result")
    result.wait_for(state="visible")
    assert "nessun messaggio è partito" in result.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('contact-form__demo-result')")
    # Nothing claims the message arrived, and nothing typed is lost.
    assert not page.locator(".contact-form__success").is_visible()
    assert "arrivato" not in page.locator(".contact-form").inner_text()
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    assert page.get_attribute(".contact-form__demo-result .contact-form__mailto", "href").startswith("mailto:")
    page.reload()
    assert page.input_value('#cf-full [name="message"]') == FIELDS["message"]
    assert requests == []


@pytest.mark.build
def test_netlify_forms_have_a_name_per_set_of_fields(sites):
    """Netlify registers a form by name with the fields of the HTML it finds:
    two forms with one name and different fields would lose fields."""
    from bs4 import BeautifulSoup

    site = sites("netlify")
    fields_by_name: dict[str, set] = {}
    site_dir = Path(site.site_dir)
    for html in site_dir.rglob("*.html"):
        doc = BeautifulSoup(html.read_text(encoding="utf-8"), "html5lib")
        for form in doc.select("form[data-netlify]"):
            name = form["name"]
            assert form.select_one('input[name="form-name"]')["value"] == name
            fields = {f["name"] for f in form.select("[name]") if f.name in ("input", "textarea", "select")}
            fields_by_name.setdefault(name, set())
            if fields_by_name[name]:
                assert fields_by_name[name] == fields, f"{html}: form '{name}' has other fields than elsewhere"
            fields_by_name[name] = fields
    assert len(fields_by_name) == 2, fields_by_name
    assert {"page_title", "page_url", "message_id"} <= fields_by_name["risposte-articoli"]
    assert {"business", "need", "message_id"} <= fields_by_name["contatti"]


def test_contact_calls_to_action_lead_to_the_form(site_dir):
    from bs4 import BeautifulSoup

    for rel in ("index.html", "obm-o-assistente-virtuale/index.html"):
        doc = BeautifulSoup((site_dir / rel).read_text(encoding="utf-8"), "html5lib")
        links = [a["href"] for a in doc.select(".md-content a[href]")]
        assert any("contatti/" in href for href in links), f"{rel} has no link to the contact page"


BAD_CONFIG = {
    "production without provider": ({**PRODUCTION_ENV, "CONTACT_PROVIDER": ""},
                                    "campo contact_form.provider: è vuoto"),
    "production with http endpoint": (
        {**PRODUCTION_ENV, "CONTACT_PROVIDER": "formspree", "CONTACT_ENDPOINT": "http://formspree.io/f/abc"},
        "'http://formspree.io/f/abc' non è https",
    ),
    "formspree without endpoint": ({"CONTACT_PROVIDER": "formspree"}, "campo contact_form.endpoint: Formspree ha bisogno del suo indirizzo"),
    "web3forms without key": ({"CONTACT_PROVIDER": "web3forms"}, "campo contact_form.access_key: Web3Forms ha bisogno della chiave"),
    "unknown provider": ({"CONTACT_PROVIDER": "piccione"}, "campo contact_form.provider: 'piccione' non è un servizio noto"),
    "redirect field for another provider": (
        {"CONTACT_PROVIDER": "web3forms", "CONTACT_ACCESS_KEY": "k", "CONTACT_REDIRECT_FIELD": "torna_a"},
        "campo contact_form.redirect_field: serve solo al webhook",
    ),
    "redirect field that is a form field": (
        {"CONTACT_PROVIDER": "webhook", "CONTACT_ENDPOINT": "https://hook.example/x", "CONTACT_REDIRECT_FIELD": "email"},
        "campo contact_form.redirect_field: 'email' non è un nome di campo che il modulo possa usare",
    ),
}


def configuration_problems(env: dict) -> list[str]:
    """The problems the content checks, which every build runs first
    (site_build/checks.py), find in the configuration set from `env`
    (the variables that override data/titolare.yml) that concern its
    contact_form, a
    line each (a production build also lists the placeholders of the
    data and pages)."""
    found = content_problems(env=env)
    return [line.strip() for problem in found for line in problem.splitlines() if "campo contact_form" in line]


@pytest.mark.parametrize("case", BAD_CONFIG)
def test_bad_configuration_is_refused(case):
    env, message = BAD_CONFIG[case]
    found = configuration_problems(env)
    assert any(message in line and "campo contact_form" in line for line in found), found


def test_a_good_configuration_is_accepted():
    assert configuration_problems({"CONTACT_PROVIDER": "web3forms", "CONTACT_ACCESS_KEY": "chiave"}) == []
    assert configuration_problems(PRODUCTION_ENV) == []


@pytest.mark.build
def test_bad_configuration_fails_the_build(tmp_path):
    """One case through a real build (test_content_checks.py builds with
    another: an endpoint with a password)."""
    env, message = BAD_CONFIG["production without provider"]
    result = build(ROOT, tmp_path / "site", env=env)
    assert result.returncode != 0
    assert message in result.stderr and "data/titolare.yml" in result.stderr, result.stderr


@pytest.mark.build
def test_production_with_https_endpoint_builds(production_site):
    html = (production_site / "contatti/index.html").read_text(encoding="utf-8")
    assert 'action="https://formspree.io/f/abc"' in html and "Modalità dimostrativa" not in html


@pytest.mark.browser
def test_the_contact_form_starts_in_the_first_phone_screen(site_dir, base_url, new_page):
    page = new_page(width=360, height=800)
    page.goto(base_url + "/contatti/")
    field = page.locator("#cf-full [name=name]").bounding_box()
    assert field["y"] + field["height"] <= 800, f"the first field ends at {field['y'] + field['height']:.0f} px"


# What the privacy page must say of each provider, written from the
# providers' own pages: the name it is known by, the site its privacy policy
# is on, and where the company is (None: the page must not guess).
PRIVACY = {
    "formspree": ("Formspree", "formspree.io", "Stati Uniti"),
    "netlify": ("Netlify", "www.netlify.com", "Stati Uniti"),
    "web3forms": ("Web3Forms", "web3forms.com", None),
    "webhook": ("127.0.0.1", None, None),  # named by its endpoint's host only
}


def privacy_sections(site_dir: Path) -> tuple[str, list[str], str]:
    """The privacy page's recipients (text, link hosts) and its section on
    transfers outside the EEA (text)."""
    from bs4 import BeautifulSoup

    doc = BeautifulSoup((site_dir / "privacy/index.html").read_text(encoding="utf-8"), "html5lib")
    recipients = doc.find(id="destinatari-dei-dati").find_next("ul")
    transfers = []
    for element in doc.find(id="trasferimenti-fuori-dallo-spazio-economico-europeo").find_next_siblings():
        if element.name == "h2":
            break
        transfers.append(element.get_text(" ", strip=True))
    return (recipients.get_text(" ", strip=True), [urlsplit(a["href"]).hostname for a in recipients.select("a[href]")],
            " ".join(transfers))


@pytest.mark.build
@pytest.mark.parametrize("provider", PRIVACY)
def test_the_privacy_page_names_the_builds_provider_and_its_transfers(sites, provider):
    name, policy_site, country = PRIVACY[provider]
    recipients, links, transfers = privacy_sections(sites(provider).site_dir)
    assert name in recipients, recipients
    others = [PRIVACY[p][0] for p in PRIVACY if p != provider and PRIVACY[p][0] not in name]
    assert not [other for other in others if other in recipients + transfers], "another provider is named"
    if policy_site:
        assert policy_site in links
    if country:
        assert f"{name}" in transfers and "negli Stati Uniti, fuori dallo Spazio economico europeo" in transfers
    else:
        assert "Stati Uniti" not in recipients.split("che ospita")[0], "a country the table does not know"
        assert "puoi scrivermi" in transfers
    if provider == "netlify":  # Netlify Forms works only on Netlify: the host is named too
        assert "che ospita il sito" in recipients and "Netlify, Inc." in recipients


@pytest.mark.build
def test_the_privacy_page_names_the_host(sites):
    recipients, links, transfers = privacy_sections(sites("formspree", SITE_HOST="cloudflare-pages").site_dir)
    assert "Cloudflare" in recipients.split("che ospita il sito")[0].split(";")[-1]
    assert "www.cloudflare.com" in links and "formspree.io" in links
    assert "Formspree e Cloudflare Pages hanno sede negli Stati Uniti" in transfers
    # Without a host set, the page names none.
    recipients, _links, _transfers = privacy_sections(sites("formspree").site_dir)
    assert "il fornitore di hosting" in recipients and "Cloudflare" not in recipients


def test_an_unknown_host_is_refused():
    found = content_problems(env={"SITE_HOST": "vercel"}, pages=True)
    assert any("mkdocs.yml extra.host 'vercel' is unknown" in line for line in found), found


@pytest.mark.browser
def test_the_need_choices_are_the_services_names_and_not_sure(site_dir, base_url, new_page):
    """"Di che cosa hai bisogno?" offers each service of data/services.yml
    by its name, in its order, and then «Non lo so ancora»."""
    import yaml

    names = [s["name"] for s in yaml.safe_load((ROOT / "data/services.yml").read_text(encoding="utf-8"))["services"]]
    page = new_page()
    page.goto(base_url + "/contatti/")
    shown = [t.strip() for t in page.locator("#cf-full-need label").all_inner_texts()]
    values = page.eval_on_selector_all('#cf-full input[name="need"]', "els => els.map(e => e.value)")
    assert shown == values
    assert [v.casefold() for v in values] == [n.casefold() for n in names] + ["non lo so ancora"]


@pytest.mark.browser
@pytest.mark.build
def test_a_link_naming_a_service_chooses_it_unless_one_is_chosen(sites, new_page):
    import yaml

    first, second = yaml.safe_load((ROOT / "data/services.yml").read_text(encoding="utf-8"))["services"][:2]
    site = sites("formspree")
    page = open_form(new_page, site, path="/")
    page.goto(prefill_link(site, "Risultato del test.", origin="autovalutazione") + f"&servizio={first['id']}")
    assert page.is_checked(f'#cf-full input[name="need"][value="{first["name"]}"]')
    page.check(f'#cf-full input[name="need"][value="{second["name"]}"]')
    page.goto(site.url + "/")
    page.goto(prefill_link(site, "Un altro testo.") + f"&servizio={first['id']}")
    assert page.is_checked(f'#cf-full input[name="need"][value="{second["name"]}"]'), "the visitor's choice stays"
    page.goto(site.url + "/")
    page.goto(prefill_link(site, "Un terzo testo.") + "&servizio=inesistente")
    assert page.locator('#cf-full input[name="need"]:checked').count() == 1


@pytest.mark.browser
@pytest.mark.build
@pytest.mark.parametrize("width", [360, 1280])
def test_the_need_error_outline_goes_around_its_question(sites, new_page, width):
    """A missing choice outlines the group: its question sits inside the
    outline, which never crosses it."""
    site = sites("formspree")
    page = open_form(new_page, site, width=width, height=800)
    fill(page, fields={k: v for k, v in FIELDS.items() if k != "need"})
    submit(page)
    group = page.locator("#cf-full-need")
    assert group.get_attribute("aria-invalid") == "true"
    outline = group.bounding_box()
    legend = group.locator("legend").bounding_box()
    assert page.evaluate("getComputedStyle(document.getElementById('cf-full-need')).boxShadow") != "none"
    assert legend["y"] >= outline["y"] + 4 and legend["x"] >= outline["x"] + 4, (legend, outline)
    assert legend["x"] + legend["width"] <= outline["x"] + outline["width"]
