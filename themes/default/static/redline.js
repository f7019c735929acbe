// The redline page: compares any two versions of a standard.
//
// The page embeds the standard's weave: every token any version had, with the
// version that added it and the version that removed it. Comparing two
// versions is a filter over it; the HTML written here is the same as the
// build writes for the newest change (`render::redline::redline_html`).
(function () {
  "use strict";

  function inVersion(entry, v) {
    var died = entry[3] < 0 ? Infinity : entry[3];
    return entry[2] <= v && v < died;
  }

  // Renders versions `from` and `to` into `container`; returns the counts.
  function render(weave, from, to, container) {
    var counts = { deleted: 0, inserted: 0 };
    var block = null;
    var target = null;
    var mark = "same";
    container.textContent = "";
    weave.forEach(function (entry) {
      var a = inVersion(entry, from);
      var b = inVersion(entry, to);
      if (!a && !b) return;
      var kind = a && b ? "same" : a ? "deleted" : "inserted";
      var text = entry[1];
      if (text.charAt(0) === "\n") {
        block = document.createElement("p");
        block.className = "rl rl-" + text.slice(1);
        container.appendChild(block);
        container.appendChild(document.createTextNode("\n"));
        target = block;
        mark = "same";
        return;
      }
      if (!block) return;
      if (kind === "deleted") counts.deleted++;
      if (kind === "inserted") counts.inserted++;
      if (kind !== mark) {
        if (entry[0]) block.appendChild(document.createTextNode(" "));
        target = kind === "same" ? block : document.createElement(kind === "deleted" ? "del" : "ins");
        if (target !== block) block.appendChild(target);
        mark = kind;
      } else if (entry[0]) {
        target.appendChild(document.createTextNode(" "));
      }
      target.appendChild(document.createTextNode(text));
    });
    return counts;
  }

  function summary(status, counts) {
    if (!counts.deleted && !counts.inserted) return status.dataset.same;
    return status.dataset.template
      .replace("{deleted}", counts.deleted)
      .replace("{inserted}", counts.inserted);
  }

  // `#2.0.0..2.1.0`: the pair of versions to show, by label.
  function pairFromHash(points) {
    var hash = decodeURIComponent(location.hash.slice(1));
    var parts = hash.split("..");
    if (parts.length !== 2) return null;
    var index = function (label) {
      for (var i = 0; i < points.length; i++) if (points[i].label === label) return i;
      return -1;
    };
    var from = index(parts[0]);
    var to = index(parts[1]);
    return from >= 0 && to >= 0 ? [from, to] : null;
  }

  function init() {
    var script = document.getElementById("standbook-redline");
    var container = document.getElementById("redline-text");
    var form = document.querySelector(".redline-pick");
    var status = document.querySelector(".redline-summary");
    if (!script || !container || !form || !status) return;
    var data = JSON.parse(script.textContent);
    var show = function (from, to, remember) {
      form.elements.from.value = String(from);
      form.elements.to.value = String(to);
      status.textContent = summary(status, render(data.weave, from, to, container));
      if (remember) {
        var hash = "#" + encodeURIComponent(data.points[from].label) + ".." + encodeURIComponent(data.points[to].label);
        try { history.replaceState(null, "", hash); } catch (e) { location.hash = hash; }
      }
    };
    form.addEventListener("change", function () {
      show(Number(form.elements.from.value), Number(form.elements.to.value), true);
    });
    var pair = pairFromHash(data.points);
    if (pair) show(pair[0], pair[1], false);
    window.addEventListener("hashchange", function () {
      var p = pairFromHash(data.points);
      if (p) show(p[0], p[1], false);
    });
    window.standbook = window.standbook || {};
    window.standbook.redline = function (from, to) { show(from, to, true); };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
