/*
 * Self-assessment "Di chi hai bisogno?" (site_extensions/self_assessment.py
 * renders the form). Without JavaScript the page is a checklist with the
 * scoring rule in words; with it, the page counts the points, shows the one
 * result that applies and offers to send it through the contact form.
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
    var margin = parseInt(root.dataset.margin, 10);
    var progress = form.querySelector("progress");
    var count = form.querySelector(".self-assessment__count");
    var error = form.querySelector(".self-assessment__error");
    var results = root.querySelector(".self-assessment__results");
    var title = root.querySelector(".self-assessment__results-title");
    var announce = root.querySelector(".self-assessment__announce");
    var sections = Array.prototype.slice.call(root.querySelectorAll("[data-result]"));

    form.querySelector(".self-assessment__actions").hidden = false;
    results.hidden = true;

    function chosen(fieldset) {
      return fieldset.querySelector("input:checked");
    }

    function updateProgress() {
      var answered = questions.filter(chosen).length;
      progress.value = answered;
      count.textContent = answered + " su " + questions.length;
      if (answered === questions.length) error.textContent = "";
    }

    function summary(result, va, obm) {
      var lines = [
        "Ho fatto il test «Di chi hai bisogno?».",
        "Risultato: " + result.querySelector("h3").textContent + " (punti VA " + va + ", punti OBM " + obm + ").",
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

    function show(key, va, obm) {
      var result;
      sections.forEach(function (section) {
        var match = section.dataset.result === key;
        section.hidden = !match;
        if (match) result = section;
      });
      result.querySelector(".self-assessment__score").textContent =
        "Punti VA: " + va + " · punti OBM: " + obm + ".";
      result.querySelector(".self-assessment__score").hidden = false;
      result.querySelector(".self-assessment__next").hidden = false;
      result.querySelector("[data-contact-link]").href =
        siteRoot + "contatti/#messaggio=" + encodeURIComponent(summary(result, va, obm));
      title.textContent = "Il tuo risultato";
      results.hidden = false;
      announce.textContent = "Risultato: " + result.querySelector("h3").textContent;
      result.focus();
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
      var va = 0;
      var obm = 0;
      questions.forEach(function (fieldset) {
        var input = chosen(fieldset);
        va += parseInt(input.dataset.va, 10);
        obm += parseInt(input.dataset.obm, 10);
      });
      show(obm - va >= margin ? "obm" : va - obm >= margin ? "va" : "both", va, obm);
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
