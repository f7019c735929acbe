// standbook search: the browser's copy of the build's tokenizer and stemmers.
// Every function here matches one in src/language.rs; a test runs both over
// the whole vocabulary of the example book and word lists of Russian and
// Ukrainian forms and requires identical output. Works in browsers (as
// window.standbookStem) and in Node (module.exports).
(function (root) {
  "use strict";

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  // Scripts written without spaces between words: each character is a word.
  var IDEOGRAPH = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]/;
  var JOINERS = "-'’ʼ";

  // Lowercase, ё read as е and every apostrophe as ' — as readers type.
  function normalize(word) {
    return word.toLowerCase().replace(/ё/g, "е").replace(/[’ʼ]/g, "'");
  }

  // Runs of letters and digits; a hyphen or apostrophe inside a word keeps it
  // whole. Each word with its start and end (UTF-16 offsets into `text`).
  function wordsAt(text) {
    var chars = Array.from(text);
    var out = [];
    var current = null, start = 0, offset = 0;
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (IDEOGRAPH.test(c)) {
        if (current !== null) out.push({ word: current, start: start, end: offset });
        current = null;
        out.push({ word: c, start: offset, end: offset + c.length });
        offset += c.length;
        continue;
      }
      var joiner = JOINERS.indexOf(c) >= 0 && current !== null && i + 1 < chars.length && ALNUM.test(chars[i + 1]);
      if (ALNUM.test(c) || joiner) {
        if (current === null) { current = ""; start = offset; }
        current += c;
      } else if (current !== null) {
        out.push({ word: current, start: start, end: offset });
        current = null;
      }
      offset += c.length;
    }
    if (current !== null) out.push({ word: current, start: start, end: offset });
    return out;
  }

  function words(text) {
    return wordsAt(text).map(function (w) { return w.word; });
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

  function snowballRu(word) {
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

  // --- Russian: the rules of src/language/russian.rs over Snowball -------------
  var RU_OST = ["ость", "ости", "остью", "остей", "остям", "остями", "остях"];
  var RU_ADJECTIVE = ["ий", "ая", "ее", "ие", "его", "ему", "ей", "им", "ими", "их", "ую", "ое", "ого", "ому", "ой",
    "ые", "ый", "ым", "ыми", "ых", "юю", "ою"];
  var RU_PARTICIPLE = ["ющ", "ущ", "ащ", "ящ", "ш"];
  var RU_NOUNS_LIKE_VERBS = ["правил", "могил", "светил", "крыл", "мыл", "чернил", "стропил", "зубил", "горнил",
    "удил", "шил", "кадил", "вил"];
  var RU_NOUN_ENDINGS = ["", "а", "о", "у", "е", "ы", "ой", "ом", "ам", "ами", "ах"];

  function endsWithAny(w, list) {
    return list.some(function (e) { return w.slice(-e.length) === e; });
  }

  function isReflexive(w) { return endsWithAny(w, ["ся", "сь"]); }

  function stemRu(word) {
    var w = normalize(word);
    var s = ruCore(w);
    return isReflexive(w) && !isReflexive(s) ? s + "ся" : s;
  }

  function ruCore(w) {
    for (var i = 0; i < RU_NOUNS_LIKE_VERBS.length; i++) {
      var noun = RU_NOUNS_LIKE_VERBS[i];
      if (w.lastIndexOf(noun, 0) === 0 && RU_NOUN_ENDINGS.indexOf(w.slice(noun.length)) >= 0) return noun;
    }
    var base = snowballRu(w);
    if (RU_OST.some(function (e) { return w === base + e; })) return base + "ост";
    var adjective = longest(w, RU_ADJECTIVE, 0);
    if (adjective !== null) {
      var rest = w.slice(0, w.length - adjective.length);
      if (endsWithAny(rest, RU_PARTICIPLE) && rest.length >= 4) return rest;
    }
    if (endsWithAny(w, ["но", "ко"]) && w.length >= 6 && w.slice(0, -1) === base) return w;
    var s = base;
    if (s.slice(-1) === "н" && w.charAt(s.length) === "н") s += "н";
    if (s.length >= 6 && endsWithAny(s, ["ова", "ева"])) s = s.slice(0, -3);
    var n = s.length;
    if (n >= 4 && "кц".indexOf(s[n - 1]) >= 0 && "ое".indexOf(s[n - 2]) >= 0 && !isVowel(s[n - 3]) && s[n - 3] !== "ь" && s[n - 3] !== "й") {
      s = s.slice(0, n - 2) + s[n - 1];
    }
    return s;
  }

  // --- Ukrainian: the rules of src/language/ukrainian.rs ---------------------
  var UK_VOWELS = "аеєиіїоуюя";
  var UK_VERB_STEM_VOWELS = "аяиі";
  var UK_ENDINGS = [
    "ого", "ього", "ому", "ьому", "ої", "ьої", "ою", "ьою", "ими", "іми", "ий", "ій", "им", "ім", "их", "іх",
    "ами", "ями", "іями", "ах", "ях", "іях", "ам", "ям", "іям", "ові", "єві", "ом", "ем", "єм", "ею",
    "єю", "ією", "ів", "їв", "ія", "ії", "ію", "а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и",
    "ємо", "єте", "ють", "емо", "ете", "уть", "имо", "імо", "ите", "ять", "ать", "єш", "еш", "иш", "ить",
    "іть", "єть", "еть", "ймо", "йте",
    "ючи", "учи", "ячи", "ачи", "вши"];
  var UK_OST = ["ість", "ості", "істю", "остей", "остям", "остями", "остях"];
  var UK_AFTER_VOWEL = ["ти", "ть", "в", "ла", "ло", "ли", "ши", "тиме", "тимуть", "тимеш", "тимемо", "тимете", "тиму"];
  var UK_REFLEXIVE = ["ся", "сь"];

  function ukVowel(c) { return UK_VOWELS.indexOf(c) >= 0; }

  // The length of the longest ending of `chars` from `endings` inside the region.
  function ukEnding(chars, region, endings, afterVowel) {
    var best = 0;
    endings.forEach(function (ending) {
      var e = Array.from(ending);
      var start = chars.length - e.length;
      if (start < region || chars.slice(start).join("") !== ending) return;
      if (afterVowel && !(start > 0 && UK_VERB_STEM_VOWELS.indexOf(chars[start - 1]) >= 0)) return;
      if (e.length > best) best = e.length;
    });
    return best;
  }

  function stemUk(word) {
    var chars = Array.from(normalize(word));
    var first = -1;
    for (var i = 0; i < chars.length; i++) { if (ukVowel(chars[i])) { first = i; break; } }
    if (first < 0) return chars.join("");
    var region = first + 1;
    var reflexive = ukEnding(chars, region, UK_REFLEXIVE, false);
    chars = chars.slice(0, chars.length - reflexive);
    var kept = ukKeptWhole(chars, region);
    var stem = kept !== null ? kept : ukInflectionRemoved(chars, region);
    return reflexive ? stem + "ся" : stem;
  }

  function ukKeptWhole(chars, region) {
    var ost = ukEnding(chars, region, UK_OST, false);
    if (ost) return chars.slice(0, chars.length - ost).join("") + "ост";
    if (chars.length < 6) return null;
    var word = chars.join("");
    if (endsWithAny(word, ["но", "ко"])) return word;
    if (endsWithAny(word, ["ань", "янь", "ень"])) return word.slice(0, -1) + "н";
    return null;
  }

  function ukInflectionRemoved(chars, region) {
    var cut = Math.max(ukEnding(chars, region, UK_ENDINGS, false), ukEnding(chars, region, UK_AFTER_VOWEL, true));
    chars = chars.slice(0, chars.length - cut);
    var n = chars.length;
    if ((n > region + 1 || n > region && chars[n - 2] === "і") && "тл".indexOf(chars[n - 1]) >= 0 && UK_VERB_STEM_VOWELS.indexOf(chars[n - 2]) >= 0) chars.pop();
    var last = chars[chars.length - 1];
    if (chars.length > region && (last === "и" || last === "ь")) chars.pop();
    n = chars.length;
    if (n >= 6 && chars[n - 2] === "в" && chars[n - 1] === "а" && "ую".indexOf(chars[n - 3]) >= 0) chars = chars.slice(0, n - 2);
    n = chars.length;
    if (n >= 3 && chars[n - 2] === "і" && !ukVowel(chars[n - 1])) chars[n - 2] = "о";
    n = chars.length;
    if (n >= 4 && n - 2 > region && "кцнлр".indexOf(chars[n - 1]) >= 0 && "ое".indexOf(chars[n - 2]) >= 0 &&
        !ukVowel(chars[n - 3]) && chars[n - 3] !== "ь") chars.splice(n - 2, 1);
    n = chars.length;
    if (n > region && chars[n - 1] === "ц") chars[n - 1] = "к";
    else if (n > region && chars[n - 1] === "з") chars[n - 1] = "г";
    return chars.join("");
  }

  // --- English: the Snowball (Porter2) algorithm, as rust-stemmers runs it ----
  var EN_EXCEPTIONS = { skis: "ski", skies: "sky", dying: "die", lying: "lie", tying: "tie", idly: "idl",
    gently: "gentl", ugly: "ugli", early: "earli", only: "onli", singly: "singl", sky: "sky", news: "news",
    howe: "howe", atlas: "atlas", cosmos: "cosmos", bias: "bias", andes: "andes" };
  var EN_KEEP_AFTER_1A = ["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"];
  var EN_STEP2 = [["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["abli", "able"], ["entli", "ent"],
    ["izer", "ize"], ["ization", "ize"], ["ational", "ate"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"],
    ["aliti", "al"], ["alli", "al"], ["fulness", "ful"], ["ousli", "ous"], ["ousness", "ous"], ["iveness", "ive"],
    ["iviti", "ive"], ["biliti", "ble"], ["bli", "ble"], ["ogi", "og"], ["fulli", "ful"], ["lessli", "less"], ["li", ""]];
  var EN_STEP3 = [["tional", "tion"], ["ational", "ate"], ["alize", "al"], ["icate", "ic"], ["iciti", "ic"],
    ["ical", "ic"], ["ful", ""], ["ness", ""], ["ative", ""]];
  var EN_STEP4 = ["al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism", "ate",
    "iti", "ous", "ive", "ize", "ion"];

  function enVowel(c) { return c !== undefined && "aeiouy".indexOf(c) >= 0; }

  // Ends (before position `end`) in a short syllable.
  function enShort(w, end) {
    var a = w[end - 3], b = w[end - 2], c = w[end - 1];
    if (end >= 3 && !enVowel(a) && enVowel(b) && !enVowel(c) && "wxY".indexOf(c) < 0) return true;
    return end === 2 && enVowel(b) && !enVowel(c);
  }

  function enRegions(w) {
    var n = w.length, p1 = n, p2 = n;
    var word = w.join("");
    var start = 0;
    var prefix = ["gener", "commun", "arsen"].filter(function (p) { return word.lastIndexOf(p, 0) === 0; })[0];
    function after(from) {
      var i = from;
      while (i < n && !enVowel(w[i])) i++;
      while (i < n && enVowel(w[i])) i++;
      return i < n ? i + 1 : n;
    }
    if (prefix) { p1 = prefix.length; } else { p1 = after(start); }
    p2 = after(p1);
    return { p1: p1, p2: p2 };
  }

  function endsWith(w, suffix) {
    return w.length >= suffix.length && w.slice(w.length - suffix.length).join("") === suffix;
  }

  function longestSuffix(w, list) {
    var best = null;
    list.forEach(function (s) {
      var text = typeof s === "string" ? s : s[0];
      if (endsWith(w, text) && (best === null || text.length > (typeof best === "string" ? best : best[0]).length)) best = s;
    });
    return best;
  }

  function replaceEnd(w, length, by) {
    return w.slice(0, w.length - length).concat(Array.from(by));
  }

  function stemEn(word) {
    var normal = normalize(word);
    if (Object.prototype.hasOwnProperty.call(EN_EXCEPTIONS, normal)) return EN_EXCEPTIONS[normal];
    var w = Array.from(normal);
    if (w.length < 3) return normal;
    // Prelude: no initial apostrophe; y as a consonant becomes Y.
    if (w[0] === "'") w = w.slice(1);
    if (w[0] === "y") w[0] = "Y";
    for (var i = 1; i < w.length; i++) if (w[i] === "y" && enVowel(w[i - 1])) w[i] = "Y";
    var r = enRegions(w);
    // Step 0 and 1a.
    var s0 = longestSuffix(w, ["'", "'s", "'s'"]);
    if (s0) w = w.slice(0, w.length - s0.length);
    var s1 = longestSuffix(w, ["sses", "ied", "ies", "s", "us", "ss"]);
    if (s1 === "sses") w = replaceEnd(w, 4, "ss");
    else if (s1 === "ied" || s1 === "ies") w = replaceEnd(w, 3, w.length - 3 >= 2 ? "i" : "ie");
    else if (s1 === "s") {
      var before = w.slice(0, w.length - 2);
      if (before.some(enVowel)) w = w.slice(0, w.length - 1);
    }
    if (EN_KEEP_AFTER_1A.indexOf(w.join("")) >= 0) return w.join("");
    w = enStep1b(w, r);
    // Step 1c.
    var last = w[w.length - 1];
    if ((last === "y" || last === "Y") && w.length > 2 && !enVowel(w[w.length - 2])) w[w.length - 1] = "i";
    w = enStep2(w, r);
    w = enStep3(w, r);
    w = enStep4(w, r);
    w = enStep5(w, r);
    return w.join("").replace(/Y/g, "y");
  }

  function enStep1b(w, r) {
    var s = longestSuffix(w, ["eed", "eedly", "ed", "edly", "ing", "ingly"]);
    if (s === null) return w;
    if (s === "eed" || s === "eedly") return w.length - s.length >= r.p1 ? replaceEnd(w, s.length, "ee") : w;
    var stem = w.slice(0, w.length - s.length);
    if (!stem.some(enVowel)) return w;
    var end = longestSuffix(stem, ["at", "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
    if (end === "at" || end === "bl" || end === "iz") return stem.concat(["e"]);
    if (end !== null) return stem.slice(0, stem.length - 1);
    if (stem.length === r.p1 && enShort(stem, stem.length)) return stem.concat(["e"]);
    return stem;
  }

  function enStep2(w, r) {
    var s = longestSuffix(w, EN_STEP2);
    if (s === null || w.length - s[0].length < r.p1) return w;
    if (s[0] === "ogi" && w[w.length - 4] !== "l") return w;
    if (s[0] === "li" && "cdeghkmnrt".indexOf(w[w.length - 3]) < 0) return w;
    return replaceEnd(w, s[0].length, s[1]);
  }

  function enStep3(w, r) {
    var s = longestSuffix(w, EN_STEP3);
    if (s === null || w.length - s[0].length < r.p1) return w;
    if (s[0] === "ative" && w.length - 5 < r.p2) return w;
    return replaceEnd(w, s[0].length, s[1]);
  }

  function enStep4(w, r) {
    var s = longestSuffix(w, EN_STEP4);
    if (s === null || w.length - s.length < r.p2) return w;
    if (s === "ion" && "st".indexOf(w[w.length - 4]) < 0) return w;
    return w.slice(0, w.length - s.length);
  }

  function enStep5(w, r) {
    var last = w[w.length - 1], at = w.length - 1;
    if (last === "e" && (at >= r.p2 || (at >= r.p1 && !enShort(w, at)))) return w.slice(0, at);
    if (last === "l" && at >= r.p2 && w[at - 1] === "l") return w.slice(0, at);
    return w;
  }

  // --- Irregular forms: the table of src/language/irregular.rs ----------------
  var IRREGULAR = {
    ru: [
      ["быть", "был была было были будет будут буду будем будешь будете будь будьте"],
      ["мочь", "могу можешь может можем можете могут мог могла могло могли"],
      ["идти", "иду идешь идет идем идете идут шел шла шло шли"],
      ["человек", "люди людей людям людьми людях"],
      ["ребенок", "дети детей детям детьми детях"],
      ["день", "дня дню днем дне дни дней дням днями днях"],
      ["хотеть", "хочу хочешь хочет"],
      ["дать", "дам дашь даст дадим дадите дадут"],
      ["взять", "возьму возьмешь возьмет возьмем возьмете возьмут"],
      ["год", "лет"]
    ],
    uk: [
      ["бути", "був була було були буду будеш буде будемо будете будуть є"],
      ["могти", "можу можеш може можемо можете можуть міг могла могло могли"],
      ["йти", "йду іду йдеш ідеш йде іде йдемо ідемо йдете йдуть ідуть йшов ішов йшла ішла йшло йшли ішли"],
      ["людина", "люди людей людям людьми людях"],
      ["дитина", "діти дітей дітям дітьми дітях"],
      ["день", "дня дню днем дні днів дням днями днях"],
      ["хотіти", "хочу хочеш хоче хочемо хочете хочуть"],
      ["рік", "роки року році років роком роках рокам роками"]
    ]
  };
  var DICTIONARY_FORM = { ru: Object.create(null), uk: Object.create(null) };
  Object.keys(IRREGULAR).forEach(function (language) {
    IRREGULAR[language].forEach(function (entry) {
      entry[1].split(" ").forEach(function (form) { DICTIONARY_FORM[language][form] = entry[0]; });
    });
  });

  // Whether a word is written in Latin letters (and no Cyrillic ones).
  function isLatin(word) {
    return /[a-z]/i.test(word) && !/[\u0400-\u04FF]/.test(word);
  }

  // The stem of a word in a book of `language`, as WordStemmer::stem gives it.
  function stem(language, word) {
    var normal = normalize(word);
    if (isLatin(normal)) return stemEn(normal);
    var table = DICTIONARY_FORM[language === "uk" ? "uk" : "ru"];
    if (table[normal] !== undefined) normal = table[normal];
    return language === "uk" ? stemUk(normal) : stemRu(normal);
  }

  var api = { normalize: normalize, words: words, wordsAt: wordsAt, stem: stem, stemRu: stemRu, stemUk: stemUk, stemEn: stemEn };
  root.standbookStem = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof window !== "undefined" ? window : globalThis);
