// standbook search: the browser's copy of the build's tokenizer and stemmers.
// Every function here matches one in src/language.rs; a test runs both over
// the whole vocabulary of the example book and word lists of Russian and
// Ukrainian forms and requires identical output. Works in browsers (as
// window.standbookStem) and in Node (module.exports).
(function (root) {
  "use strict";

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var JOINERS = "-'’ʼ";

  // Lowercase, and ё read as е — as readers type.
  function normalize(word) {
    return word.toLowerCase().replace(/ё/g, "е");
  }

  // Runs of letters and digits; a hyphen or apostrophe inside a word keeps it whole.
  function words(text) {
    var chars = Array.from(text);
    var out = [];
    var current = null;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var joiner = JOINERS.indexOf(c) >= 0 && current !== null && i + 1 < chars.length && ALNUM.test(chars[i + 1]);
      if (ALNUM.test(c) || joiner) {
        current = (current || "") + c;
      } else if (current !== null) {
        out.push(current);
        current = null;
      }
    }
    if (current !== null) out.push(current);
    return out;
  }

  // --- Russian: the Snowball algorithm -------------------------------------
  var RU_VOWELS = "аеиоуыэюя";

  function isVowel(c) { return RU_VOWELS.indexOf(c) >= 0; }

  // pV: after the first vowel; p2 (R2): after vowel, non-vowel, vowel, non-vowel.
  function ruRegions(w) {
    var n = w.length, pV = n, p2 = n, i = 0;
    while (i < n && !isVowel(w[i])) i++;
    if (i < n) {
      pV = i + 1;
      i = pV;
      while (i < n && isVowel(w[i])) i++;
      if (i < n) {
        i++;
        while (i < n && !isVowel(w[i])) i++;
        if (i < n) {
          i++;
          while (i < n && isVowel(w[i])) i++;
          if (i < n) p2 = i + 1;
        }
      }
    }
    return { pV: pV, p2: p2 };
  }

  // The longest of `endings` that `w` ends with, starting at or after `limit`.
  function longest(w, endings, limit) {
    var best = null;
    for (var i = 0; i < endings.length; i++) {
      var e = endings[i];
      if (w.length - e.length >= limit && w.slice(w.length - e.length) === e && (best === null || e.length > best.length)) best = e;
    }
    return best;
  }

  // Removes the longest ending of group A (which must follow а or я, inside
  // the region) or group B; null when the longest match fails its condition.
  function removeGrouped(w, groupA, groupB, limit) {
    var e = longest(w, groupA.concat(groupB), limit);
    if (e === null) return null;
    if (groupA.indexOf(e) >= 0) {
      var before = w.length - e.length - 1;
      if (before < limit || (w[before] !== "а" && w[before] !== "я")) return null;
    }
    return w.slice(0, w.length - e.length);
  }

  function removeAny(w, endings, limit) {
    var e = longest(w, endings, limit);
    return e === null ? null : w.slice(0, w.length - e.length);
  }

  var PERFECTIVE_A = ["в", "вши", "вшись"];
  var PERFECTIVE_B = ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"];
  var ADJECTIVE = ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"];
  var PARTICIPLE_A = ["ем", "нн", "вш", "ющ", "щ"];
  var PARTICIPLE_B = ["ивш", "ывш", "ующ"];
  var REFLEXIVE = ["ся", "сь"];
  var VERB_A = ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"];
  var VERB_B = ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен", "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"];
  var NOUN = ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й", "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"];

  function stemRu(word) {
    var w = normalize(word);
    var r = ruRegions(w);
    var pV = r.pV;
    // Step 1: perfective gerund, or (reflexive then) adjectival, verb or noun.
    var done = removeGrouped(w, PERFECTIVE_A, PERFECTIVE_B, pV);
    if (done !== null) {
      w = done;
    } else {
      var refl = removeAny(w, REFLEXIVE, pV);
      if (refl !== null) w = refl;
      var adj = removeAny(w, ADJECTIVE, pV);
      if (adj !== null) {
        var part = removeGrouped(adj, PARTICIPLE_A, PARTICIPLE_B, pV);
        w = part !== null ? part : adj;
      } else {
        var verb = removeGrouped(w, VERB_A, VERB_B, pV);
        if (verb !== null) {
          w = verb;
        } else {
          var noun = removeAny(w, NOUN, pV);
          if (noun !== null) w = noun;
        }
      }
    }
    // Step 2: a final и.
    if (w.length - 1 >= pV && w[w.length - 1] === "и") w = w.slice(0, -1);
    // Step 3: derivational ост/ость inside R2.
    var der = removeAny(w, ["ост", "ость"], Math.max(r.p2, pV));
    if (der !== null) w = der;
    // Step 4: superlative ейш/ейше, then нн → н; or a final ь.
    var sup = removeAny(w, ["ейш", "ейше"], pV);
    if (sup !== null) {
      w = sup;
      if (w.length - 2 >= pV && w.slice(-2) === "нн") w = w.slice(0, -1);
    } else if (w.length - 2 >= pV && w.slice(-2) === "нн") {
      w = w.slice(0, -1);
    } else if (w.length - 1 >= pV && w[w.length - 1] === "ь") {
      w = w.slice(0, -1);
    }
    return w;
  }

  // --- Ukrainian: the light suffix stripper of src/language.rs -------------
  var UK_ENDINGS = ["ами", "ями", "ові", "еві", "ого", "ому", "ими", "іми", "ій", "ий", "ою", "ею", "ів", "їв",
    "ам", "ям", "ах", "ях", "ом", "ем", "ої", "ої", "ий", "а", "я", "у", "ю", "і", "ї", "и", "е", "о", "ь"];

  function stemUk(word) {
    var w = normalize(word);
    var letters = Array.from(w).length;
    for (var i = 0; i < UK_ENDINGS.length; i++) {
      var e = UK_ENDINGS[i];
      if (w.length >= e.length && w.slice(w.length - e.length) === e && letters - Array.from(e).length >= 3) {
        return w.slice(0, w.length - e.length);
      }
    }
    return w;
  }

  // The stem of a word in a book of `language`, as WordStemmer::stem gives it.
  function stem(language, word) {
    if (language === "uk") return stemUk(word);
    if (language === "en") return normalize(word);
    return stemRu(word);
  }

  var api = { normalize: normalize, words: words, stem: stem, stemRu: stemRu, stemUk: stemUk };
  root.standbookStem = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
