// Changed since your last visit.
//
// The browser remembers, per book, the book version and each standard's
// version the reader has seen (localStorage). Standards whose version differs
// now — or that are new — are marked in the navigation and the contents, and
// listed on the title page with a link to what changed. Opening a standard
// marks it read; "mark all as read" marks everything read. The first visit
// marks nothing: all of it is new.
(function () {
  "use strict";

  var root = document.documentElement;
  var key = root.dataset.visits;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function save(seen) {
    try { window.localStorage.setItem(key, JSON.stringify(seen)); } catch (e) { /* private mode */ }
  }

  function current(data) {
    var standards = {};
    data.standards.forEach(function (s) { standards[s.id] = s.version; });
    return { book: data.book, standards: standards };
  }

  function changedSince(data, seen) {
    return data.standards.filter(function (s) { return seen.standards[s.id] !== s.version; });
  }

  function mark(changed) {
    var label = document.body.dataset.changedLabel || "changed";
    var urls = {};
    changed.forEach(function (s) { urls[s.url] = true; });
    document.querySelectorAll(".sidebar a, .toc-standards a").forEach(function (a) {
      var old = a.querySelector(".changed-mark");
      if (old) old.remove();
      a.classList.remove("changed");
      if (!urls[a.getAttribute("href")]) return;
      a.classList.add("changed");
      var dot = document.createElement("span");
      dot.className = "changed-mark";
      dot.title = label;
      var text = document.createElement("span");
      text.className = "visually-hidden";
      text.textContent = " (" + label + ")";
      dot.appendChild(text);
      a.appendChild(dot);
    });
  }

  function list(section, changed, seen, onRead) {
    if (!section) return;
    section.hidden = changed.length === 0;
    var lead = section.querySelector(".since-visit-lead");
    lead.textContent = lead.dataset.template.replace("{version}", seen.book);
    var ul = section.querySelector("ul");
    ul.textContent = "";
    changed.forEach(function (s) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = s.url;
      link.textContent = s.number + " " + s.title;
      li.appendChild(link);
      li.appendChild(document.createTextNode(" " + s.version));
      if (s.redline) {
        var diff = document.createElement("a");
        diff.className = "version-redline";
        diff.href = s.redline;
        diff.textContent = section.dataset.redlineLabel;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(diff);
      }
      ul.appendChild(li);
    });
    section.querySelector(".mark-read").onclick = onRead;
  }

  function init() {
    var data = window.standbookVersions;
    if (!key || !data) return;
    var seen = load();
    if (!seen || !seen.standards) {
      save(current(data));
      return;
    }
    var here = document.body.dataset.standard;
    if (here) {
      data.standards.forEach(function (s) { if (s.id === here) seen.standards[s.id] = s.version; });
      save(seen);
    }
    var section = document.querySelector(".since-visit");
    var refresh = function () {
      var changed = changedSince(data, seen);
      mark(changed);
      list(section, changed, seen, function () {
        seen = current(data);
        save(seen);
        refresh();
      });
    };
    refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
