/*
 * Contact form: validation, sending without leaving the page, and no lost
 * messages. Works on every form marked [data-contact-form]
 * (overrides/partials/contact-form.html). Without JavaScript the form still
 * posts natively to the provider.
 *
 * - Validation before sending, errors tied to their fields and announced,
 *   focus on the first error.
 * - The draft is kept in localStorage while typing and restored on reload;
 *   it is cleared only after the provider confirms. It carries a message id
 *   (sent as `message_id`) that stays the same for the same draft, so a
 *   message that arrives twice is recognisable as one.
 * - Only a filled honeypot is dropped without sending. A submission that
 *   looks too fast is never dropped: it is kept, and the visitor is asked to
 *   press the button again (see `tooFast`).
 * - A message handed over in the address (#messaggio=…) is added to the
 *   draft, never put in its place, within the field's limit.
 * - On a network error, a timeout or a non-2xx answer every field keeps its
 *   text and a mailto: link with the message prefilled is offered. When the
 *   connection broke before an answer, the visitor is told the message may
 *   have arrived: the provider may have received it.
 * - In demo mode (no provider configured) nothing is sent, the visitor is
 *   told so, and the text stays in the form.
 */
(function () {
  "use strict";

  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
  var DRAFT_FIELDS = ["name", "email", "business", "need", "message", "newsletter"];
  // The longest text the address may hand over to the message box; the
  // field's own maxlength caps the result.
  var HANDED_MAX = 5000;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function text(form, name) {
    var field = form.elements[name];
    return field ? String(field.value || "").trim() : "";
  }

  function storage() {
    try {
      var probe = "__contact_probe__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function setup(form) {
    var store = storage();
    var draftKey = "contatti:bozza:" + location.pathname + "#" + form.id;
    var minFill = parseInt(form.dataset.minFill, 10) || 0;
    var timeout = parseInt(form.dataset.timeout, 10) || 15000;
    // When this draft was first typed into (ms since the epoch), and its
    // message id; both are kept with the draft, across reloads.
    var startedAt = null;
    var messageId = null;
    var fastWarned = false;
    var sending = false;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".contact-form__status");
    var failure = form.querySelector(".contact-form__failure");
    var success = form.parentNode.querySelector(".contact-form__success");
    var demoResult = form.parentNode.querySelector(".contact-form__demo-result");
    var idField = form.elements.message_id;

    // Our own validation replaces the browser's bubbles.
    form.noValidate = true;

    // -- draft ---------------------------------------------------------------
    function saveDraft() {
      if (!store) return;
      var draft = {};
      DRAFT_FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (!field) return;
        if (field.type === "checkbox") draft[name] = field.checked;
        else draft[name] = field.value;
      });
      draft.startedAt = startedAt;
      draft.id = messageId;
      try {
        store.setItem(draftKey, JSON.stringify(draft));
      } catch (e) {
        // Storage full or refused: the text is still in the form.
      }
    }

    function ensureId() {
      if (!messageId) messageId = newId();
      if (idField) idField.value = messageId;
    }

    function restoreDraft() {
      if (!store) return;
      var draft;
      try {
        draft = JSON.parse(store.getItem(draftKey) || "null");
      } catch (e) {
        draft = null;
      }
      if (!draft || typeof draft !== "object") return;
      if (typeof draft.startedAt === "number") startedAt = draft.startedAt;
      else startedAt = 0; // a draft saved before start times were kept: long ago
      if (typeof draft.id === "string" && draft.id) messageId = draft.id;
      DRAFT_FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (!field || draft[name] === undefined) return;
        if (field.type === "checkbox") field.checked = !!draft[name];
        else if (field.length !== undefined && !field.tagName) {
          // A group of radio buttons.
          Array.prototype.forEach.call(field, function (radio) {
            radio.checked = radio.value === draft[name];
          });
        } else field.value = capped(field, String(draft[name]));
      });
    }

    // `value` cut to the field's maxlength, if it has one.
    function capped(field, value) {
      var max = field.maxLength > 0 ? field.maxLength : Infinity;
      return value.length > max ? value.slice(0, max) : value;
    }

    function clearDraft() {
      if (store) store.removeItem(draftKey);
      startedAt = null;
      messageId = null;
      if (idField) idField.value = "";
    }

    // A message handed over in the address fragment (#messaggio=…), e.g. by
    // the self-assessment's "Scrivimi con questo risultato". Anyone can send
    // such a link, so it only ever adds: the handed text goes after what the
    // visitor has already written (unless it is there already), cut to what
    // the field can still hold. The fragment never reaches the server and is
    // removed from the address once read. The visitor lands on the message
    // box, with a note saying where its new text came from.
    function prefillFromAddress() {
      var params = new URLSearchParams(location.hash.slice(1));
      var handed = params.get("messaggio");
      var message = form.elements.message;
      if (handed === null || !message) return;
      history.replaceState(null, "", location.pathname + location.search);
      handed = handed.slice(0, HANDED_MAX).trim();
      if (!handed) return;
      var current = message.value;
      var max = message.maxLength > 0 ? message.maxLength : HANDED_MAX;
      var note;
      var fromTest = params.get("origine") === "autovalutazione";
      var source = fromTest ? "il risultato del test «Di chi hai bisogno?»" : "il testo del link che hai aperto";
      if (current.indexOf(handed) !== -1) {
        note = "Nel messaggio c’è già " + source + ": rileggilo e completalo.";
      } else {
        var kept = current.replace(/\s+$/, "");
        var separator = kept ? "\n\n" : "";
        var room = max - kept.length - separator.length;
        if (room <= 0) {
          note = "Non ho aggiunto " + source + ": il messaggio ha già raggiunto il limite di " + max + " caratteri.";
        } else {
          message.value = kept + separator + handed.slice(0, room);
          note = (kept
            ? "Ho aggiunto in fondo al tuo messaggio " + source
            : "Ho inserito nel messaggio " + source) +
            (handed.length > room ? ", accorciato per stare nel limite di " + max + " caratteri" : "") +
            ": rileggilo e completalo prima di inviare.";
          saveDraft();
        }
      }
      var hint = document.getElementById(form.id + "-message-prefill");
      if (hint) {
        hint.textContent = note;
        hint.hidden = false;
      }
      message.focus({ preventScroll: true });
      message.setSelectionRange(message.value.length, message.value.length);
      message.scrollIntoView({ block: "center" });
    }

    // -- validation ----------------------------------------------------------
    function showError(name, message) {
      var error = document.getElementById(form.id + "-" + name + "-error");
      var field = form.elements[name];
      var target = name === "need" ? document.getElementById(form.id + "-need") : field;
      if (error) {
        error.textContent = message || "";
        error.hidden = !message;
      }
      if (target && target.setAttribute) {
        if (message) target.setAttribute("aria-invalid", "true");
        else target.removeAttribute("aria-invalid");
      }
    }

    // The error message for one field, or "" when it is fine.
    function fieldError(name) {
      var value = text(form, name);
      switch (name) {
        case "name":
          return value ? "" : "Scrivi il tuo nome.";
        case "email":
          if (!value) return "Scrivi il tuo indirizzo e-mail, così posso risponderti.";
          return EMAIL.test(value)
            ? ""
            : "L’indirizzo e-mail non sembra completo: controlla che sia nella forma nome@dominio.it.";
        case "need":
          return value ? "" : "Scegli di che cosa hai bisogno (va bene anche «Non lo so ancora»).";
        case "message":
          if (value.length < 10) return "Il messaggio è troppo breve: scrivi almeno 10 caratteri.";
          if (value.length > 5000)
            return "Il messaggio è troppo lungo: al massimo 5000 caratteri (ora sono " + value.length + ").";
          return "";
      }
      return "";
    }

    // Checks every field; returns the names of those in error, in order.
    function validate() {
      return ["name", "email", "need", "message"].filter(function (name) {
        if (!form.elements[name]) return false;
        var message = fieldError(name);
        showError(name, message);
        return !!message;
      });
    }

    function focusField(name) {
      var field = form.elements[name];
      if (field && field.length !== undefined && !field.tagName) field = field[0];
      if (field && field.focus) field.focus();
    }

    // -- sending -------------------------------------------------------------
    function payload() {
      var data = new FormData(form);
      var out = {};
      data.forEach(function (value, key) {
        out[key] = value;
      });
      return out;
    }

    function mailtoLink() {
      var lines = [text(form, "message"), "", "— " + text(form, "name") + " <" + text(form, "email") + ">"];
      if (text(form, "business")) lines.push(text(form, "business"));
      if (text(form, "need")) lines.push("Di che cosa ho bisogno: " + text(form, "need"));
      if (text(form, "page_url")) lines.push("Articolo: " + text(form, "page_title") + " " + text(form, "page_url"));
      var subject = form.elements.page_title
        ? "Risposta all'articolo: " + text(form, "page_title")
        : "Messaggio dal sito";
      return (
        "mailto:" + form.dataset.ownerEmail +
        "?subject=" + encodeURIComponent(subject) +
        "&body=" + encodeURIComponent(lines.join("\n"))
      );
    }

    function showFailure(reason) {
      sending = false;
      button.disabled = false;
      status.textContent = "";
      failure.querySelector(".contact-form__failure-text").textContent = reason;
      failure.querySelector(".contact-form__mailto").href = mailtoLink();
      failure.hidden = false;
    }

    function showSuccess() {
      sending = false;
      clearDraft();
      form.reset();
      form.hidden = true;
      status.textContent = "";
      success.hidden = false;
      success.focus();
    }

    // Demo mode: nothing was sent, and nothing is cleared.
    function showDemo() {
      status.textContent = "";
      demoResult.querySelector(".contact-form__mailto").href = mailtoLink();
      demoResult.hidden = false;
      demoResult.focus();
    }

    function send() {
      var data = payload();
      var format = form.dataset.format;
      var headers = { Accept: "application/json" };
      var body;
      if (format === "json") {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(data);
      } else {
        headers["Content-Type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(data).toString();
      }
      var controller = new AbortController();
      var timer = setTimeout(function () {
        controller.abort();
      }, timeout);
      return fetch(form.action, {
        method: "POST",
        headers: headers,
        body: body,
        signal: controller.signal,
        credentials: "omit",
      }).then(
        function (response) {
          clearTimeout(timer);
          if (response.ok) return showSuccess();
          showFailure(
            response.status >= 500
              ? "Il servizio di invio ha un problema in questo momento (errore " + response.status + ") e il messaggio non è partito."
              : "Il servizio di invio ha rifiutato il messaggio (errore " + response.status + ")."
          );
        },
        function () {
          // No answer: the request may still have reached the provider (a
          // connection closed after the body was read, or a slow answer), so
          // the visitor is not told it was lost. Sending again carries the
          // same message_id, which lets the owner spot the duplicate.
          clearTimeout(timer);
          showFailure(
            (controller.signal.aborted
              ? "Il servizio di invio non ha risposto entro " + Math.round(timeout / 1000) + " secondi"
              : "La connessione con il servizio di invio si è interrotta prima della risposta") +
              ": il messaggio potrebbe essere arrivato comunque, ma non ne ho la conferma. " +
              "Se riprovi e mi arriva due volte, riconosco il doppione."
          );
        }
      );
    }

    function trapped() {
      var trap = form.querySelector("[data-trap]");
      if (!trap) return false;
      return trap.type === "checkbox" ? trap.checked : trap.value !== "";
    }

    // Too fast to be a person? The signal is the time since the first
    // keystroke of this draft, kept across reloads: typing a name, an e-mail
    // address and a message of at least ten characters takes a person more
    // than `minFill` milliseconds, while a script fills and sends in one go.
    // A restored draft keeps its original start, so reloading and sending at
    // once is fine. A person can still be faster (browser autofill plus a
    // pasted message), so a fast submission is never dropped: it is kept,
    // and the first press only asks to check and press again; the second
    // press sends. A draft never typed into (fields set by a script) counts
    // as just started.
    function tooFast() {
      if (fastWarned || !minFill) return false;
      var since = startedAt === null ? 0 : Date.now() - startedAt;
      return startedAt === null || since < minFill;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      failure.hidden = true;
      if (demoResult) demoResult.hidden = true;
      var errors = validate();
      if (errors.length) {
        status.textContent =
          errors.length === 1 ? "C’è un campo da correggere." : "Ci sono " + errors.length + " campi da correggere.";
        focusField(errors[0]);
        return;
      }
      // A filled honeypot is a bot's: it is told "sent", and nothing is.
      if (trapped()) {
        showSuccess();
        return;
      }
      if (tooFast()) {
        fastWarned = true;
        status.textContent =
          "Hai compilato il modulo in un attimo: controlla che sia tutto giusto e premi di nuovo «Invia il messaggio» per spedirlo.";
        button.focus();
        return;
      }
      if (form.dataset.format === "demo") {
        showDemo();
        return;
      }
      ensureId();
      saveDraft();
      sending = true;
      button.disabled = true;
      status.textContent = "Invio in corso…";
      send();
    });

    form.addEventListener("input", function (event) {
      if (startedAt === null && event.isTrusted) startedAt = Date.now();
      ensureId();
      saveDraft();
      // A field shown in error is checked again as it is corrected.
      var name = event.target.name;
      var error = document.getElementById(form.id + "-" + name + "-error");
      if (error && !error.hidden) showError(name, fieldError(name));
    });
    form.addEventListener("change", saveDraft);

    restoreDraft();
    if (messageId && idField) idField.value = messageId;
    prefillFromAddress();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-contact-form]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
