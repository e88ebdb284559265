/* What the browser scripts share: the twins of Python code, which must give Python's answers (the browser tests hold
   them to it), and the small helpers more than one script needs. Scripts import it as './shared.js', relative to
   their own address, so it is found from a page at any depth and with relative URLs. */

/* ---- Page helpers ---- */

/* A JSON file of the site; rejects with "url: status" when it is not there (each page says so in its status line). */
export function fetchJSON(url) {
  return fetch(url).then(function (r) {
    if (!r.ok) throw new Error(url + ': ' + r.status);
    return r.json();
  });
}

/* ---- Words: every word a script shows comes from its language's facts.json (written at build time per language:
   iopdir.listing.facts.export, its "messages" from iopdir.listing.script_words), never from the scripts. ---- */

/* Where the pages of this page's language are (<html data-lang-root>: "/" for English, "/es/" for Spanish), or
   `fallback` (the site's root) on a page without it. */
export function langRoot(fallback) {
  var root = document.documentElement.getAttribute('data-lang-root');
  return root !== null ? root : fallback;
}

var factsFile = null, locale = null;
/* This language's facts.json, fetched once a page (search, compare and the tray all read it). */
export function languageFacts(fallback) {
  if (!factsFile) {
    factsFile = fetchJSON(langRoot(fallback) + 'facts.json').then(function (facts) {
      locale = facts.messages.locale;
      return facts;
    });
  }
  return factsFile;
}

/* The locale numbers and plurals follow: the language's, as Python formats it (iopdir.i18n.locale: "es-US", whose
   1,275.5 US readers read right, where plain "es" writes 1275,5), else the page's language. */
function numberLocale() { return locale || document.documentElement.lang || 'en'; }

/* A number as the page's language writes it (1,275 in en-US and es-US alike); `options`: Intl.NumberFormat's. */
export function number(n, options) { return new Intl.NumberFormat(numberLocale(), options).format(n); }

/* A message with its {name} places filled from `values`. */
export function say(text, values) {
  return String(text).replace(/\{([a-z_]+)\}/g, function (whole, name) {
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
  });
}

/* The form of a plural message ([one, other]) for `n`, with {n} (as a number of the page's language) filled. */
export function sayCount(forms, n, values) {
  var one = new Intl.PluralRules(numberLocale()).select(n) === 'one';
  var filled = {n: number(n)};
  Object.keys(values || {}).forEach(function (k) { filled[k] = values[k]; });
  return say(one ? forms[0] : forms[1], filled);
}

/* A message with a node (a link) in its {link} place: appended to `parent` as text, the node, text. */
export function sayWithLink(parent, text, node, values) {
  var parts = say(text, values).split('{link}');
  parent.appendChild(document.createTextNode(parts[0]));
  parent.appendChild(node);
  if (parts.length > 1) parent.appendChild(document.createTextNode(parts.slice(1).join('')));
  return parent;
}

export function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/* Offers `text` as a file to save, made in the browser: nothing is sent anywhere. */
export function downloadCsv(text, filename) {
  var a = el('a');
  a.href = URL.createObjectURL(new Blob([text], {type: 'text/csv;charset=utf-8'}));
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
}

/* ---- Search: the twins of iopdir.search (analysis, export, query) ---- */

/* The twin of iopdir.search.analysis.terms(). */
export function terms(text, minLength, stop) {
  var folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  var found = folded.match(/[\p{L}\p{N}]+/gu) || [];
  return found.filter(function (t) { return Array.from(t).length >= minLength && !stop.has(t); });
}

/* The term shards a query word can match (see iopdir.search.export.shard): the one whose prefix starts the word,
   or, for a short word, every shard whose prefix starts with the word. `table` is meta.shards. */
export function shardsFor(word, table) {
  return table.filter(function (entry) {
    var key = entry[0], exact = entry[2];
    return key.lastIndexOf(word, 0) === 0 || (!exact && word.lastIndexOf(key, 0) === 0);
  });
}

/* The twin of iopdir.search.words.Expander: which concepts (facts' values) a query's words mean. `table` is the
   search metadata's `words`: phrase -> concept terms. */
export function Expander(table) {
  this.table = table;
  this.longest = 1;
  var byWord = {};
  Object.keys(table).forEach(function (phrase) {
    var words = phrase.split(' ');
    if (words.length > this.longest) this.longest = words.length;
    words.forEach(function (w) {
      if (!byWord[w]) byWord[w] = {};
      table[phrase].forEach(function (c) { byWord[w][c] = true; });
    });
  }, this);
  this.byWord = {};
  Object.keys(byWord).forEach(function (w) { this.byWord[w] = Object.keys(byWord[w]).sort(); }, this);
}

function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

/* Expander.word(): the concepts of the one-word phrase it equals, else of every phrase it is a whole word of, else
   of every one-word phrase it starts. */
