/* Search page: reads the static export written at build time (output/search/) and follows the same rules as
   `iopdir search` (iopdir/search.py): analysis, prefix matching, integer scores, AND filters, distance, ties by name.
   No data leaves the browser: every file comes from this site. */
import {csvLine, csvYes, downloadCsv, el, Expander, fetchJSON, langRoot, languageFacts, milesBetween, nearestSpelling,
  number, order, RAD, say, sayCount, sayWithLink, scoreClauses, shardsFor, terms} from './shared.js';
import {compareButton} from './tray.js';
import {glance} from './glance.js';

// The function keeps the early return below (a page without the search form), which a module's top level cannot.
(function () {

  var form = document.getElementById('search-form');
  if (!form) return;
  var SITE = form.getAttribute('data-site');  // the site's root: the search data, shared by every language
  var PAGES = langRoot(SITE);  // this language's pages (a result links to its program's page in the same language)
  var DATA = SITE + 'search/data/';
  var LANG = document.documentElement.lang || 'en';
  var PAGE = 20;
  // Titles are keys of facts.json: its "messages" (M), its facts' labels (fact:KEY) or its groups' headings (group:ID).
  var FLAG_GROUPS = [
    ['group_schedule', ['evening', 'weekend', 'online']],
    ['group_quality', ['accredited', 'family', 'aftercare']]
  ];
  var CHECKBOX_FACETS = [
    ['insurance', 'fact:insurance_programs', 'programs'],
    ['focus', 'fact:focus', null],
    ['condition', 'fact:conditions', 'details'],
    ['modality', 'fact:modalities', 'details'],
    ['population', 'group:serves', 'details'],
    ['medication', 'medications_for_addiction', 'details']
  ];
  var SELECT_FACETS = [['state', 'state', 'any_state'], ['insurance', 'named_carrier', 'any_carrier'],
    ['language', 'language', 'any_language']];
  var INSURANCE_PROGRAMS = ['medicaid', 'medicare', 'tricare', 'private', 'state_plan'];

  var meta = null, facetDocs = {}, facetFiles = {}, cells = {}, expander = null, spell = {};
  var ignored = [];  // filters of the address this site does not offer: said once, then left out
  var FACTS = null;  // the facts' labels and words (facts.json, written at build time from iopdir.listing.facts)
  var M = null;  // the scripts' words in this page's language (facts.json's messages: iopdir.listing.script_words)
  var DOCS = 'docs/';  // the result cards' folder: docs-LANG/ when the search data has this language's cards

  /* A title of the filters: a message, a fact's label or a group's heading (see FLAG_GROUPS). */
  function title(key) {
    if (key.lastIndexOf('fact:', 0) === 0) return FACTS.facts[key.slice(5)].label;
    if (key.lastIndexOf('group:', 0) === 0) {
      return FACTS.groups.filter(function (g) { return g[0] === key.slice(6); })[0][1];
    }
    return M[key];
  }
  var shards = {}, blocks = {}, zips = {}, bitsets = {};
  var stop = null, run = 0, shown = PAGE, lastResults = [];

  var q = document.getElementById('q'), near = document.getElementById('near');
  var miles = document.getElementById('miles'), sortBy = document.getElementById('sort');
  var filtersBox = document.getElementById('filters'), status = document.getElementById('status');
  var panel = document.getElementById('filters-panel'), active = document.getElementById('filters-active');
  var list = document.getElementById('results'), more = document.getElementById('more');
  var actions = document.getElementById('result-actions');
  var help = document.getElementById('search-help');

  function data(path) { return fetchJSON(DATA + path); }

  /* The term shards a query word can match (shared.shardsFor). */
  function loadShards(word) {
    return Promise.all(shardsFor(word, meta.shards).map(function (entry) {
      if (!shards[entry[1]]) shards[entry[1]] = data('terms/' + entry[1]);
      return shards[entry[1]];
    }));
  }

  /* A concept term's postings (iopdir.search.words), or null when no program has it: the shard holding it. */
  function loadConcept(concept) {
    return loadShards(concept).then(function (loaded) {
      for (var i = 0; i < loaded.length; i++) if (Object.prototype.hasOwnProperty.call(loaded[i], concept)) return loaded[i][concept];
      return null;
    });
  }

  /* Spelling candidates of the lengths a correction of `word` can have (iopdir.search.export: spell/N.json). */
  function loadSpelling(word) {
    var n = Array.from(word).length, edits = 2;
    return Promise.all(meta.spell.filter(function (len) { return Math.abs(len - n) <= edits; }).map(function (len) {
      if (!spell[len]) spell[len] = data('spell/' + len + '.json');
      return spell[len];
    })).then(function (lists) { return [].concat.apply([], lists); });
  }

  /* Documents with a facet value, as a byte per document: from the facet's file when the filters have loaded it
     (for their counts), else from the value's own small file. */
  function loadBitset(facet, value) {
    var id = facet + ':' + value;
    if (bitsets[id]) return Promise.resolve(bitsets[id]);
    var source = facetDocs[facet] ? Promise.resolve(facetDocs[facet][value] || [])
      : data('values/' + encodeURIComponent(facet) + '/' + encodeURIComponent(value) + '.json').catch(function () { return []; });
    return source.then(function (deltas) {
      var bits = new Uint8Array(meta.count), doc = 0;
      for (var i = 0; i < deltas.length; i++) { doc += deltas[i]; bits[doc] = 1; }
      bitsets[id] = bits;
      return bits;
    });
  }

  function loadFacet(facet) {
    if (!facetFiles[facet]) {
      facetFiles[facet] = data('facets/' + encodeURIComponent(facet) + '.json').then(function (got) {
        facetDocs[facet] = got;
        return got;
      });
    }
    return facetFiles[facet];
  }

  /* The facets whose filters are on screen: the open filters panel, less the groups still folded away. */
  function visibleFacets() {
    if (!panel.open) return [];
    return Object.keys(meta.facets).filter(function (facet) {
      var folded = filtersBox.querySelector('details[data-facet="' + facet + '"]');
      return !folded || folded.open;
    });
  }

  /* Program locations near a point: the map is cut into cells of meta.geo_cell degrees (see iopdir.export), and
     only the cells that can hold a place within `radius` miles are fetched. Returns document -> [[lat, lon], ...]. */
  function loadPlaces(origin, radius) {
    var size = meta.geo_cell, dlat = radius / 69.0 + 0.05;
    var widest = Math.min(89.9, Math.abs(origin[0]) + dlat) * RAD;
    var dlon = radius / (69.0 * Math.cos(widest)) + 0.05;
    var wanted = [];
    for (var a = Math.floor((origin[0] - dlat) / size); a <= Math.floor((origin[0] + dlat) / size); a++) {
      for (var b = Math.floor((origin[1] - dlon) / size); b <= Math.floor((origin[1] + dlon) / size); b++) {
        var cell = a + '_' + b;
        if (meta.cells.indexOf(cell) >= 0) wanted.push(cell);
      }
    }
    return Promise.all(wanted.map(function (cell) {
      if (!cells[cell]) cells[cell] = data('geo/' + cell + '.json');
      return cells[cell];
    })).then(function (loaded) {
      var places = new Map();
      loaded.forEach(function (entries) {
        entries.forEach(function (e) {
          if (!places.has(e[0])) places.set(e[0], []);
          places.get(e[0]).push([e[1], e[2]]);
        });
      });
      return places;
    });
  }

  function state() {
    var params = new URLSearchParams();
    if (q.value.trim()) params.set('q', q.value.trim());
    if (near.value.trim()) { params.set('near', near.value.trim()); params.set('miles', miles.value); }
    if (sortBy.value !== 'relevance') params.set('sort', sortBy.value);
    Array.prototype.forEach.call(filtersBox.querySelectorAll('input[type=checkbox]:checked'), function (box) {
      params.append(box.name, box.value);
    });
    Array.prototype.forEach.call(filtersBox.querySelectorAll('select'), function (sel) {
      if (sel.value) params.append(sel.name, sel.value);
    });
    return params;
  }

  function required(params) {
    var out = [];
    params.forEach(function (value, key) {
      if (meta.facets[key]) out.push([key, value]);
    });
    return out;
  }

  /* Filters in an address that no program here has (a mistyped or old link). */
  function unknownFilters(params) {
    var out = [];
    params.forEach(function (value, key) {
      if (meta.facets[key] && !meta.facets[key].some(function (p) { return p[0] === value; })) out.push([key, value]);
    });
    return out;
  }

  function restore(params) {
    ignored = unknownFilters(params);
    q.value = params.get('q') || '';
    near.value = params.get('near') || '';
    miles.value = params.get('miles') || '25';
    sortBy.value = params.get('sort') === 'distance' ? 'distance' : 'relevance';
    var wanted = {};
    params.forEach(function (value, key) { wanted[key + '\u0000' + value] = true; });
    Array.prototype.forEach.call(filtersBox.querySelectorAll('input[type=checkbox]'), function (box) {
      box.checked = !!wanted[box.name + '\u0000' + box.value];
    });
    Array.prototype.forEach.call(filtersBox.querySelectorAll('select'), function (sel) {
      var value = '';
      Array.prototype.forEach.call(sel.options, function (o) { if (o.value && wanted[sel.name + '\u0000' + o.value]) value = o.value; });
      sel.value = value;
    });
  }

  /* Programs matching `words` (already analysed) and `filters`, in the order of iopdir.search.query.answer():
     resolves to {results: [{doc, score, distance}], error, unknown: words that match nothing in the index}. */
  function matching(words, filters, params) {
    var clauses = expander.clauses(words);
    return Promise.all([
      Promise.all(clauses.map(function (c) {
        return Promise.all([Promise.all(c.words.map(loadShards)), Promise.all(c.concepts.map(loadConcept))]);
      })),
      Promise.all(filters.map(function (r) { return loadBitset(r[0], r[1]); }))
    ]).then(function (got) {
      var sets = got[1], scored = scoreClauses(clauses, got[0], meta.count);
      var results = [];
      scored.scores.forEach(function (score, doc) {
        for (var s = 0; s < sets.length; s++) if (!sets[s][doc]) return;
        results.push({doc: doc, score: score, distance: null});
      });
      var found = {results: results, unknown: scored.unknown, clauses: clauses};
      var zip = params.get('near'), sort = params.get('sort') === 'distance' ? 'distance' : 'relevance';
      if (!zip) {
        if (sort === 'distance') return {results: [], error: M.sort_needs_zip, unknown: []};
        found.results = order(results, words.length ? 'relevance' : 'name');
        return found;
      }
      if (!/^[0-9]{5}$/.test(zip)) return {results: [], error: M.zip_five_digits, unknown: []};
      var radius = parseFloat(params.get('miles') || '25');
      var prefix = zip.slice(0, 2);
      if (!zips[prefix]) zips[prefix] = data('zips/' + prefix + '.json').catch(function () { return {}; });
      return zips[prefix].then(function (centres) {
        var origin = centres[zip];
        if (!origin) return {results: [], error: say(M.zip_unknown, {zip: zip}), unknown: []};
        return loadPlaces(origin, radius).then(function (places) {
          var kept = [];
          results.forEach(function (r) {
            var best = null;
            (places.get(r.doc) || []).forEach(function (p) {
              var m = milesBetween(origin[0], origin[1], p[0], p[1]);
              if (best === null || m < best) best = m;
            });
            if (best !== null && best <= radius) { r.distance = best; kept.push(r); }
          });
          // With a ZIP code and no words, nearest first (as `iopdir search --near`).
          found.results = order(kept, sort === 'distance' || !words.length ? 'distance' : 'relevance');
          return found;
        });
      });
    });
  }

  /* The search data's words in this page's language (meta.json's "languages"), else its English ones. */
  function ownWords() { return (meta.languages || {})[LANG] || meta; }

  /* A filter value's label in this page's language. */
  function facetLabel(facet, value) {
    var values = meta.facets[facet] || [], labels = (ownWords().labels || {})[facet];
    for (var i = 0; i < values.length; i++) {
      if (values[i][0] === value) return labels ? labels[i] : values[i][1];
    }
    return value;
  }

  /* The filters the words name (iopdir.search.query.offers): [{facet, value, text, count}]. */
  function offersFor(found, filters) {
    var active = {}, wanted = [];
    filters.forEach(function (f) { active[f[0] + ':' + f[1]] = true; });
    found.clauses.forEach(function (clause) {
      if (!clause.exact) return;
      clause.concepts.forEach(function (concept) {
        var dot = concept.indexOf('.'), facet = concept.slice(1, dot), value = concept.slice(dot + 1);
        var key = facet + ':' + value;
        if (!meta.facets[facet] || active[key]) return;
        if (wanted.some(function (w) { return w.facet + ':' + w.value === key; })) return;
        if (!meta.facets[facet].some(function (p) { return p[0] === value; })) return;
        wanted.push({facet: facet, value: value});
      });
    });
    return Promise.all(wanted.map(function (w) { return loadBitset(w.facet, w.value); })).then(function (sets) {
      var out = [];
      wanted.forEach(function (w, i) {
        var n = 0;
        found.results.forEach(function (r) { if (sets[i][r.doc]) n++; });
        if (!n) return;
        var words = ownWords();
        var text = words.offer_wording[w.facet + ':' + w.value] || words.offers[w.facet].replace('{}', facetLabel(w.facet, w.value));
        out.push({facet: w.facet, value: w.value, text: text, count: n});
      });
      return out.slice(0, meta.max_offers);
    });
  }

  /* The search itself, as iopdir.search.query.answer(): resolves to {results: [{doc, score, distance}], error,
     corrected, offers, drops, notes}. */
  function search(params) {
    var typed = params.get('q') || '';
    var words = terms(typed, meta.min_length, stop);
    var filters = required(params), notes = [];
    if (words.length > meta.max_words) {
      notes.push(say(M.first_words_only, {n: number(meta.max_words)}));
      words = words.slice(0, meta.max_words);
    } else if (typed.trim() && !words.length) {
      notes.push(M.no_words);
    }
    filters.forEach(function (f) {
      if (!meta.facets[f[0]].some(function (p) { return p[0] === f[1]; })) {
        notes.push(say(M.unknown_filter, {facet: f[0], value: f[1]}));
      }
    });
    return matching(words, filters, params).then(function (found) {
      if (found.error || found.results.length || !words.length) return found;
      var unknown = {};
      found.unknown.forEach(function (w) { unknown[w] = true; });
      var pending = words.map(function (w) {
        if (!unknown[w]) return Promise.resolve(w);
        return loadSpelling(w).then(function (candidates) { return nearestSpelling(w, candidates) || w; });
      });
      return Promise.all(pending).then(function (fixed) {
        if (fixed.join(' ') === words.join(' ')) return found;
        words = fixed;
        return matching(fixed, filters, params).then(function (again) {
          again.corrected = fixed.join(' ');
          return again;
        });
      });
    }).then(function (found) {
      found.notes = notes;
      found.offers = [];
      found.drops = [];
      if (found.error) return found;
      if (found.results.length) {
        return offersFor(found, filters).then(function (offers) { found.offers = offers; return found; });
      }
      // Nothing: which filter to drop, and what that would give.
      return Promise.all(filters.map(function (f, i) {
        var fewer = filters.filter(function (_, j) { return j !== i; });
        return matching(words, fewer, params).then(function (without) {
          return {facet: f[0], value: f[1], label: facetLabel(f[0], f[1]), count: without.results.length};
        });
      })).then(function (drops) {
        found.drops = drops.filter(function (d) { return d.count > 0; });
        return found;
      });
    });
  }

  /* Turns a filter on (an offer) or off (a drop) in the form, then searches again. */
  function setFilter(facet, value, on) {
    var box = filtersBox.querySelector('input[type=checkbox][name="' + CSS.escape(facet) + '"][value="' + CSS.escape(value) + '"]');
    var sel = filtersBox.querySelector('select[name="' + CSS.escape(facet) + '"]');
    if (box) box.checked = on;
    else if (sel && on) sel.value = value;
    else if (sel && sel.value === value) sel.value = '';
    return update(true);
  }


  /* Spelling, offers, drops and notes under the status line. */
  function showHelp(found) {
    help.textContent = '';
    if (found.corrected) {
      var p = el('p', 'did-you-mean');
      var params = state();
      params.set('q', found.corrected);
      var a = el('a', null, found.corrected);
      a.href = location.pathname + '?' + params.toString();
      a.id = 'did-you-mean';
      a.addEventListener('click', function (event) {
        event.preventDefault();
        q.value = found.corrected;
        update(true);
      });
      help.appendChild(sayWithLink(p, M.did_you_mean, a, {query: q.value.trim()}));
    }
    if (found.offers.length) {
      var offers = el('ul', 'offers');
      found.offers.forEach(function (o) {
        var li = el('li');
        var b = el('button', 'secondary offer', o.text + ' — ' + number(o.count));
        b.type = 'button';
        b.setAttribute('data-filter', o.facet + '=' + o.value);
        b.addEventListener('click', function () { setFilter(o.facet, o.value, true); });
        li.appendChild(b);
        offers.appendChild(li);
      });
      help.appendChild(offers);
    }
    if (found.drops.length) {
      help.appendChild(el('p', null, M.fewer_filters));
      var drops = el('ul', 'drops');
      found.drops.forEach(function (d) {
        var li = el('li');
        var b = el('button', 'secondary drop', say(M.without_filter, {label: d.label,
          programs: sayCount(M.programs, d.count)}));
        b.type = 'button';
        b.setAttribute('data-filter', d.facet + '=' + d.value);
        b.addEventListener('click', function () { setFilter(d.facet, d.value, false); });
        li.appendChild(b);
        drops.appendChild(li);
      });
      help.appendChild(drops);
    }
    found.notes.concat(ignored.map(function (f) {
      return say(M.unknown_filter_left_out, {facet: f[0], value: f[1]});
    })).forEach(function (text) { help.appendChild(el('p', 'note', text)); });
    ignored = [];
    help.hidden = !help.firstChild;
  }

  function cards(docs) {
    var needed = {};
    docs.forEach(function (d) { needed[Math.floor(d / meta.block)] = true; });
    return Promise.all(Object.keys(needed).map(function (b) {
      if (!blocks[b]) blocks[b] = data(DOCS + b + '.json');
      return blocks[b];
    })).then(function () {
      return Promise.all(docs.map(function (d) {
        return blocks[Math.floor(d / meta.block)].then(function (block) { return block[d % meta.block]; });
      }));
    });
  }

  function resultItem(r, card) {
    var li = el('li', 'card result');
    var h = el('h2');
    var a = el('a', null, card.name);
    a.href = PAGES + 'programs/' + card.id + '/';
    h.appendChild(a);
    li.appendChild(h);
    var place = card.online_only ? FACTS.words.online_only : card.city + ', ' + card.state;
    if (r.distance !== null) {
      place += ' · ' + say(M.miles_away, {miles: number(r.distance, {minimumFractionDigits: 1,
        maximumFractionDigits: 1})});
    }
    li.appendChild(el('p', 'org', card.org + ' · ' + place));
    // At a glance, as the program page and a state page's card show it (glance.js, iopdir/pages.py).
    li.appendChild(glance(card.glance, FACTS, 3));
    if (card.status === 'temporarily_closed') li.appendChild(el('p', 'warn', FACTS.words.temporarily_closed));
    var badge = FACTS.freshness[card.freshness];
    var verified = el('p', 'verified');
    verified.appendChild(el('span', 'badge badge-' + card.freshness, badge));
    verified.appendChild(document.createTextNode(' ' + FACTS.facts.last_verified.label + ' ' + card.verified));
    li.appendChild(verified);
    // "Add to comparison" (tray.js).
    li.appendChild(compareButton(card.id, card.name));
    return li;
  }

  /* Counts are shown with the filters: each facet's documents load when its filters first come on screen. */
  function updateCounts(results) {
    var facets = visibleFacets();
    if (!facets.length) return Promise.resolve();
    return Promise.all(facets.map(loadFacet)).then(function () {
      return Promise.all(facets.map(function (facet) {
        return Promise.all(meta.facets[facet].map(function (pair) { return loadBitset(facet, pair[0]); }));
      }));
    }).then(function (all) {
      if (results !== lastResults) return;
      facets.forEach(function (facet, f) {
        meta.facets[facet].forEach(function (pair, v) {
          var bits = all[f][v], n = 0;
        for (var i = 0; i < results.length; i++) if (bits[results[i].doc]) n++;
        var selector = '[data-count="' + CSS.escape(facet + ':' + pair[0]) + '"]';
        Array.prototype.forEach.call(filtersBox.querySelectorAll(selector), function (node) {
          var text = '(' + number(n) + ')';
          if (node.tagName === 'OPTION') node.textContent = facetLabel(facet, pair[0]) + ' ' + text;
          else node.textContent = text;
        });
        });
      });
      panel.setAttribute('data-counts-ready', String(run));
    });
  }

  function showActive() {
    var on = required(state()).map(function (r) { return facetLabel(r[0], r[1]); });
    active.textContent = on.length ? say(M.filters_on, {n: number(on.length), list: on.join(', ')}) : '';
  }

  function render(found, start) {
    var results = found.results;
    lastResults = results;
    if (found.offers) showHelp(found);
    var counted = updateCounts(results);
    showActive();
    var n = results.length;
    if (found.error) status.textContent = found.error;
    else if (!n) status.textContent = M.no_match;
    else status.textContent = sayCount(M.matches, n);
    var page = results.slice(0, shown);
    return Promise.all([cards(page.map(function (r) { return r.doc; })), counted]).then(function (both) {
      var got = both[0];
      if (start !== run) return;
      list.textContent = '';
      page.forEach(function (r, i) {
        var item = resultItem(r, got[i]);
        item.setAttribute('data-id', got[i].id);
        list.appendChild(item);
      });
      more.hidden = results.length <= shown;
      actions.hidden = results.length === 0;
      list.removeAttribute('aria-busy');
      document.documentElement.setAttribute('data-search-ready', String(start));
    });
  }

  function update(push) {
    var params = state();
    var url = location.pathname + (params.toString() ? '?' + params.toString() : '');
    if (url !== location.pathname + location.search) {
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    }
    shown = PAGE;
    var mine = ++run;
    // The list is busy from the moment its search starts until that search's cards are drawn (the count above it is
    // written first): a screen reader waits, and so can a test.
    list.setAttribute('aria-busy', 'true');
    return search(params).then(function (found) {
      if (mine === run) return render(found, mine);
    }).catch(function (err) {
      if (mine === run) list.removeAttribute('aria-busy');
      throw err;
    });
  }

  function checkbox(facet, value, text) {
    var wrap = el('div', 'check');
    var box = el('input');
    box.type = 'checkbox';
    box.name = facet;
    box.value = value;
    box.id = 'f-' + facet + '-' + value;
    var label = el('label', null, text + ' ');
    label.htmlFor = box.id;
    var count = el('span', 'count');
    count.setAttribute('data-count', facet + ':' + value);
    label.appendChild(count);
    wrap.appendChild(box);
    wrap.appendChild(label);
    return wrap;
  }

  function group(title, collapsible, facet) {
    var box = el('fieldset', 'filter-group');
    box.appendChild(el('legend', null, title));
    if (!collapsible) return {outer: box, inner: box};
    var details = el('details');
    details.setAttribute('data-facet', facet);
    details.addEventListener('toggle', function () { if (details.open) updateCounts(lastResults); });
    details.appendChild(el('summary', null, say(M.show_group, {title: title.toLocaleLowerCase(LANG)})));
    box.appendChild(details);
    return {outer: box, inner: details};
  }

  function buildFilters() {
    var labels = {};
    Object.keys(meta.facets).forEach(function (facet) {
      labels[facet] = {};
      meta.facets[facet].forEach(function (pair) { labels[facet][pair[0]] = facetLabel(facet, pair[0]); });
    });
    FLAG_GROUPS.forEach(function (g) {
      var box = group(title(g[0]), false);
      g[1].forEach(function (flag) {
        if (labels.flag[flag]) box.inner.appendChild(checkbox('flag', flag, labels.flag[flag]));
      });
      filtersBox.appendChild(box.outer);
    });
    CHECKBOX_FACETS.forEach(function (spec) {
      var values = (meta.facets[spec[0]] || []).filter(function (pair) {
        return spec[0] !== 'insurance' || INSURANCE_PROGRAMS.indexOf(pair[0]) >= 0;
      });
      if (!values.length) return;
      var box = group(title(spec[1]), spec[2] === 'details', spec[0]);
      values.forEach(function (pair) { box.inner.appendChild(checkbox(spec[0], pair[0], labels[spec[0]][pair[0]])); });
      filtersBox.appendChild(box.outer);
    });
    var selects = el('div', 'filter-selects');
    SELECT_FACETS.forEach(function (spec) {
      var values = (meta.facets[spec[0]] || []).filter(function (pair) {
        return spec[0] !== 'insurance' || INSURANCE_PROGRAMS.indexOf(pair[0]) < 0;
      });
      if (!values.length) return;
      var wrap = el('div');
      var sel = el('select');
      sel.name = spec[0];
      sel.id = 'f-' + spec[0] + '-select';
      var label = el('label', null, title(spec[1]));
      label.htmlFor = sel.id;
      var any = el('option', null, title(spec[2]));
      any.value = '';
      sel.appendChild(any);
      values.forEach(function (pair) {
        var o = el('option', null, labels[spec[0]][pair[0]]);
        o.value = pair[0];
        o.setAttribute('data-count', spec[0] + ':' + pair[0]);
        sel.appendChild(o);
      });
      wrap.appendChild(label);
      wrap.appendChild(sel);
      selects.appendChild(wrap);
    });
    filtersBox.appendChild(selects);
    panel.hidden = false;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    update(true).then(function () { status.focus && status.setAttribute('tabindex', '-1'); });
  });
  q.addEventListener('input', function () { update(false); });
  near.addEventListener('input', function () {
    if (/^[0-9]{5}$/.test(near.value.trim()) || !near.value.trim()) update(true);
  });
  form.addEventListener('change', function (event) {
    if (event.target === q || event.target === near) return;
    update(true);
  });
  more.addEventListener('click', function () {
    var first = shown;
    shown += PAGE;
    render({results: lastResults}, run).then(function () {
      var next = list.children[first];
      if (next) next.querySelector('a').focus();
    });
  });
  panel.addEventListener('toggle', function () {
    if (panel.open) updateCounts(lastResults);
  });
  window.addEventListener('popstate', function () {
    restore(new URLSearchParams(location.search));
    update(false);
  });

  /* CSV of every result, with the columns and wording of `iopdir search --format csv` (iopdir/cli/search.py): its
     cells are written by shared.csvLine. */
  var CSV_COLUMNS = ['id', 'name', 'city', 'state', 'miles', 'hours_per_week', 'evening', 'weekend', 'online',
    'insurance', 'freshness', 'last_verified', 'url'];
  function resultsCsv(results) {
    return cards(results.map(function (r) { return r.doc; })).then(function (got) {
      var rows = [csvLine(CSV_COLUMNS)];
      results.forEach(function (r, i) {
        var c = got[i], h = c.hours;
        rows.push(csvLine([c.id, c.name, c.city || '', c.state, r.distance === null ? '' : r.distance.toFixed(1),
          h ? (h[0] === h[1] ? String(h[0]) : h[0] + '-' + h[1]) : '', csvYes(c.evening), csvYes(c.weekend),
          csvYes(c.online), c.insurance, c.freshness, c.verified, 'programs/' + c.id + '/']));
      });
      return rows.join('\n') + '\n';
    });
  }
  document.getElementById('results-csv').addEventListener('click', function () {
    resultsCsv(lastResults).then(function (text) { downloadCsv(text, 'iop-programs.csv'); });
  });
  document.getElementById('results-print').addEventListener('click', function () {
    // Print shows every result, not only the first page of them.
    shown = lastResults.length;
    render({results: lastResults}, run).then(function () { window.print(); });
  });

  /* The page's own search, callable with a query string: the consistency tests compare it with `iopdir search`. */
  window.iopdirSearchCsv = function (query) {
    return search(new URLSearchParams(query)).then(function (found) { return resultsCsv(found.results); });
  };
  window.iopdirSearch = function (query) {
    return search(new URLSearchParams(query)).then(function (found) {
      return cards(found.results.map(function (r) { return r.doc; })).then(function (got) {
        return {error: found.error || null, corrected: found.corrected || null, offers: found.offers,
          drops: found.drops, notes: found.notes, results: found.results.map(function (r, i) {
            return {id: got[i].id, score: r.score, distance: r.distance};
          })};
      });
    });
  };

  Promise.all([data('meta.json'), languageFacts(SITE)]).then(function (got) {
    meta = got[0];
    FACTS = got[1];
    M = FACTS.messages;
    if ((meta.languages || {})[LANG]) DOCS = 'docs-' + LANG + '/';
    expander = new Expander(meta.words);
    stop = new Set(meta.stop);
    buildFilters();
    restore(new URLSearchParams(location.search));
    return update(false);
  }).catch(function (err) {
    // (Without this language's words, only what went wrong: the scripts hold no words of their own.)
    status.textContent = M ? say(M.search_failed, {error: err.message}) : err.message;
  });
}());
