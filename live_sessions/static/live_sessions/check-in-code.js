// The attendance page: the check-in QR code changes every minute, so fetch the
// current one every few seconds (and when the page comes back into view) and show
// it in place, without reloading the page (ticked attendance boxes stay ticked).
(function () {
  "use strict";
  var box = document.querySelector("[data-check-in-code]");
  if (!box || !window.fetch) {
    return;
  }
  var source = box.getAttribute("data-check-in-code");
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 20;
  var code = box.querySelector(".check-in-qr__code");
  var link = box.querySelector("[data-check-in-link]");

  function renew() {
    fetch(source, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      cache: "no-store",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("check-in code: " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        code.innerHTML = data.svg;
        if (link) {
          link.href = data.url;
        }
        box.removeAttribute("data-stale");
      })
      .catch(function () {
        // Offline for a moment: the next round tries again.
        box.setAttribute("data-stale", "");
      });
  }

  window.setInterval(renew, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      renew();
    }
  });
})();
