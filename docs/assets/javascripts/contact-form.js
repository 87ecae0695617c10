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
 *   draft, never put in its place, and never cut short.
 * - No field is ever cut short: a field longer than its limit
 *   (`data-max-length`, from site_build/contact.py) shows its error at once,
 *   typed or pasted, with how long it is, and the form is not sent.
 * - Success is what the provider documents as success: the rule in the
 *   form's `data-success` (the provider table, site_build/settings.py
 *   PROVIDERS), applied to the status and the JSON answer. Anything else keeps the draft.
 * - On a network error, a timeout, a non-2xx answer or an answer that says
 *   the message was not accepted, every field keeps its text and a mailto:
 *   link with the message prefilled is offered. Offline, nothing is sent and
 *   the visitor is told so. When the connection broke before an answer, the
 *   visitor is told the message may have arrived: the provider may have
 *   received it.
 * - In demo mode (no provider configured) nothing is sent, the visitor is
 *   told so, and the text stays in the form.
 */
(function () {
  "use strict";

  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
  var DRAFT_FIELDS = ["name", "email", "business", "need", "message", "newsletter"];
  // The fields checked before sending, in the order they appear.
  var CHECKED = ["name", "email", "business", "need", "message"];
  // How each length-limited field is named in its error message.
  var LABELS = {
    name: "Il nome",
    email: "L’indirizzo e-mail",
    business: "Il testo di «Attività o sito web»",
    message: "Il messaggio",
  };

  // The most characters a field may hold (its data-max-length), or Infinity.
  function maxLength(field) {
    var max = field ? parseInt(field.getAttribute("data-max-length"), 10) : NaN;
    return max > 0 ? max : Infinity;
  }

  // The provider's answer against its rule for success (data-success):
  // "" when it confirms the message arrived, otherwise why not: "server"
  // (a 5xx status), "status" (another non-2xx status) or "answer" (a 2xx
  // answer that does not confirm it).
  function refusal(rule, status, raw) {
    if (status < 200 || status > 299) return status >= 500 ? "server" : "status";
    var body = null;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      body = null;
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) body = null;
    var key;
    for (key in rule.require || {}) {
      if (!body || body[key] !== rule.require[key]) return "answer";
    }
    if (!body) return "";
    for (key in rule.refuse || {}) {
      if (Object.prototype.hasOwnProperty.call(body, key) && body[key] === rule.refuse[key]) return "answer";
    }
    var keys = rule.refuse_keys || [];
    for (var i = 0; i < keys.length; i++) {
      var value = body[keys[i]];
      if (value !== undefined && value !== null && value !== false && value !== "" &&
          !(Array.isArray(value) && !value.length)) return "answer";
    }
    return "";
  }

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
    var offline = false; // the last attempt found the browser offline
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
        } else field.value = String(draft[name]);
      });
    }

    function clearDraft() {
      if (store) store.removeItem(draftKey);
      startedAt = null;
      messageId = null;
      if (idField) idField.value = "";
    }

    // A message handed over in the address fragment (#messaggio=…), e.g. by
    // the self-assessment's "Scrivimi con questo risultato". Anyone can send
    // such a link, so it only ever adds: the handed text goes, whole, after
    // what the visitor has already written (unless it is there already). A
    // text longer than the whole message may be is not added at all; one
    // that takes the message past its limit is added, and the message's
    // error says by how much. The fragment never reaches the server and is
    // removed from the address once read. The visitor lands at the top of
    // the form, the message box with a note saying where its new text came
    // from, and the service the link names chosen.
    function prefillFromAddress() {
      var params = new URLSearchParams(location.hash.slice(1));
      var handed = params.get("messaggio");
      var message = form.elements.message;
      if (handed === null || !message) return;
      history.replaceState(null, "", location.pathname + location.search);
      handed = handed.trim();
      if (!handed) return;
      var current = message.value;
      var max = maxLength(message);
      var note;
      var fromTest = params.get("origine") === "autovalutazione";
      var source = fromTest ? "il risultato del test «Di chi hai bisogno?»" : "il testo del link che hai aperto";
      if (current.indexOf(handed) !== -1) {
        note = "Nel messaggio c’è già " + source + ": rileggilo e completalo.";
      } else if (handed.length > max) {
        note = "Non ho aggiunto " + source + ": è lungo " + handed.length + " caratteri, più dei " + max +
          " che il messaggio può contenere. Il testo che avevi già scritto è intatto.";
      } else {
        var kept = current.replace(/\s+$/, "");
        var separator = kept ? "\n\n" : "";
        message.value = kept + separator + handed;
        note = (kept
          ? "Ho aggiunto in fondo al tuo messaggio " + source
          : "Ho inserito nel messaggio " + source) +
          (message.value.length > max
            ? ": ora il messaggio supera il limite di " + max + " caratteri, accorcialo prima di inviare."
            : ": rileggilo e completalo prima di inviare.");
        saveDraft();
        checkLength("message");
      }
      var hint = document.getElementById(form.id + "-message-prefill");
      if (hint) {
        hint.textContent = note;
        hint.hidden = false;
      }
      preselectNeed(params.get("servizio"));
      bringFormIntoView();
    }

    // The service a link names (#servizio=<id>, the self-assessment's
    // recommendation) is chosen in "Di che cosa hai bisogno?", unless the
    // visitor has already chosen one.
    function preselectNeed(id) {
      var choices = form.querySelectorAll('input[name="need"]');
      if (!id || !choices.length || form.querySelector('input[name="need"]:checked')) return;
      Array.prototype.forEach.call(choices, function (input) {
        if (input.dataset.service === id) {
          input.checked = true;
          saveDraft();
        }
      });
    }

    // A visitor who arrives with a message starts from the top of the form:
    // its heading just below the sticky header, name and e-mail in view,
    // the focus on the first field still empty.
    function bringFormIntoView() {
      var section = form.closest(".contact-form") || form;
      var header = document.querySelector(".md-header");
      var offset = header ? header.getBoundingClientRect().bottom : 0;
      var top = section.getBoundingClientRect().top + window.scrollY - offset - 8;
      window.scrollTo({ top: Math.max(0, top), behavior: "auto" });
      var empty = ["name", "email"].map(function (name) {
        return form.elements[name];
      }).filter(function (field) {
        return field && !field.value;
      })[0];
      (empty || form.elements.message).focus({ preventScroll: true });
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
      var field = form.elements[name];
      var max = field && field.tagName ? maxLength(field) : Infinity;
      if (value.length > max)
        return LABELS[name] + " è troppo lungo: al massimo " + max + " caratteri (ora sono " + value.length + ").";
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
          var min = field.minLength > 0 ? field.minLength : 0;
          return value.length < min ? "Il messaggio è troppo breve: scrivi almeno " + min + " caratteri." : "";
      }
      return "";
    }

    // A field over its limit shows its error at once (nothing is cut), and
    // one back within it loses the length error.
    function checkLength(name) {
      var field = form.elements[name];
      if (!field || !field.tagName || maxLength(field) === Infinity) return;
      var error = document.getElementById(form.id + "-" + name + "-error");
      if (text(form, name).length > maxLength(field) || (error && !error.hidden)) showError(name, fieldError(name));
    }

    // Checks every field; returns the names of those in error, in order.
    function validate() {
      return CHECKED.filter(function (name) {
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
      // The subject the build wrote (site_build/contact.py), as the
      // provider's e-mail carries it.
      var subject = form.dataset.subject || "";
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

    // What the visitor is told when nothing confirmed the message.
    var FAILURES = {
      server: function (status) {
        return "Il servizio di invio ha un problema in questo momento (errore " + status + ") e il messaggio non è partito.";
      },
      status: function (status) {
        return "Il servizio di invio ha rifiutato il messaggio (errore " + status + ").";
      },
      answer: function () {
        return "Il servizio di invio ha risposto che il messaggio non è stato accettato: non è arrivato.";
      },
    };
    var rule = {};
    try {
      rule = JSON.parse(form.dataset.success || "{}") || {};
    } catch (e) {
      rule = {};
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
      }).then(function (response) {
        return response.text().then(function (raw) {
          return { status: response.status, raw: raw };
        });
      }).then(
        function (answer) {
          clearTimeout(timer);
          var why = refusal(rule, answer.status, answer.raw);
          if (!why) return showSuccess();
          showFailure(FAILURES[why](answer.status));
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
      offline = false;
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
      // Offline, the request would fail before leaving the page: nothing is
      // sent, and the visitor is told exactly that.
      if (navigator.onLine === false) {
        offline = true;
        showFailure(
          "Sei offline: il messaggio non è partito, da questa pagina non è uscito nulla. " +
            "Quando la connessione torna, premi di nuovo «Invia il messaggio»."
        );
        return;
      }
      sending = true;
      button.disabled = true;
      status.textContent = "Invio in corso…";
      send();
    });

    form.addEventListener("input", function (event) {
      if (startedAt === null && event.isTrusted) startedAt = Date.now();
      ensureId();
      saveDraft();
      // A field shown in error is checked again as it is corrected; a field
      // that grows past its limit shows its error at once.
      var name = event.target.name;
      var error = document.getElementById(form.id + "-" + name + "-error");
      if (error && !error.hidden) showError(name, fieldError(name));
      else checkLength(name);
    });
    form.addEventListener("change", saveDraft);
    window.addEventListener("online", function () {
      if (offline && !failure.hidden) status.textContent = "La connessione è tornata: puoi premere di nuovo «Invia il messaggio».";
    });

    restoreDraft();
    if (messageId && idField) idField.value = messageId;
    CHECKED.forEach(checkLength);
    prefillFromAddress();
    // A form whose native POST would strand the visitor (site_build/contact.py)
    // is sent by this script only: its button waits for it.
    if (button.hasAttribute("data-needs-script")) button.disabled = false;
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-contact-form]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