Expander.prototype.word = function (word) {
  if (own(this.table, word)) return {concepts: this.table[word], exact: true};
  if (own(this.byWord, word)) return {concepts: this.byWord[word], exact: false};
  var found = {}, table = this.table;
  Object.keys(table).forEach(function (phrase) {
    if (phrase.indexOf(' ') < 0 && phrase.lastIndexOf(word, 0) === 0) table[phrase].forEach(function (c) { found[c] = true; });
  });
  return {concepts: Object.keys(found).sort(), exact: false};
};

/* Expander.clauses(): {words, concepts, exact} clauses, longest phrase first, left to right. */
Expander.prototype.clauses = function (words) {
  var out = [], i = 0;
  while (i < words.length) {
    var matched = false;
    for (var k = Math.min(this.longest, words.length - i); k > 1; k--) {
      var phrase = words.slice(i, i + k).join(' ');
      if (own(this.table, phrase)) {
        out.push({words: words.slice(i, i + k), concepts: this.table[phrase], exact: true});
        i += k;
        matched = true;
        break;
      }
    }
    if (!matched) {
      var one = this.word(words[i]);
      out.push({words: [words[i]], concepts: one.concepts, exact: one.exact});
      i += 1;
    }
  }
  return out;
};

/* A word's best score in each document among the terms it starts (the shards it can match), and whether any term
   of the index starts with it. */
function wordScores(word, shards) {
  var best = new Map(), any = false;
  shards.forEach(function (shard) {
    Object.keys(shard).forEach(function (term) {
      if (term.lastIndexOf(word, 0) !== 0) return;
      any = true;
      var pairs = shard[term], doc = 0;
      for (var k = 0; k < pairs.length; k += 2) {
        doc += pairs[k];
        var prev = best.get(doc);
        if (prev === undefined || pairs[k + 1] > prev) best.set(doc, pairs[k + 1]);
      }
    });
  });
  return {best: best, any: any};
}

/* The scores of iopdir.search.query._scores(): a clause gives a document the best of its concepts' scores and its
   words' text score (each word's best term, all words needed, summed); every clause must match, their scores add
   up. `loaded[i]` is [the shards of each word of clauses[i], the postings of each of its concepts (or null)]. No
   clauses: every one of the `count` documents, scored 0. Returns {scores: Map document -> score, unknown: the
   one-word clauses' words that match nothing in the index}. */
export function scoreClauses(clauses, loaded, count) {
  var scores = null, unknown = [];
  if (!clauses.length) {
    scores = new Map();
    for (var d = 0; d < count; d++) scores.set(d, 0);
    return {scores: scores, unknown: unknown};
  }
  clauses.forEach(function (clause, i) {
    var text = null;
    clause.words.forEach(function (word, w) {
      var got = wordScores(word, loaded[i][0][w]);
      if (!got.any && !clause.concepts.length && clause.words.length === 1) unknown.push(word);
      if (text === null) { text = got.best; return; }
      var next = new Map();
      text.forEach(function (total, doc) { if (got.best.has(doc)) next.set(doc, total + got.best.get(doc)); });
      text = next;
    });
    var found = new Map(text);
    loaded[i][1].forEach(function (pairs) {
      var doc = 0;
      for (var k = 0; pairs && k < pairs.length; k += 2) {
        doc += pairs[k];
        var prev = found.get(doc);
        if (prev === undefined || pairs[k + 1] > prev) found.set(doc, pairs[k + 1]);
      }
    });
    if (scores === null) { scores = found; return; }
    var next = new Map();
    scores.forEach(function (total, doc) { if (found.has(doc)) next.set(doc, total + found.get(doc)); });
    scores = next;
  });
  return {scores: scores, unknown: unknown};
}

/* The twin of iopdir.search.query.distance(): edits, an adjacent transposition counting one. */
export function editDistance(a, b) {
  a = Array.from(a);
  b = Array.from(b);
  var before = null, prev = [];
  for (var j = 0; j <= b.length; j++) prev.push(j);
  for (var i = 1; i <= a.length; i++) {
    var row = [i];
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/* The twin of iopdir.search.query.allowed_edits(). */
export function allowedEdits(word) {
  var n = Array.from(word).length;
  return n < 3 ? 0 : (n <= 4 ? 1 : 2);
}

/* The twin of iopdir.search.query.spelling(): among [word, programs] candidates, the nearest (fewest edits, then
   most programs, then alphabetical); null when none is near enough. */
export function nearestSpelling(word, candidates) {
  var edits = allowedEdits(word), n = Array.from(word).length, best = null;
  if (!edits) return null;
  candidates.forEach(function (entry) {
    var c = entry[0];
    if (c === word || Math.abs(Array.from(c).length - n) > edits) return;
    var d = editDistance(word, c);
    if (d > edits) return;
    var key = [d, -entry[1], c];
    if (best === null || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] ||
        (key[1] === best[1] && key[2] < best[2])))) best = key;
  });
  return best === null ? null : best[2];
}

