// standbook search: the query engine, window.standbook.search(query), the
// search box, and highlighting the matched words on the page a result opens.
//
// The index is a set of small scripts under search/ (see src/search/shards.rs)
// loaded with <script> tags on first use, so it works from file:// too. A
// query is tokenized and stemmed exactly as the build did (stem.js); every word
// must match (the last one also as a prefix while typing, words of five or more
// letters with one typo); records are ranked by BM25 weights computed at build
// time, times each stem's rarity, with a boost when the whole phrase appears.
// Every string from the book or the query reaches the page as text, never HTML.
(function () {
  "use strict";
  var S = window.standbookStem;
  if (!S) return;

  var MAX_QUERY = 256;
  var MAX_WORDS = 8;
  var DEFAULT_LIMIT = 12;
  var PREFIX_FACTOR = 0.7;
  var TYPO_FACTOR = 0.5;
  var PHRASE_BOOST = 1.5;
  // A title (or heading) that is the query itself, word for word, ranks first;
  // a title holding each query word whole ranks above stem matches.
  var EXACT_BOOST = 4;
  var WHOLE_WORDS_BOOST = 1.5;
  // Ranked by the index, then re-ranked with the boosts above: this many per result shown.
  var RERANK_DEPTH = 2;
  var MAX_PREFIX_SHARDS = 3;
  var KINDS = ["standard", "term", "rule", "checklist"];
  var DIGITS_FINAL = "0123456789abcdefghijklmnopqrstuv";
  var DIGITS_MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@$%^";
  var WORD = /[\p{Alphabetic}\p{N}]+(?:[-'’ʼ][\p{Alphabetic}\p{N}]+)*/gu;

  // --- Loading shards ------------------------------------------------------
  var shards = {};
  var waiting = {};
  // The folder of the site's root, from this script's own address
  // (`_static/search/search.<hash>.js`).
  var base = (function () {
    var own = document.currentScript;
    var src = own ? own.getAttribute("src") : "";
    return src.replace(/_static\/search\/search(\.[0-9a-f]+)?\.js$/, "");
  })();
  // Thrown when the site was published again while this page was open: the
  // index the page began with is gone, and a query must start over.
  var REPUBLISHED = new Error("the search index was replaced");

  window.standbookIndex = {
    add: function (name, data) {
      shards[name] = data;
      if (waiting[name]) waiting[name].resolve(data);
    }
  };

  // The index file `name` (search/<name>.js), once; `query` makes the browser
  // ask the server again instead of its cache.
  function load(name, query) {
    if (shards[name] !== undefined) return Promise.resolve(shards[name]);
    if (waiting[name]) return waiting[name].promise;
    var entry = {};
    entry.promise = new Promise(function (resolve, reject) {
      entry.resolve = resolve;
      var script = document.createElement("script");
      script.src = base + "search/" + name + ".js" + (query || "");
      script.async = true;
      script.onerror = function () {
        delete waiting[name];
        reject(new Error("search index file search/" + name + ".js could not be loaded"));
      };
      document.head.appendChild(script);
    });
    waiting[name] = entry;
    return entry.promise;
  }

  function loadMeta() {
    return load("meta");
  }

  // Part `name` (t3, v3, d12) of the index `meta` describes. Every part's name
  // holds the index's id: when it is missing, the meta file is loaded afresh
  // (once per id), and a new id means the site was published again (REPUBLISHED).
  var reloaded = {};
  function part(meta, name) {
    return load(name + "." + meta.id).catch(function (error) {
      if (!reloaded[meta.id]) {
        delete shards.meta;
        delete waiting.meta;
        reloaded[meta.id] = load("meta", "?" + Date.now());
      }
      return reloaded[meta.id].then(function (fresh) {
        throw fresh.id !== meta.id ? REPUBLISHED : error;
      });
    });
  }

  // --- Postings --------------------------------------------------------------
  var decoded = {};

  function decode(text, levels) {
    var records = [], weights = [];
    var value = 0, next = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      var more = DIGITS_MORE.indexOf(c);
      if (more >= 0) { value = value * 32 + more; continue; }
      value = value * 32 + DIGITS_FINAL.indexOf(c);
      var record = next + Math.floor(value / levels.count);
      records.push(record);
      weights.push(levels.base * Math.pow(levels.step, value % levels.count));
      next = record + 1;
      value = 0;
    }
    return { records: records, weights: weights };
  }

  function shardOf(meta, stem) {
    var lo = 0, hi = meta.terms.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.terms[mid] <= stem) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function postings(meta, stem) {
    var key = meta.id + " " + stem;
    if (decoded[key]) return Promise.resolve(decoded[key]);
    var shard = shardOf(meta, stem);
    return part(meta, "t" + shard).then(function (terms) {
      var text = Object.prototype.hasOwnProperty.call(terms, stem) ? terms[stem] : null;
      var list = text === null ? null : decode(text, meta.levels);
      if (list) decoded[key] = list;
      return list;
    });
  }

  // --- Query words -----------------------------------------------------------
  function stemmer(language) {
    return function (word) { return S.stem(language, word); };
  }

  // At most MAX_QUERY characters, lone surrogates replaced: any string is a safe query.
  function clean(query) {
    return Array.from(String(query)).slice(0, MAX_QUERY).join("").replace(/\p{Cs}/gu, "\uFFFD");
  }

  // The words of a query as the index stores them: a hyphenated word is its parts.
  function queryWords(query, language) {
    var text = clean(query);
    var stem = stemmer(language);
    var typing = /[\p{Alphabetic}\p{N}]$/u.test(text);
    var out = [];
    S.words(text).forEach(function (word) {
      word.split("-").forEach(function (part) {
        if (part && out.length < MAX_WORDS) out.push({ norm: S.normalize(part), stem: stem(part), prefix: false });
      });
    });
    if (typing && out.length) out[out.length - 1].prefix = true;
    return out;
  }

  // Stems in the shards [first, last] that `accept` likes.
  function scanShards(meta, first, last, kind, accept) {
    var names = [];
    for (var i = first; i <= last; i++) names.push(kind + i);
    return Promise.all(names.map(function (name) { return part(meta, name); })).then(function (loaded) {
      var found = [];
      loaded.forEach(function (shard) {
        var stems = typeof shard === "string" ? shard.split(" ") : Object.keys(shard);
        stems.forEach(function (s) { if (accept(s)) found.push(s); });
      });
      return found;
    });
  }

  function prefixCandidates(meta, word) {
    var prefixes = [word.norm];
    if (word.stem.length >= 3 && word.stem !== word.norm) prefixes.push(word.stem);
    var low = prefixes.reduce(function (a, b) { return a < b ? a : b; });
    var first = shardOf(meta, low);
    var last = Math.max.apply(null, prefixes.map(function (p) { return shardOf(meta, p + "\uffff"); }));
    if (word.norm.length < 2 || last - first >= MAX_PREFIX_SHARDS) return Promise.resolve([]);
    return scanShards(meta, first, last, "t", function (s) {
      return s !== word.stem && prefixes.some(function (p) { return s.lastIndexOf(p, 0) === 0; });
    });
  }

  // Stems one edit (insert, delete, replace, swap) from the word's stem;
  // the first letter must be right, which keeps the search to a few shards.
  function typoCandidates(meta, word) {
    if (Array.from(word.norm).length < 5) return Promise.resolve([]);
    var first = word.stem.charAt(0);
    var lo = shardOf(meta, first), hi = shardOf(meta, first + "\uffff");
    if (hi - lo >= MAX_PREFIX_SHARDS * 2) hi = lo + MAX_PREFIX_SHARDS * 2;
    return scanShards(meta, lo, hi, "v", function (s) {
      return s.charAt(0) === first && s !== word.stem && withinOneEdit(s, word.stem);
    });
  }

  function withinOneEdit(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // Every stem a query word may match, with how much a match is worth.
  function candidates(meta, word) {
    var exact = postings(meta, word.stem).then(function (list) {
      return list ? [{ stem: word.stem, list: list, factor: 1 }] : [];
    });
    var prefix = word.prefix ? prefixCandidates(meta, word) : Promise.resolve([]);
    return Promise.all([exact, prefix]).then(function (found) {
      var stems = found[1];
      if (found[0].length || stems.length) return withPostings(meta, found[0], stems, PREFIX_FACTOR);
      return typoCandidates(meta, word).then(function (typos) {
        return withPostings(meta, [], typos, TYPO_FACTOR);
      });
    });
  }

  function withPostings(meta, known, stems, factor) {
    return Promise.all(stems.map(function (s) { return postings(meta, s); })).then(function (lists) {
      lists.forEach(function (list, i) { if (list) known.push({ stem: stems[i], list: list, factor: factor }); });
      return known;
    });
  }

  // --- Ranking -----------------------------------------------------------------
  // The best score of each record for one query word.
  // A word that is also the start of longer words («клиент» of
  // «клиентоориентированность») is no rarer for that: the longer words
  // count at most as much as the word typed.
  function wordScores(matches, total) {
    var scores = new Map();
    function rarity(df) { return Math.log(1 + (total - df + 0.5) / (df + 0.5)); }
    var typed = matches.filter(function (m) { return m.factor === 1; })[0];
    var ceiling = typed ? rarity(typed.list.records.length) : Infinity;
    matches.forEach(function (m) {
      var df = m.list.records.length;
      var idf = Math.min(rarity(df), ceiling);
      for (var i = 0; i < df; i++) {
        var score = m.factor * idf * m.list.weights[i];
        var record = m.list.records[i];
        var old = scores.get(record);
        if (old === undefined || score > old) scores.set(record, score);
      }
    });
    return scores;
  }

  // Records matching every word, with the sum of their word scores.
  function intersect(perWord) {
    perWord.sort(function (a, b) { return a.size - b.size; });
    var total = new Map(perWord[0]);
    for (var w = 1; w < perWord.length; w++) {
      total.forEach(function (score, record) {
        var other = perWord[w].get(record);
        if (other === undefined) total.delete(record);
        else total.set(record, score + other);
      });
    }
    return total;
  }

  function records(meta, numbers) {
    var size = meta.recordsPerShard;
    var names = [];
    numbers.forEach(function (n) {
      var name = "d" + Math.floor(n / size);
      if (names.indexOf(name) < 0) names.push(name);
    });
    return Promise.all(names.map(function (name) { return part(meta, name); })).then(function (loaded) {
      return numbers.map(function (n) {
        var row = loaded[names.indexOf("d" + Math.floor(n / size))][n % size];
        return { url: row[0], title: row[1], section: row[2], kind: KINDS[row[3]] || "standard", excerpt: row[4] };
      });
    });
  }

  function normalText(text) {
    return S.words(text).map(S.normalize).join(" ");
  }

  // The results for `query`, started over once if the site was published
  // again in the middle of it.
  function search(query, options) {
    return searchIndex(query, options).catch(function (error) {
      if (error === REPUBLISHED) return searchIndex(query, options);
      throw error;
    });
  }

  function searchIndex(query, options) {
    var limit = (options && options.limit) || DEFAULT_LIMIT;
    return loadMeta().then(function (meta) {
      var words = queryWords(query, meta.language);
      if (!words.length) return [];
      return Promise.all(words.map(function (w) { return candidates(meta, w); })).then(function (perWord) {
        if (perWord.some(function (m) { return !m.length; })) return [];
        var matched = [];
        perWord.forEach(function (ms) { ms.forEach(function (m) { matched.push(m.stem); }); });
        var scored = [];
        intersect(perWord.map(function (m) { return wordScores(m, meta.records); })).forEach(function (score, record) {
          scored.push([record, score]);
        });
        scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
        var top = scored.slice(0, limit * RERANK_DEPTH);
        return records(meta, top.map(function (t) { return t[0]; })).then(function (found) {
          var asked = normalText(clean(query));
          var phrase = words.length > 1 ? asked : "";
          // A last word still being typed that is no word of its own («недовол»,
          // not «клиент»): a name with a word it starts is what the reader is after.
          var last = words[words.length - 1];
          var midWord = last.prefix && !perWord[perWord.length - 1].some(function (m) { return m.stem === last.stem; });
          var results = found.map(function (r, i) {
            var boost = phrase && normalText(r.title + " " + r.section + " " + r.excerpt).indexOf(phrase) >= 0 ? PHRASE_BOOST : 1;
            r.score = Math.round(top[i][1] * boost * titleBoost(r, asked, midWord) * 1000) / 1000;
            return r;
          });
          results.sort(function (a, b) { return b.score - a.score; });
          results = results.slice(0, limit);
          Object.defineProperty(results, "stems", { value: matched, enumerable: false });
          return results;
        });
      });
    });
  }

  // How much a result's own name matching the query lifts it: the title
  // (without its number), the last heading or a term's alias being the query,
  // or holding every word of it whole (not only a word form), the last word
  // being the start of one of the name's words while the reader is typing it.
  function titleBoost(record, asked, midWord) {
    var names = [record.title.replace(/^[\d.]+\s+/, ""), record.section.split(" › ").pop() || ""];
    if (record.kind === "term") names = names.concat(record.section.split(" · "));
    names = names.map(normalText);
    if (names.indexOf(asked) >= 0) return EXACT_BOOST;
    var wanted = asked.split(" ");
    var last = wanted.length - 1;
    var whole = names.some(function (name) {
      var have = name.split(" ");
      return wanted.every(function (w, i) {
        if (have.indexOf(w) >= 0) return true;
        // While typing, the last word is the start of a word of the name.
        return midWord && i === last && have.some(function (h) { return h.indexOf(w) === 0; });
      });
    });
    return whole ? WHOLE_WORDS_BOOST : 1;
  }

  // The closest glossary name to a query that found nothing.
  function suggest(query) {
    return loadMeta().then(function (meta) {
      var q = normalText(clean(query));
      if (q.length < 3) return null;
      var best = null, bestDistance = Infinity;
      meta.suggest.forEach(function (name) {
        var d = distance(q, normalText(name));
        if (d < bestDistance) { best = name; bestDistance = d; }
      });
      return bestDistance <= Math.max(2, Math.floor(q.length / 3)) ? best : null;
    });
  }

  function distance(a, b) {
    var prev = [], cur = [];
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      for (var k = 1; k <= b.length; k++) {
        cur[k] = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  // --- Marking matched words -------------------------------------------------
  // Calls `each(text, isMatch)` for the pieces of `text`.
  function splitMatches(text, isMatch, each) {
    var last = 0, m;
    WORD.lastIndex = 0;
    while ((m = WORD.exec(text)) !== null) {
      if (!isMatch(m[0])) continue;
      if (m.index > last) each(text.slice(last, m.index), false);
      each(m[0], true);
      last = m.index + m[0].length;
    }
    if (last < text.length) each(text.slice(last), false);
  }

  function matcher(language, stems, prefixes) {
    var stem = stemmer(language);
    return function (word) {
      return word.split("-").some(function (part) {
        if (!part) return false;
        if (stems.indexOf(stem(part)) >= 0) return true;
        var norm = S.normalize(part);
        return prefixes.some(function (p) { return norm.lastIndexOf(p, 0) === 0; });
      });
    };
  }

  function appendMarked(parent, text, isMatch) {
    splitMatches(text, isMatch, function (piece, hit) {
      if (hit) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(piece));
      }
    });
  }

  function highlightPage(query) {
    var main = document.getElementById("content");
    if (!main || !query) return;
    loadMeta().then(function (meta) {
      var words = queryWords(query, meta.language);
      var stems = words.map(function (w) { return w.stem; });
      var prefixes = words.filter(function (w) { return w.prefix && w.norm.length >= 3; }).map(function (w) { return w.norm; });
      var isMatch = matcher(meta.language, stems, prefixes);
      var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentNode.closest("script, style, mark, .heading-anchor, .breadcrumbs, .pager")
            ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        }
      });
      var nodes = [];
      while (walker.nextNode()) nodes.push(walker.currentNode);
      nodes.forEach(function (node) {
        var any = false;
        splitMatches(node.nodeValue, isMatch, function (piece, hit) { any = any || hit; });
        if (!any) return;
        var fragment = document.createDocumentFragment();
        appendMarked(fragment, node.nodeValue, isMatch);
        Array.prototype.forEach.call(fragment.querySelectorAll("mark"), function (m) { m.className = "search-hit"; });
        node.parentNode.replaceChild(fragment, node);
      });
      document.addEventListener("keydown", function clear(event) {
        if (event.key !== "Escape") return;
        Array.prototype.forEach.call(document.querySelectorAll("mark.search-hit"), function (m) {
          m.replaceWith(document.createTextNode(m.textContent));
        });
        main.normalize();
        document.removeEventListener("keydown", clear);
      });
    }).catch(function () { /* no index: nothing to highlight */ });
  }

  // --- The search box ----------------------------------------------------------
  function setupBox() {
    var box = document.querySelector(".search");
    var input = box && box.querySelector("input");
    var list = box && box.querySelector(".search-results");
    var status = box && box.querySelector(".search-status");
    if (!input || !list || !status) return;
    var label = function (name) { return box.getAttribute("data-" + name) || ""; };
    var active = -1;
    var generation = 0;
    var timer = null;

    function options() { return list.querySelectorAll("[role=option]"); }

    function setActive(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      Array.prototype.forEach.call(all, function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function close() {
      box.classList.remove("open");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      box.classList.add("open");
      input.setAttribute("aria-expanded", "true");
    }

    function showStatus(text) {
      list.textContent = "";
      status.textContent = text;
    }

    function render(query, results, meta) {
      list.textContent = "";
      status.textContent = label("count").replace("{n}", String(results.length));
      var isMatch = matcher(meta.language, results.stems || [], []);
      results.forEach(function (r, i) {
        // The link is the option itself: an option may not hold a control.
        var item = document.createElement("li");
        item.setAttribute("role", "none");
        var link = document.createElement("a");
        link.id = "search-result-" + i;
        link.setAttribute("role", "option");
        link.setAttribute("aria-selected", "false");
        link.href = resultHref(r.url, query);
        link.tabIndex = -1;
        var badge = document.createElement("span");
        badge.className = "search-kind search-kind-" + r.kind;
        badge.textContent = label("kind-" + r.kind);
        var title = document.createElement("span");
        title.className = "search-title";
        var joiner = r.kind === "term" ? " · " : " › ";
        appendMarked(title, r.section ? r.title + joiner + r.section : r.title, isMatch);
        var excerpt = document.createElement("span");
        excerpt.className = "search-excerpt";
        appendMarked(excerpt, r.excerpt, isMatch);
        link.appendChild(badge);
        link.appendChild(title);
        link.appendChild(excerpt);
        item.appendChild(link);
        list.appendChild(item);
      });
      if (results.length) setActive(0);
    }

    function nothingFound(query, mine) {
      showStatus(label("nothing").replace("{q}", clean(query).slice(0, 60)));
      suggest(query).then(function (name) {
        if (!name || mine !== generation) return;
        var button = document.createElement("button");
        button.type = "button";
        button.className = "search-suggestion";
        button.textContent = name;
        button.addEventListener("mousedown", function (e) { e.preventDefault(); });
        button.addEventListener("click", function () { input.value = name; run(); input.focus(); });
        status.appendChild(document.createTextNode(" " + label("did-you-mean") + " "));
        status.appendChild(button);
      });
    }

    function run() {
      var query = input.value;
      var mine = ++generation;
      active = -1;
      if (!query.trim()) { list.textContent = ""; status.textContent = ""; close(); return; }
      open();
      if (!shards.meta) showStatus(label("loading"));
      Promise.all([search(query), loadMeta()]).then(function (done) {
        if (mine !== generation) return;
        if (done[0].length) render(query, done[0], done[1]);
        else nothingFound(query, mine);
        box.setAttribute("data-shown", query);
      }).catch(function () {
        if (mine === generation) showStatus(label("unavailable"));
      });
    }

    input.addEventListener("focus", function () {
      loadMeta().catch(function () { /* reported when a query runs */ });
      if (input.value.trim()) open();
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 40);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); open(); setActive(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); setActive(active - 1); }
      else if (event.key === "Enter") {
        var all = options();
        var target = all[active >= 0 ? active : 0];
        if (target) { event.preventDefault(); window.location.href = target.href; }
      } else if (event.key === "Escape") {
        event.stopPropagation();
        if (box.classList.contains("open")) close(); else { input.value = ""; input.blur(); }
      }
    });
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    input.addEventListener("blur", function () {
      setTimeout(function () { if (document.activeElement !== input) close(); }, 150);
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
      var shortcut = (event.key === "/" && !typing) || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k");
      if (!shortcut) return;
      event.preventDefault();
      input.focus();
      input.select();
    });
  }

  // A result's link with the query, so the page it opens can mark the words.
  function resultHref(url, query) {
    var hash = url.indexOf("#");
    var page = hash < 0 ? url : url.slice(0, hash);
    var anchor = hash < 0 ? "" : url.slice(hash);
    return base + page + "?q=" + encodeURIComponent(clean(query)) + anchor;
  }

  window.standbook = window.standbook || {};
  window.standbook.search = function (query, options) {
    return search(query, options).then(function (results) {
      return results.map(function (r) {
        return { url: r.url, title: r.title, section: r.section, kind: r.kind, excerpt: r.excerpt, score: r.score };
      });
    });
  };

  function start() {
    setupBox();
    var query = null;
    try { query = new URLSearchParams(window.location.search).get("q"); } catch (e) { query = null; }
    if (query) highlightPage(query);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
