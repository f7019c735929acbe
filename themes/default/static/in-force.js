// standbook: "what was in force on a day" on editions.html. The data
// (in-force-data.js, written with the editions) lists every edition with its
// dates and the standards each holds; the answer follows the same rule as
// `standbook editions --at`: the newest edition that had taken effect, and
// in it each standard's version that had — else an earlier edition's.
// Every string from the book is set with textContent, never as HTML.
(function () {
  "use strict";
  var section = document.querySelector(".in-force");
  if (!section) return;
  var input = section.querySelector(".in-force-day");
  var result = section.querySelector(".in-force-result");
  var data = null;
  var language = section.getAttribute("data-lang") || "ru";
  var label = function (name) { return section.getAttribute("data-" + name) || ""; };

  window.standbookInForce = function (value) { data = value; show(); };

  function written(iso) {
    if (!iso) return "";
    var parts = iso.split("-").map(Number);
    var day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
    try {
      return new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(day);
    } catch (e) { return iso; }
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key] || ""; });
  }
  function standard(i) {
    var s = data.standards[i];
    return { id: s[0], title: s[1], version: s[2], effective: s[3], page: s[4] };
  }

  // The standard `id` as the newest edition has it.
  function newest(id) {
    var last = data.holds.length - 1;
    if (last < 0) return null;
    return data.holds[last].map(standard).filter(function (x) { return x.id === id; })[0] || null;
  }

  // The edition in force on `day` (ISO dates compare as strings), by index.
  function editionOn(day) {
    var found = -1;
    data.editions.forEach(function (e, i) {
      if (e[1] && e[1] <= day && (found < 0 || e[1] >= data.editions[found][1])) found = i;
    });
    return found;
  }

  function inForce(day) {
    var e = editionOn(day);
    if (e < 0) return null;
    var rows = [];
    data.holds[e].forEach(function (i) {
      var s = standard(i);
      var taken = function (x) { return !x.effective || x.effective <= day; };
      if (taken(s)) { rows.push({ standard: s, edition: e }); return; }
      for (var k = e - 1; k >= 0; k--) {
        var same = data.holds[k].map(standard).filter(function (x) { return x.id === s.id; })[0];
        if (same && taken(same)) { rows.push({ standard: same, edition: k, upcoming: s }); return; }
      }
      rows.push({ standard: s, edition: e, notYet: true });
    });
    return { edition: e, rows: rows };
  }

  function cell(row, text, href) {
    var td = document.createElement("td");
    if (href) {
      var a = document.createElement("a");
      a.setAttribute("href", href);
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    row.appendChild(td);
    return td;
  }

  function show() {
    result.textContent = "";
    var day = input.value;
    if (!data || !day) return;
    var found = inForce(day);
    var lead = document.createElement("p");
    result.appendChild(lead);
    if (!found) { lead.textContent = label("none"); return; }
    var edition = data.editions[found.edition];
    lead.textContent = fill(label("edition"), { date: written(day), version: edition[0] }) + ".";
    var table = document.createElement("table");
    var head = document.createElement("tr");
    [label("id"), label("standard"), label("version"), label("since")].forEach(function (text) {
      var th = document.createElement("th");
      th.setAttribute("scope", "col");
      th.textContent = text;
      head.appendChild(th);
    });
    var thead = document.createElement("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = document.createElement("tbody");
    found.rows.forEach(function (r) {
      var row = document.createElement("tr");
      var s = r.standard;
      cell(row, s.id);
      cell(row, s.title, data.editions[r.edition][3] + s.page);
      cell(row, r.notYet ? label("not-yet") : s.version);
      var since = cell(row, written(s.effective));
      var now = newest(s.id);
      if (now && now.version !== s.version) {
        var compare = document.createElement("a");
        compare.className = "in-force-compare";
        compare.setAttribute("href", now.page.replace(/\.html$/, "") + ".redline.html#" + s.version + ".." + now.version);
        compare.textContent = fill(label("compare"), { version: now.version });
        var holder = document.createElement("div");
        holder.appendChild(compare);
        since.appendChild(holder);
      }
      if (r.upcoming) {
        var note = document.createElement("div");
        note.className = "in-force-upcoming";
        note.textContent = fill(label("upcoming"), { version: r.upcoming.version, date: written(r.upcoming.effective) });
        since.appendChild(note);
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    result.appendChild(table);
  }

  function load() {
    if (data || section.getAttribute("data-loading")) return;
    section.setAttribute("data-loading", "true");
    var script = document.createElement("script");
    script.src = "in-force-data.js";
    document.head.appendChild(script);
  }

  input.value = new Date().toISOString().slice(0, 10);
  input.addEventListener("change", show);
  input.addEventListener("input", show);
  load();
})();