/* The order of iopdir.search.query.run(): by score or distance, ties (and 'name') in the documents' order. */
export function order(results, how) {
  results.sort(function (a, b) {
    if (how === 'relevance' && a.score !== b.score) return b.score - a.score;
    if (how === 'distance' && a.distance !== b.distance) return a.distance - b.distance;
    return a.doc - b.doc;
  });
  return results;
}

/* The twin of iopdir.listing.geography.miles_between() and the rounding in iopdir.search.query.miles(). */
export var RAD = Math.PI / 180;
export function milesBetween(lat1, lon1, lat2, lon2) {
  var p1 = lat1 * RAD, p2 = lat2 * RAD, dp = p2 - p1, dl = (lon2 - lon1) * RAD;
  var s1 = Math.sin(dp / 2), s2 = Math.sin(dl / 2);
  var a = s1 * s1 + Math.cos(p1) * Math.cos(p2) * s2 * s2;
  return Math.floor(2 * 3958.8 * Math.asin(Math.sqrt(a)) * 10 + 0.5) / 10;
}

/* ---- Comparison data and the checklist: the twins of iopdir.build.datafiles and iopdir.choosing.checklist ---- */

/* The shard that holds a program's data: FNV-1a (32 bits) of its id modulo the shard count, as
   iopdir.build.datafiles.shard_of. Ids are ASCII (device.validId), so a character code is its UTF-8 byte. */
export function shardOf(id, count) {
  var h = 0x811c9dc5;
  for (var i = 0; i < id.length; i++) {
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h % count;
}

export var VERDICT_OF = {m: 'meets', f: 'fails', u: 'unknown'};  // a verdict letter (ages, atoms) in words

/* Choice.owns(): spec is [key, null | value | [values]]. */
function owns(spec, key, value) {
  if (spec[0] !== key) return false;
  if (spec[1] === null) return true;
  return Array.isArray(spec[1]) ? spec[1].indexOf(value) >= 0 : spec[1] === value;
}

/* Item.chosen(): the person's [key, value] choices that this checklist item asks about. */
export function chosen(item, pairs) {
  return pairs.filter(function (p) { return item.owns.some(function (spec) { return owns(spec, p[0], p[1]); }); });
}

/* atom(): one chosen value's verdict from a program's exported atoms and ages. */
function atom(program, key, value, maxAge) {
  if (key === 'age') {
    if (!/^[0-9]{1,3}$/.test(value)) return 'unknown';
    return VERDICT_OF[program.ages.charAt(Math.min(parseInt(value, 10), maxAge))];
  }
  return program.atoms[key + ':' + value] || 'unknown';
}

/* Item.verdict() and combine(): any "fails" fails, else any "unknown" is unknown, else it meets; null when the
   person chose nothing this item asks about. */
export function verdict(item, program, pairs, maxAge) {
  var mine = chosen(item, pairs);
  if (!mine.length) return null;
  var found = mine.map(function (p) { return atom(program, p[0], p[1], maxAge); });
  if (found.indexOf('fails') >= 0) return 'fails';
  return found.indexOf('unknown') >= 0 ? 'unknown' : 'meets';
}

/* ---- CSV: the twin of the CSV that `iopdir search --format csv` writes (iopdir/tools/table.py) ---- */

/* Every cell quoted, and an apostrophe before every place a spreadsheet may start a formula (OWASP's advice):
   listings are written by strangers. Such a place is the start of the value, or a separator a spreadsheet may split
   on (, ; tab) or a line break inside it, followed (past spaces and quotes) by = + - @, a tab or a carriage return.
   The quotes are not enough: where ';' is the list separator, or in a reader that ignores quotes, `Harbor IOP;=1+1`
   is two cells, the second `=1+1`. The twin of defused() in iopdir/tools/table.py: the bytes must be the same. */
var FORMULA_AT_START = /^[ "]*[=+\-@\t\r]/;
var FORMULA_AFTER = /([,;\t\r\n])(?=[ "]*[=+\-@\t\r])/g;

export function csvCell(value) {
  var text = String(value), inside = text.replace(FORMULA_AFTER, "$1'");
  return '"' + (FORMULA_AT_START.test(text) ? "'" + inside : inside).replace(/"/g, '""') + '"';
}

export function csvLine(cells) { return cells.map(csvCell).join(','); }

/* The CSV's yes/no wording, as iopdir/cli/search.py's _yes(). */
export function csvYes(value) { return value === null || value === undefined ? 'not reported' : (value ? 'yes' : 'no'); }
