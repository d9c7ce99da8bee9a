// The text editor (docs/editing.md): after a pause in typing, the draft is posted as it
// stands to the API and the page says when it was saved. The script never writes into
// a field, so nothing typed while a save is under way is lost; it saves again if the
// text changed meanwhile. Without script, the form's "Save draft" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("editor");
  if (!form || !window.fetch || !window.JSON) { return; }
  var url = form.getAttribute("data-autosave");
  var state = document.getElementById("save-state");
  var token = form.elements.csrf_token.value;
  var PAUSE = 800;
  var timer = null;
  var inflight = false;
  var edits = 0;
  var saved = 0;

  function say(text) { if (state) { state.textContent = text; } }

  function value(index, name) {
    var field = form.elements["unit-" + index + "-" + name];
    return field ? field.value : "";
  }

  function units() {
    var list = [];
    for (var i = 0; form.elements["unit-" + i + "-text"]; i++) {
      list.push({
        point: value(i, "point") || null,
        label: value(i, "label"),
        heading: value(i, "heading") || null,
        text: value(i, "text")
      });
    }
    return list;
  }

  function showProblems(problems) {
    form.querySelectorAll("[data-problem-for]").forEach(function (holder) {
      var index = holder.getAttribute("data-problem-for");
      var field = form.elements["unit-" + index + "-text"];
      holder.textContent = problems[index] || "";
      if (!field) { return; }
      if (problems[index]) { field.setAttribute("aria-invalid", "true"); }
      else { field.removeAttribute("aria-invalid"); }
    });
  }

  function schedule() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, PAUSE);
  }

  function save(keepalive) {
    timer = null;
    if (inflight) { return; }
    inflight = true;
    var upTo = edits;
    say("Saving…");
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify({ base: form.elements.base.value, message: form.elements.message.value, units: units() })
    })
      .then(function (answer) {
        return answer.json().then(function (body) { return { ok: answer.ok, body: body }; });
      })
      .then(function (result) {
        if (!result.ok) { say("Not saved: " + (result.body.error || "try again") + " Your text is still here."); return; }
        saved = upTo;
        showProblems(result.body.problems || {});
        if (saved === edits) { say("Draft saved at " + String(result.body.saved_at).slice(11, 16) + " (UTC)."); }
      })
      .catch(function () { say("Not saved: the server could not be reached. Your text is still here."); })
      .then(function () {
        inflight = false;
        if (edits !== upTo) { schedule(); }
      });
  }

  form.addEventListener("input", function () {
    edits += 1;
    say("Unsaved changes…");
    schedule();
  });
  form.addEventListener("submit", function () {
    if (timer) { window.clearTimeout(timer); timer = null; }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && edits !== saved && !inflight) { save(true); }
  });
})();
