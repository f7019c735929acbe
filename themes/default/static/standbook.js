// standbook site behaviour: mobile menu, theme switch, term tooltips, checklists.
// Works from file:// (no fetch, no modules). Every string from the book is set
// with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.documentElement;
  var storagePrefix = root.getAttribute("data-storage") || "standbook";

  function storageGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storageSet(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) { /* storage may be disabled; ticks then last for this page view */ }
  }

  // The phone drawer: while it is open, focus stays in it (the page behind is
  // inert and does not scroll), a link or Escape closes it, and focus returns to ☰.
  function setupMenu() {
    var button = document.querySelector(".menu-button");
    var sidebar = document.getElementById("sidebar");
    if (!button || !sidebar) return;
    var behind = document.querySelectorAll("main, .footer, .skip-link");
    function isOpen() { return document.body.classList.contains("nav-open"); }
    function focusable() {
      var links = Array.prototype.filter.call(sidebar.querySelectorAll("a[href]"), function (a) {
        return a.offsetParent !== null;
      });
      return [button].concat(links);
    }
    function setOpen(open, refocus) {
      document.body.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      Array.prototype.forEach.call(behind, function (element) {
        if (open) element.setAttribute("inert", "");
        else element.removeAttribute("inert");
      });
      if (open) {
        var target = sidebar.querySelector("a[aria-current=page]") || focusable()[1];
        if (target) target.focus();
      } else if (refocus) {
        button.focus();
      }
    }
    button.addEventListener("click", function () { setOpen(!isOpen(), true); });
    sidebar.addEventListener("click", function (event) {
      if (isOpen() && event.target.closest("a[href]")) setOpen(false, false);
    });
    document.addEventListener("keydown", function (event) {
      if (!isOpen()) return;
      if (event.key === "Escape") {
        event.preventDefault();
        setOpen(false, true);
      } else if (event.key === "Tab") {
        var items = focusable();
        var at = items.indexOf(document.activeElement);
        var next = at < 0 ? 0 : (at + (event.shiftKey ? -1 : 1) + items.length) % items.length;
        items[next].focus();
        event.preventDefault();
      }
    });
    // A drawer left open on a wide screen would trap focus with nothing to show.
    window.matchMedia("(min-width: 50.01rem)").addEventListener("change", function (event) {
      if (event.matches && isOpen()) setOpen(false, false);
    });
  }

  // A long chapter's sidebar lists a block of it; its script (one cached file
  // per chapter, loaded with a <script> tag so it works from file://) gives
  // the whole chapter, listed in place of the block.
  var navSections = {};
  window.standbookNav = {
    add: function (chapter, entries) {
      var section = navSections[chapter];
      if (!section) return;
      var current = root.getAttribute("data-page");
      var list = document.createElement("ol");
      var active = null;
      entries.forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = entry[0];
        var number = document.createElement("span");
        number.className = "num";
        number.textContent = entry[1];
        link.appendChild(number);
        link.appendChild(document.createTextNode(" " + entry[2]));
        if (entry[0] === current) {
          link.setAttribute("aria-current", "page");
          active = link;
        }
        item.appendChild(link);
        list.appendChild(item);
      });
      var old = section.querySelector("ol");
      if (old) section.replaceChild(list, old);
      else section.appendChild(list);
      var more = section.querySelector(".nav-more");
      if (more) more.hidden = true;
      // Keep the page where it is; only the sidebar scrolls to the entry.
      var sidebar = document.getElementById("sidebar");
      if (active && sidebar && sidebar.scrollHeight > sidebar.clientHeight) {
        sidebar.scrollTop = active.offsetTop - sidebar.clientHeight / 2;
      }
    }
  };

  function setupNavigation() {
    var sections = document.querySelectorAll(".nav-section[data-nav]");
    Array.prototype.forEach.call(sections, function (section) {
      var src = section.getAttribute("data-nav");
      var match = /chapter-(\d+)\.js$/.exec(src);
      if (!match) return;
      navSections[Number(match[1])] = section;
      var script = document.createElement("script");
      script.src = src;
      script.async = true;
      document.head.appendChild(script);
    });
  }

  function setupTheme() {
    var button = document.querySelector(".theme-button");
    if (!button) return;
    button.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      storageSet("standbook:theme", root.dataset.theme);
    });
  }

  // Term tooltips: hover and keyboard focus show the definition; on touch the
  // first tap shows it and a second tap on the same term follows the link
  // (a tip shown by a stray hover does not count as the first tap).
  function setupTerms() {
    var tip = document.getElementById("term-tip");
    if (!tip) return;
    var current = null;
    var tapped = null;
    var tipId = "term-tip";
    function show(link) {
      current = link;
      tip.textContent = link.getAttribute("data-tip") || "";
      tip.hidden = false;
      link.setAttribute("aria-describedby", tipId);
      var rect = link.getBoundingClientRect();
      var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8));
      tip.style.left = left + "px";
      // Below the term, or above it when the screen ends first.
      var below = rect.bottom + 6;
      var fits = below + tip.offsetHeight + 8 <= window.innerHeight || rect.top - tip.offsetHeight - 6 < 8;
      tip.style.top = ((fits ? below : rect.top - tip.offsetHeight - 6) + window.scrollY) + "px";
    }
    function hide() {
      if (current) current.removeAttribute("aria-describedby");
      current = null;
      tapped = null;
      tip.hidden = true;
    }
    var links = document.querySelectorAll("a.term[data-tip]");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("mouseleave", hide);
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("blur", hide);
      var firstTap = false;
      link.addEventListener("pointerup", function (event) {
        firstTap = event.pointerType === "touch" && tapped !== link;
      });
      link.addEventListener("click", function (event) {
        if (firstTap) {
          firstTap = false;
          event.preventDefault();
          show(link);
          tapped = link;
        }
      });
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    document.addEventListener("pointerdown", function (event) {
      if (current && event.target !== current && !current.contains(event.target)) hide();
    });
  }

  // Checklists: ticks, "not applicable" answers and the header fields are
  // kept per book version and checklist. An item answered "not applicable"
  // leaves the count and the score.
  function Checklist(container, id, items, passScore) {
    this.key = storagePrefix + ":checklist:" + id;
    this.items = items;
    this.container = container;
    this.passScore = passScore;
    this.progress = container.querySelector("progress");
    this.count = container.querySelector(".checklist-count");
    this.score = container.querySelector(".checklist-score");
    this.skips = {};
    this.fields = Array.prototype.slice.call(container.querySelectorAll("input[data-field]"));
    var skips = this.skips;
    Array.prototype.forEach.call(container.querySelectorAll("input.check-na"), function (input) {
      skips[input.getAttribute("data-key")] = input;
    });
    var state = {};
    try { state = JSON.parse(storageGet(this.key) || "{}") || {}; } catch (e) { state = {}; }
    var self = this;
    function has(key) { return Object.prototype.hasOwnProperty.call(state, key); }
    items.forEach(function (item) {
      var key = item.getAttribute("data-key");
      if (has(key)) item.checked = !!state[key];
      var skip = skips[key];
      if (skip) {
        skip.checked = !!state["na:" + key];
        skip.addEventListener("change", function () { self.save(); self.update(); });
      }
      item.addEventListener("change", function () { self.save(); self.update(); });
    });
    this.fields.forEach(function (field) {
      var key = "field:" + field.getAttribute("data-field");
      if (has(key) && typeof state[key] === "string") field.value = state[key];
      field.addEventListener("input", function () { self.save(); });
    });
    var reset = container.querySelector(".checklist-reset");
    if (reset) reset.addEventListener("click", function () {
      items.forEach(function (item) { item.checked = false; });
      Object.keys(skips).forEach(function (key) { skips[key].checked = false; });
      self.fields.forEach(function (field) { field.value = ""; });
      storageSet(self.key, null);
      self.update();
    });
    this.update();
  }
  Checklist.prototype.skipped = function (item) {
    var skip = this.skips[item.getAttribute("data-key")];
    return !!(skip && skip.checked);
  };
  Checklist.prototype.save = function () {
    var state = {}, self = this;
    this.items.forEach(function (item) {
      var key = item.getAttribute("data-key");
      state[key] = item.checked;
      if (self.skipped(item)) state["na:" + key] = true;
    });
    this.fields.forEach(function (field) {
      if (field.value) state["field:" + field.getAttribute("data-field")] = field.value;
    });
    storageSet(this.key, JSON.stringify(state));
  };
  Checklist.prototype.update = function () {
    var done = 0, counted = 0, skipped = 0, total = 0, gained = 0, self = this;
    this.items.forEach(function (item) {
      var weight = parseInt(item.getAttribute("data-weight") || "1", 10);
      var skip = self.skipped(item);
      item.disabled = skip;
      var line = item.closest("li");
      if (line) line.classList.toggle("na", skip);
      if (skip) { skipped += 1; return; }
      counted += 1;
      total += weight;
      if (item.checked) { done += 1; gained += weight; }
    });
    if (this.progress) { this.progress.max = Math.max(counted, 1); this.progress.value = done; }
    if (this.count) {
      var text = (this.count.getAttribute("data-label") || "") + ": " + done + " / " + counted;
      if (skipped) text += " · " + (this.count.getAttribute("data-na-label") || "N/A") + ": " + skipped;
      this.count.textContent = text;
    }
    if (this.score) {
      this.score.classList.remove("pass", "fail");
      this.score.textContent = "";
      if (total > 0) {
        var percent = Math.round(gained * 100 / total);
        var shown = (this.score.getAttribute("data-percent") || "{n}%").replace("{n}", String(percent));
        var line = (this.score.getAttribute("data-label") || "") + ": " + shown;
        if (this.passScore) {
          var passed = percent >= this.passScore;
          this.score.classList.add(passed ? "pass" : "fail");
          line += " — " + this.score.getAttribute(passed ? "data-pass-label" : "data-fail-label");
        }
        this.score.textContent = line;
      }
    }
    this.container.setAttribute("data-done", String(done));
  };

  function setupChecklists() {
    var page = root.getAttribute("data-page") || location.pathname;
    Array.prototype.forEach.call(document.querySelectorAll(".checklist[data-checklist]"), function (el) {
      var items = Array.prototype.slice.call(el.querySelectorAll("input.check-item"));
      new Checklist(el, el.getAttribute("data-checklist"), items, parseInt(el.getAttribute("data-pass") || "0", 10));
    });
    // Markdown task lists become checklists too.
    var lists = [];
    Array.prototype.forEach.call(document.querySelectorAll(".standard-body input.check-item"), function (input) {
      var list = input.closest("ul, ol");
      if (list && !list.closest(".checklist") && lists.indexOf(list) < 0) lists.push(list);
    });
    lists.forEach(function (list, index) {
      var wrapper = document.createElement("div");
      wrapper.className = "checklist checklist-inline";
      list.parentNode.insertBefore(wrapper, list);
      var bar = document.createElement("div");
      bar.className = "checklist-progress screen-only";
      bar.setAttribute("aria-live", "polite");
      var progress = document.createElement("progress");
      var count = document.createElement("span");
      count.className = "checklist-count";
      count.setAttribute("data-label", root.getAttribute("data-done-label") || "✓");
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "checklist-reset";
      reset.textContent = "↺";
      reset.setAttribute("aria-label", root.getAttribute("data-reset-label") || "Reset");
      bar.appendChild(progress); bar.appendChild(count); bar.appendChild(reset);
      wrapper.appendChild(bar);
      wrapper.appendChild(list);
      var items = Array.prototype.slice.call(list.querySelectorAll("input.check-item"));
      items.forEach(function (item, i) { item.setAttribute("data-key", "i" + (i + 1)); });
      new Checklist(wrapper, "page:" + page + ":" + (index + 1), items, 0);
    });
  }


  // The edition switcher: editions.js (at the site's root) lists the
  // editions, each site's pages.js its pages; a link opens the same page in
  // another edition, or that edition's title page when it lacks the page.
  // An earlier edition's banner links the page in the current book the same way.
  function setupEditions() {
    var menu = document.querySelector(".editions-menu");
    if (!menu) return;
    var rootPath = menu.getAttribute("data-root") || "";
    var page = menu.getAttribute("data-page") || "index.html";
    var list = menu.querySelector("ul");
    var pages = {};
    var requested = {};
    var data = null;

    function loadPages(folder) {
      if (requested[folder]) return;
      requested[folder] = true;
      var script = document.createElement("script");
      script.src = rootPath + folder + "pages.js";
      document.head.appendChild(script);
    }
    function target(folder) {
      var known = pages[folder];
      return rootPath + folder + (known && known.indexOf(page) < 0 ? "index.html" : page);
    }
    function render() {
      if (!data) return;
      list.textContent = "";
      data.editions.forEach(function (edition) {
        var folder = edition.path;
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.setAttribute("href", target(folder));
        link.setAttribute("data-folder", folder);
        link.textContent = "v" + edition.version;
        var own = menu.getAttribute("data-version");
        if (own ? own === edition.version && !edition.current : edition.current) link.setAttribute("aria-current", "true");
        item.appendChild(link);
        if (edition.period) {
          var period = document.createElement("span");
          period.className = "edition-period";
          period.textContent = edition.period;
          item.appendChild(period);
        }
        list.appendChild(item);
      });
    }
    function update() {
      Array.prototype.forEach.call(list.querySelectorAll("a[data-folder]"), function (link) {
        link.setAttribute("href", target(link.getAttribute("data-folder")));
      });
      // Without scripts, the banner leads to the current title page.
      var current = document.querySelector(".edition-current");
      if (current && pages[""] && pages[""].indexOf(page) >= 0) {
        current.setAttribute("href", current.getAttribute("data-same-page"));
      }
    }
    window.standbookEditions = {
      set: function (value) { data = value; render(); },
      pages: function (folder, names) { pages[folder] = names; update(); }
    };
    menu.addEventListener("toggle", function () {
      if (!menu.open || !data) return;
      data.editions.forEach(function (edition) { loadPages(edition.path); });
    });
    if (document.querySelector(".edition-current")) loadPages("");
  }

  function start() {
    setupMenu();
    setupNavigation();
    setupTheme();
    setupTerms();
    setupChecklists();
    setupEditions();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
