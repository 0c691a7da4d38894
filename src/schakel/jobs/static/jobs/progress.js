// Keeps a job's page up to date while the job runs: asks for its state every second and
// reloads the page once it has ended (to show the result). No inline script (CSP).
(function () {
  "use strict";
  var section = document.getElementById("job");
  if (!section || section.dataset.open !== "1") return;
  var url = section.dataset.statusUrl;
  function text(id, value) {
    var node = document.getElementById(id);
    if (node) node.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state) return setTimeout(poll, 3000);
        if (!state.open) { window.location.reload(); return; }
        var bar = document.getElementById("job-bar");
        if (bar) {
          if (state.percent === null) bar.removeAttribute("value");
          else bar.value = state.percent;
        }
        text("job-status", state.status_label);
        text("job-done", state.total ? state.done + " / " + state.total : String(state.done));
        text("job-errors", String(state.error_count));
        text("job-eta", state.remaining_seconds === null ? "–" : "± " + state.remaining_seconds + " s");
        var phase = document.getElementById("job-phase");
        if (phase) phase.textContent = state.phase;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
