/* "Copia link" in the share buttons of blog posts (overrides/partials/share.html):
   shows the button, copies the post's address and says so in the status line. */
(function () {
  "use strict";

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      var done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      document.body.removeChild(field);
      if (done) {
        resolve();
      } else {
        reject(new Error("copy failed"));
      }
    });
  }

  function setup() {
    document.querySelectorAll(".share__copy[data-share-url]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".share__copy[data-share-url]");
    if (!button) {
      return;
    }
    var status = button.closest(".share").querySelector(".share__status");
    var url = button.getAttribute("data-share-url");
    copy(url).then(
      function () {
        status.textContent = "Link copiato negli appunti.";
      },
      function () {
        status.textContent = "Non è stato possibile copiare il link: " + url;
      }
    );
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
