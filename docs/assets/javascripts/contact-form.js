/*
 * Contact form: validation, sending without leaving the page, and no lost
 * messages. Works on every form marked [data-contact-form]
 * (overrides/partials/contact-form.html). Without JavaScript the form still
 * posts natively to the provider.
 *
 * - Validation before sending, errors tied to their fields and announced,
 *   focus on the first error.
 * - The draft is kept in localStorage while typing and restored on reload;
 *   it is cleared only after the provider confirms.
 * - A filled honeypot or a submission faster than a person can type is
 *   dropped without sending.
 * - On a network error, a timeout or a non-2xx answer every field keeps its
 *   text and a mailto: link with the message prefilled is offered.
 */
(function () {
  "use strict";

  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
  var DRAFT_FIELDS = ["name", "email", "business", "need", "message", "newsletter"];

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
    var started = Date.now();
    var sending = false;
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".contact-form__status");
    var failure = form.querySelector(".contact-form__failure");
    var success = form.parentNode.querySelector(".contact-form__success");

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
      store.setItem(draftKey, JSON.stringify(draft));
    }

    function restoreDraft() {
      if (!store) return;
      var draft;
      try {
        draft = JSON.parse(store.getItem(draftKey) || "null");
      } catch (e) {
        draft = null;
      }
      if (!draft) return;
      DRAFT_FIELDS.forEach(function (name) {
        var field = form.elements[name];
        if (!field || draft[name] === undefined) return;
        if (field.type === "checkbox") field.checked = !!draft[name];
        else if (field.length !== undefined && !field.tagName) {
          // A group of radio buttons.
          Array.prototype.forEach.call(field, function (radio) {
            radio.checked = radio.value === draft[name];
          });
        } else field.value = draft[name];
      });
    }

    function clearDraft() {
      if (store) store.removeItem(draftKey);
    }

    // A message handed over in the address fragment (#messaggio=…), e.g. by
    // the self-assessment, fills the message box; the fragment never reaches
    // the server, and is removed from the address once read.
    function prefillFromAddress() {
      var handed = new URLSearchParams(location.hash.slice(1)).get("messaggio");
      var message = form.elements.message;
      if (!handed || !message) return;
      message.value = handed;
      saveDraft();
      history.replaceState(null, "", location.pathname + location.search);
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
            : "L'indirizzo e-mail non sembra completo: controlla che sia nella forma nome@dominio.it.";
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

    function showSuccess(demo) {
      sending = false;
      clearDraft();
      form.reset();
      form.hidden = true;
      status.textContent = "";
      if (demo) {
        success.querySelector("p").textContent =
          "Modalità dimostrativa: il modulo non è collegato a un servizio di invio, quindi nessun messaggio è partito.";
      }
      success.hidden = false;
      success.focus();
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
          if (response.ok) return showSuccess(false);
          showFailure(
            response.status >= 500
              ? "Il servizio di invio ha un problema in questo momento (errore " + response.status + ") e il messaggio non è partito."
              : "Il servizio di invio ha rifiutato il messaggio (errore " + response.status + ")."
          );
        },
        function () {
          clearTimeout(timer);
          showFailure(
            controller.signal.aborted
              ? "Il servizio di invio non ha risposto entro " + Math.round(timeout / 1000) + " secondi e il messaggio non è partito."
              : "Non riesco a raggiungere il servizio di invio: forse la connessione è caduta. Il messaggio non è partito."
          );
        }
      );
    }

    function trapped() {
      var trap = form.querySelector("[data-trap]");
      if (!trap) return false;
      return trap.type === "checkbox" ? trap.checked : trap.value !== "";
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      failure.hidden = true;
      var errors = validate();
      if (errors.length) {
        status.textContent =
          errors.length === 1 ? "C'è un campo da correggere." : "Ci sono " + errors.length + " campi da correggere.";
        focusField(errors[0]);
        return;
      }
      // Bots: a filled honeypot, or a form sent faster than anyone can type.
      if (trapped() || Date.now() - started < minFill) {
        showSuccess(false);
        return;
      }
      if (form.dataset.format === "demo") {
        showSuccess(true);
        return;
      }
      sending = true;
      button.disabled = true;
      status.textContent = "Invio in corso…";
      send();
    });

    form.addEventListener("input", function (event) {
      saveDraft();
      // A field shown in error is checked again as it is corrected.
      var name = event.target.name;
      var error = document.getElementById(form.id + "-" + name + "-error");
      if (error && !error.hidden) showError(name, fieldError(name));
    });
    form.addEventListener("change", saveDraft);

    restoreDraft();
    prefillFromAddress();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-contact-form]"), setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
