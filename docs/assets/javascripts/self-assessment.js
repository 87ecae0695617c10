/*
 * Self-assessment "Di chi hai bisogno?" (site_extensions/self_assessment.py
 * renders the form). Without JavaScript the page is a checklist with the
 * scoring rule in words; with it, the page adds up the two needs (execution
 * and management) separately, reads what the chosen answers say (their
 * data-facts: "id=true id=false"), shows the one result that applies as a card
 * below the sticky header and offers to send it through the contact form.
 * The card shows each need as a bar (a <meter> labelled in plain words, its
 * value the need's total) with one word beside it, "forte" from the need's
 * threshold up and "leggero" below it, never a mark out of a total. Its
 * "Scrivimi con questo risultato" carries the result's summary and the id
 * of the service the result recommends (data-service, from
 * data/self-assessment.yml), which the contact form chooses for the reader
 * in "Di che cosa hai bisogno?".
 * Nothing leaves the browser unless the reader sends that form: the summary
 * travels to the contact page in the address fragment, which browsers never
 * send to the server.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var siteRoot = script ? script.src.replace(/assets\/javascripts\/self-assessment\.js.*$/, "") : "/";

  function setup(root) {
    var form = root.querySelector("form");
    var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset"));
    var strong = {
      execution: parseInt(root.dataset.strongExecution, 10),
      management: parseInt(root.dataset.strongManagement, 10),
    };
    var progress = form.querySelector("progress");
    var count = form.querySelector(".self-assessment__count");
    var error = form.querySelector(".self-assessment__error");
    var results = root.querySelector(".self-assessment__results");
    var title = root.querySelector(".self-assessment__results-title");
    var announce = root.querySelector(".self-assessment__announce");
    var sections = Array.prototype.slice.call(root.querySelectorAll("[data-result]"));
    // The for_whom conditions: one of them missing rules an OBM out.
    var conditions = (root.dataset.conditions || "").split(" ").filter(Boolean);
    var derived = (root.dataset.derived || "").split(" ");

    var actions = form.querySelector(".self-assessment__actions");
    actions.hidden = false;
    results.hidden = true;

    function chosen(fieldset) {
      return fieldset.querySelector("input:checked");
    }

    function updateProgress() {
      var answered = questions.filter(chosen).length;
      progress.value = answered;
      count.textContent = answered + " di " + questions.length;
      // The bar follows the reader once she has started answering; before
      // that it would cover the first question's answers on a phone.
      actions.classList.toggle("self-assessment__actions--following", answered > 0);
      if (answered === questions.length) error.textContent = "";
    }

    // "id=true id=false" -> {id: true, ...}
    function parseFacts(text, into) {
      (text || "").split(" ").filter(Boolean).forEach(function (pair) {
        var parts = pair.split("=");
        into[parts[0]] = parts[1] === "true";
      });
      return into;
    }

    // The same as facts_for() in site_extensions/self_assessment.py.
    function factsFor(totals) {
      var facts = {};
      questions.forEach(function (fieldset) {
        parseFacts(chosen(fieldset).dataset.facts, facts);
      });
      facts[derived[0]] = totals.execution >= strong.execution;
      facts[derived[1]] = totals.management >= strong.management;
      return facts;
    }

    function holds(when, facts) {
      var wanted = parseFacts(when, {});
      return Object.keys(wanted).every(function (id) {
        return facts[id] === wanted[id];
      });
    }

    // The same rule as decide() in site_extensions/self_assessment.py.
    function decide(totals, facts) {
      var ruledOut = conditions.some(function (id) {
        return facts[id] === false;
      });
      var execution = totals.execution >= strong.execution;
      var management = totals.management >= strong.management && !ruledOut;
      if (execution && management) return "both";
      if (execution) return "va";
      if (management) return "obm";
      return "first";
    }

    function scoreText(result, totals) {
      var p = result.querySelector(".self-assessment__measures").dataset;
      return p.executionLabel.toLowerCase() + " " + totals.execution + " su " + p.executionMax + ", " +
        p.managementLabel.toLowerCase() + " " + totals.management + " su " + p.managementMax;
    }

    function summary(result, totals) {
      var lines = [
        "Ho fatto il test «Di chi hai bisogno?».",
        "Risultato: " + result.querySelector("h3").textContent + " (" + scoreText(result, totals) + ").",
        "",
        "Le mie risposte:",
      ];
      questions.forEach(function (fieldset, i) {
        var legend = fieldset.querySelector("legend").textContent.replace(/^\s*\d+\.\s*/, "");
        var answer = chosen(fieldset).parentNode.querySelector("span").textContent;
        lines.push(i + 1 + ". " + legend.trim() + " " + answer.trim());
      });
      return lines.join("\n");
    }

    // Scrolls the result's top just below the sticky header (whatever its
    // height at this width), then moves the focus there without scrolling.
    function bringIntoView(element) {
      var header = document.querySelector(".md-header");
      var offset = header ? header.getBoundingClientRect().bottom : 0;
      var top = element.getBoundingClientRect().top + window.scrollY - offset - 16;
      window.scrollTo({ top: Math.max(0, top), behavior: "auto" });
      element.focus({ preventScroll: true });
    }

    function show(key, totals, facts) {
      var result;
      sections.forEach(function (section) {
        var match = section.dataset.result === key;
        section.hidden = !match;
        if (match) result = section;
      });
      // The sentences that speak of the answers given, and only those.
      Array.prototype.forEach.call(result.querySelectorAll(".self-assessment__note, [data-when]"), function (el) {
        el.hidden = !holds(el.dataset.when, facts);
      });
      var notYet = result.querySelector(".self-assessment__not-yet");
      if (notYet) notYet.hidden = !notYet.querySelector("li:not([hidden])");
      // The two needs as bars, each with a plain word: strong or light.
      Array.prototype.forEach.call(result.querySelectorAll("meter"), function (meter) {
        var key = meter.dataset.measure;
        var level = totals[key] >= strong[key] ? "forte" : "leggero";
        meter.value = totals[key];
        meter.setAttribute("aria-valuetext", level);
        meter.nextElementSibling.textContent = level;
      });
      result.querySelector(".self-assessment__measures").hidden = false;
      result.querySelector(".self-assessment__restart").hidden = false;
      var contact = result.querySelector("[data-contact-link]");
      contact.href = siteRoot + "contatti/#messaggio=" + encodeURIComponent(summary(result, totals)) +
        "&origine=autovalutazione&servizio=" + encodeURIComponent(contact.dataset.service);
      title.textContent = "Il tuo risultato";
      results.classList.add("self-assessment__results--shown");
      results.hidden = false;
      announce.textContent = "Risultato: " + result.querySelector("h3").textContent;
      bringIntoView(result);
    }

    form.addEventListener("change", updateProgress);

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = questions.filter(function (fieldset) {
        return !chosen(fieldset);
      });
      if (missing.length) {
        error.textContent =
          (missing.length === 1 ? "Manca una risposta" : "Mancano " + missing.length + " risposte") +
          ": la prima è la domanda " + (questions.indexOf(missing[0]) + 1) + ".";
        missing[0].querySelector("input").focus();
        return;
      }
      var totals = { execution: 0, management: 0 };
      questions.forEach(function (fieldset) {
        var input = chosen(fieldset);
        totals.execution += parseInt(input.dataset.execution, 10);
        totals.management += parseInt(input.dataset.management, 10);
      });
      var facts = factsFor(totals);
      show(decide(totals, facts), totals, facts);
    });

    root.addEventListener("click", function (event) {
      if (!event.target.closest("[data-restart]")) return;
      form.reset();
      results.hidden = true;
      announce.textContent = "";
      updateProgress();
      questions[0].querySelector("input").focus();
    });

    updateProgress();
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-self-assessment]"), setup);
})();
