// Polls the broker (which asks the authority) until the person has answered in the app, then
// goes where the broker says: back to the authorization endpoint, or to the failure page.
// One poll at a time, so a credential is never fetched twice at once.
(function () {
  "use strict";
  var script = document.currentScript;
  var wait = document.getElementById("wait");
  var status = document.getElementById("status");
  if (!wait || !status) { return; }
  var url = wait.getAttribute("data-status-url");
  // The method page answers "use the national app" with this page itself (one round trip less):
  // put this page's own address in the address bar, so that a reload, a bookmark or the
  // language link asks for it, never the method form again.
  var page = wait.getAttribute("data-page-url");
  if (page && window.location.pathname !== page && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", page);
  }
  var delay = 1500;

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (body) {
        if (body.state === "verified" || body.state === "failed") {
          status.textContent = script.getAttribute(body.state === "verified" ? "data-text-verified" : "data-text-failed");
          status.className = "status done";
          window.location.assign(body.next);
          return;
        }
        delay = 1500;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        status.textContent = script.getAttribute("data-text-retry");
        delay = Math.min(delay * 2, 10000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
