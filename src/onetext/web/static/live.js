// Live pages (issue 16): the server says when this page's view changed (server-sent
// events, web/live.py); the page fetches itself again and swaps its content in.
// No polling loop runs here. A form being filled in is never swapped away: the page
// offers the fresh view instead.
(function () {
  "use strict";
  var anchor = document.querySelector("[data-live]");
  if (!anchor || !window.EventSource || !window.fetch) { return; }
  var status = document.getElementById("live-status");
  var pending = false;
  var busy = false;

  function say(text) { if (status) { status.textContent = text; } }

  function editing() {
    var active = document.activeElement;
    var main = document.querySelector("main");
    if (!active || !main || !main.contains(active)) { return false; }
    return active.matches("input, select, textarea") && !!active.closest("form");
  }

  function openDetails(root) {
    var ids = [];
    root.querySelectorAll("details[open]").forEach(function (d) {
      var holder = d.closest("[id]");
      if (holder) { ids.push(holder.id); }
    });
    return ids;
  }

  function refresh() {
    if (busy) { pending = true; return; }
    if (editing()) { pending = true; say("New changes: they will show when you leave the form."); return; }
    busy = true;
    pending = false;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (answer) { return answer.ok ? answer.text() : Promise.reject(answer.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("main");
        var main = document.querySelector("main");
        if (!fresh || !main) { return; }
        var keepOpen = openDetails(main);
        keepOpen.forEach(function (id) {
          var d = fresh.querySelector("#" + CSS.escape(id) + " details");
          if (d) { d.open = true; }
        });
        main.replaceWith(fresh);
        document.dispatchEvent(new CustomEvent("onetext:updated"));
        say("Updated " + new Date().toLocaleTimeString() + ".");
      })
      .catch(function () { say("Could not update: reload the page."); })
      .then(function () { busy = false; if (pending) { refresh(); } });
  }

  document.addEventListener("focusout", function () {
    window.setTimeout(function () { if (pending && !editing()) { refresh(); } }, 0);
  });

  var source = new EventSource(anchor.getAttribute("data-live"));
  source.addEventListener("ready", function () { say("Live: this page updates by itself."); });
  source.addEventListener("update", refresh);
  source.onerror = function () { say("Live updates paused: reconnecting…"); };
})();
