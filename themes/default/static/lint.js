// standbook "check your reply": the browser's copy of the `lint` matcher
// (src/lint.rs) and the box on the communication-rules page. The rules come
// embedded in the page, their phrases already stemmed by the build; only the
// reply is stemmed here, with the same stemmers (stem.js). A test runs the
// page and `standbook lint` over the same sentences and requires the same hits.
// window.standbook.lint(text) returns the hits as `lint --format json` does.
(function () {
  "use strict";

  var S = window.standbookStem;
  // The particle that negates the word after it (Russian and Ukrainian).
  var NEGATION = "не";

  // --- The matcher -----------------------------------------------------------

  // Regular-expression rules run in a worker, never on the page's own thread:
  // a pattern that backtracks for ever ("(a+)+$" on "aaaa…!") would freeze the
  // page. Each rule gets RULE_BUDGET_MS; a rule still running then is stopped,
  // named in the box, and the other rules go on in a fresh worker. The build
  // accepts only patterns that mean the same here as in `lint` (src/lint/portable.rs).
  var RULE_BUDGET_MS = 1000;

  // The worker's whole program; it runs as the source of a Blob, so it may use
  // nothing from outside this function.
  function regexWorker() {
    // Rust's `regex` knows Unicode in \b, \w, \d and \s, and its `.` is any
    // character but \n; JavaScript's are narrower even with the `u` flag, so
    // patterns are rewritten to the Unicode classes they mean there.
    var WORD = "\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}";
    var CLASSES = { w: WORD, d: "\\p{Nd}", s: "\\p{White_Space}" };

    function toJsPattern(pattern) {
      var out = "", inClass = false;
      var source = pattern.replace(/^\(\?i\)/, "");
      for (var i = 0; i < source.length; i++) {
        var c = source.charAt(i);
        if (c === "\\" && i + 1 < source.length) {
          var n = source.charAt(++i);
          var lower = n.toLowerCase();
          if (CLASSES[lower]) {
            var set = CLASSES[lower];
            if (inClass) out += n === lower ? set : "\\" + n;
            else out += (n === lower ? "[" : "[^") + set + "]";
          } else if (n === "b" && !inClass) {
            out += "(?:(?<=[" + WORD + "])(?![" + WORD + "])|(?<![" + WORD + "])(?=[" + WORD + "]))";
          } else if (n === "B" && !inClass) {
            out += "(?:(?<=[" + WORD + "])(?=[" + WORD + "])|(?<![" + WORD + "])(?![" + WORD + "]))";
          } else {
            out += c + n;
          }
          continue;
        }
        if (c === "." && !inClass) { out += "[^\\n]"; continue; }
        if (c === "[" && !inClass) inClass = true;
        else if (c === "]" && inClass) inClass = false;
        out += c;
      }
      return new RegExp(out, "giud");
    }

    // Each match's span, or its `hit` group's when the pattern names one.
    function allMatches(regex, text) {
      var found = [], m;
      regex.lastIndex = 0;
      while ((m = regex.exec(text)) !== null) {
        if (m[0].length === 0) { regex.lastIndex++; continue; }
        var hit = m.indices && m.indices.groups && m.indices.groups.hit;
        if (hit && hit[1] > hit[0]) found.push([hit[0], hit[1]]);
        else if (!hit) found.push([m.index, m.index + m[0].length]);
      }
      return found;
    }

    self.onmessage = function (event) {
      var text = event.data.text;
      event.data.rules.forEach(function (rule) {
        self.postMessage({ started: rule.index });
        try {
          var excepted = [];
          rule.exceptions.forEach(function (e) { excepted = excepted.concat(allMatches(toJsPattern(e), text)); });
          var hits = allMatches(toJsPattern(rule.pattern), text).filter(function (hit) {
            return !excepted.some(function (e) { return e[0] <= hit[0] && hit[1] <= e[1]; });
          }).map(function (hit) { return { start: hit[0], end: hit[1], rule: rule.index }; });
          self.postMessage({ index: rule.index, hits: hits });
        } catch (e) {
          self.postMessage({ index: rule.index, failed: String(e) });
        }
      });
      self.postMessage({ done: true });
    };
  }

  var workerUrl = null;

  // The hits of the pattern rules in `folded`, with the rules stopped for
  // taking too long and those the browser could not read:
  // a promise of { hits, stopped, failed } (rule indexes in the last two).
  function patternHits(matcher, folded) {
    var remaining = matcher.compiled.filter(function (m) { return m.pattern; }).map(function (m) {
      return { index: m.index, pattern: m.rule.pattern, exceptions: m.rule.exception_patterns };
    });
    var result = { hits: [], stopped: [], failed: [] };
    if (!remaining.length) return Promise.resolve(result);
    if (!workerUrl) {
      workerUrl = URL.createObjectURL(new Blob(["(" + regexWorker.toString() + ")();"], { type: "text/javascript" }));
    }
    return new Promise(function (resolve) {
      var worker = null, timer = null, current = null;
      var drop = function (index) {
        remaining = remaining.filter(function (r) { return r.index !== index; });
      };
      var run = function () {
        if (!remaining.length) { resolve(result); return; }
        worker = new Worker(workerUrl);
        worker.onmessage = function (event) {
          var d = event.data;
          if (d.started !== undefined) {
            current = d.started;
            clearTimeout(timer);
            timer = setTimeout(function () {
              worker.terminate();
              result.stopped.push(current);
              drop(current);
              run();
            }, RULE_BUDGET_MS);
          } else if (d.hits) {
            result.hits = result.hits.concat(d.hits);
            drop(d.index);
          } else if (d.failed !== undefined) {
            result.failed.push(d.index);
            drop(d.index);
          } else if (d.done) {
            clearTimeout(timer);
            worker.terminate();
            resolve(result);
          }
        };
        worker.postMessage({ rules: remaining, text: folded });
      };
      run();
    });
  }

  function compile(rules, language) {
    var byFirstStem = {}, byFirstWord = {};
    var compiled = rules.map(function (rule, index) {
      var m = { rule: rule, index: index };
      if (rule.pattern !== null && rule.pattern !== undefined) {
        m.pattern = true;
        return m;
      }
      var map = rule.stemmed ? byFirstStem : byFirstWord;
      if (rule.words.length) {
        var key = rule.words[0];
        if (!Object.prototype.hasOwnProperty.call(map, key)) map[key] = [];
        map[key].push(index);
      }
      return m;
    });
    return { language: language, rules: rules, compiled: compiled, byFirstStem: byFirstStem, byFirstWord: byFirstWord };
  }

  function endsSentence(between) {
    return /[.!?…]/.test(between) || between.indexOf("\n\n") >= 0 || between.indexOf("\n\r\n") >= 0;
  }

  function textWords(matcher, text) {
    var sentence = 0, lastEnd = 0;
    return S.wordsAt(text).map(function (w) {
      if (endsSentence(text.slice(lastEnd, w.start))) sentence++;
      lastEnd = w.end;
      return { start: w.start, end: w.end, stem: S.stem(matcher.language, w.word), normal: S.normalize(w.word), sentence: sentence };
    });
  }

  // If `phrase` matches the words starting at `at`, the index of its last word, else -1.
  function matchAt(phrase, gap, stemmed, words, at) {
    var first = words[at];
    var key = function (w) { return stemmed ? w.stem : w.normal; };
    if (!first || !phrase.length || key(first) !== phrase[0]) return -1;
    var last = at;
    for (var k = 1; k < phrase.length; k++) {
      var limit = Math.min(last + 1 + gap, words.length - 1), found = -1;
      for (var j = last + 1; j <= limit && words[j].sentence === first.sentence; j++) {
        if (key(words[j]) === phrase[k]) { found = j; break; }
      }
      if (found < 0) return -1;
      last = found;
    }
    return last;
  }

  // Whether a «не» flips the phrase matched from `at` to `end`: right before
  // the first word (in the same sentence) or between the words.
  function negated(words, at, end) {
    if (at > 0 && words[at - 1].sentence === words[at].sentence && words[at - 1].normal === NEGATION) return true;
    for (var i = at + 1; i < end; i++) if (words[i].normal === NEGATION) return true;
    return false;
  }

  function wordHit(rule, index, words, at) {
    var end = matchAt(rule.words, rule.gap, rule.stemmed, words, at);
    if (end < 0) return null;
    if (rule.negatable && negated(words, at, end)) return null;
    var covered = rule.exceptions.some(function (exception) {
      var earliest = Math.max(0, at - exception.length * (rule.gap + 1));
      for (var start = earliest; start <= end; start++) {
        if (matchAt(exception, rule.gap, rule.stemmed, words, start) >= at) return true;
      }
      return false;
    });
    return covered ? null : { start: words[at].start, end: words[end].end, rule: index };
  }

  // Every use of a rule's phrase in `text`, in text order (as Rules::find):
  // a promise of { hits, stopped, failed }.
  function find(matcher, text) {
    var words = textWords(matcher, text);
    var hits = [];
    words.forEach(function (word, i) {
      var own = Object.prototype.hasOwnProperty;
      var candidates = (own.call(matcher.byFirstStem, word.stem) ? matcher.byFirstStem[word.stem] : [])
        .concat(own.call(matcher.byFirstWord, word.normal) ? matcher.byFirstWord[word.normal] : []);
      candidates.forEach(function (index) {
        var hit = wordHit(matcher.rules[index], index, words, i);
        if (hit) hits.push(hit);
      });
    });
    var folded = text.replace(/ё/g, "е").replace(/Ё/g, "Е");
    return patternHits(matcher, folded).then(function (patterns) {
      hits = hits.concat(patterns.hits);
      hits.sort(function (a, b) { return a.start - b.start || a.rule - b.rule; });
      patterns.hits = hits.filter(function (h, i) {
        var p = hits[i - 1];
        return !p || p.start !== h.start || p.end !== h.end || p.rule !== h.rule;
      });
      return patterns;
    });
  }

  // 1-based line and column (in characters, as the CLI counts) of an offset.
  function position(text, offset) {
    var before = text.slice(0, offset);
    var lineStart = before.lastIndexOf("\n") + 1;
    return [before.split("\n").length, Array.from(before.slice(lineStart)).length + 1];
  }

  function report(matcher, text, hit) {
    var rule = matcher.rules[hit.rule];
    var start = position(text, hit.start), end = position(text, hit.end);
    return {
      line: start[0], column: start[1], end_line: end[0], end_column: end[1],
      text: text.slice(hit.start, hit.end), rule: rule.phrase, level: rule.level,
      why: rule.why, instead: rule.instead, anchor: rule.anchor
    };
  }

  // --- The box -----------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showPreview(preview, text, hits) {
    preview.textContent = "";
    var at = 0;
    hits.forEach(function (hit) {
      if (hit.start < at) return;
      preview.appendChild(document.createTextNode(text.slice(at, hit.start)));
      var level = hit.level;
      preview.appendChild(el("mark", "reply-mark reply-" + level, text.slice(hit.start, hit.end)));
      at = hit.end;
    });
    preview.appendChild(document.createTextNode(text.slice(at)));
    preview.hidden = hits.length === 0;
  }

  function hitItem(box, r) {
    var item = el("li", "reply-hit reply-" + r.level);
    var head = el("p", "reply-hit-head");
    head.appendChild(el("span", "reply-badge", r.level === "forbidden" ? box.dataset.forbidden : box.dataset.care));
    head.appendChild(document.createTextNode(" «" + r.text + "» · " + box.dataset.rule + " "));
    var link = el("a", null, "«" + r.rule + "»");
    link.href = "#" + r.anchor;
    head.appendChild(link);
    item.appendChild(head);
    if (r.instead.length) {
      var label = r.level === "forbidden" ? box.dataset.instead : box.dataset.better;
      item.appendChild(el("p", "reply-instead", label + ": " + r.instead.map(function (t) { return "«" + t + "»"; }).join(" / ")));
    }
    item.appendChild(el("p", "reply-why", box.dataset.why + ": " + r.why));
    return item;
  }

  function setUp(box) {
    var data = document.getElementById("standbook-rules");
    var matcher = compile(JSON.parse(data.textContent), box.dataset.language);
    var input = box.querySelector("textarea");
    var summary = box.querySelector(".reply-summary");
    var preview = box.querySelector(".reply-preview");
    var list = box.querySelector(".reply-hits");
    // A promise of { reports, stopped, failed } (the last two: rules' phrases).
    var lint = function (text) {
      text = String(text);
      return find(matcher, text).then(function (found) {
        var phrase = function (index) { return matcher.rules[index].phrase; };
        return {
          reports: found.hits.map(function (hit) {
            var r = report(matcher, text, hit);
            r.start = hit.start; r.end = hit.end;
            return r;
          }),
          stopped: found.stopped.map(phrase),
          failed: found.failed.map(phrase)
        };
      });
    };
    var timer = null, generation = 0;
    var show = function (text, result) {
      var reports = result.reports;
      list.textContent = "";
      reports.forEach(function (r) { list.appendChild(hitItem(box, r)); });
      result.stopped.forEach(function (rule) {
        list.appendChild(el("li", "reply-hit reply-stopped", box.dataset.stopped.replace("{rule}", rule)));
      });
      result.failed.forEach(function (rule) {
        list.appendChild(el("li", "reply-hit reply-stopped", box.dataset.failed.replace("{rule}", rule)));
      });
      showPreview(preview, text, reports);
      var forbidden = reports.filter(function (r) { return r.level === "forbidden"; }).length;
      var care = reports.length - forbidden;
      summary.textContent = text.trim() === "" ? "" : reports.length === 0 ? box.dataset.none
        : box.dataset.count.replace("{forbidden}", forbidden).replace("{care}", care);
      box.dataset.checked = String(reports.length);
    };
    var update = function () {
      var text = input.value, mine = ++generation;
      box.dataset.busy = "true";
      lint(text).then(function (result) {
        if (mine !== generation) return;
        show(text, result);
        delete box.dataset.busy;
      });
    };
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    window.standbook = window.standbook || {};
    // A promise of the hits as `lint --format json` gives them.
    window.standbook.lint = function (text) {
      return lint(text).then(function (result) {
        return result.reports.map(function (r) {
          return { line: r.line, column: r.column, end_line: r.end_line, end_column: r.end_column, text: r.text, rule: r.rule, level: r.level };
        });
      });
    };
    // The same with the rules stopped for taking too long or unreadable here.
    window.standbook.lintDetails = function (text) {
      return lint(text).then(function (result) {
        return { hits: result.reports.length, stopped: result.stopped, failed: result.failed };
      });
    };
    update();
  }

  function start() {
    var box = document.querySelector(".reply-check");
    if (box && S) setUp(box);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
