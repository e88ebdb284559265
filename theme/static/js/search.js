/* Search page: reads the static export written at build time (output/search/) and follows the same rules as
   `iopdir search` (iopdir/search.py): analysis, prefix matching, integer scores, AND filters, distance, ties by name.
   No data leaves the browser: every file comes from this site. */
import {csvLine, csvYes, downloadCsv, el, fetchJSON, milesBetween, order, RAD, scoreDocuments, shardsFor, terms} from './shared.js';
import {compareButton} from './tray.js';
import {glance} from './glance.js';

// The function keeps the early return below (a page without the search form), which a module's top level cannot.
(function () {

  var form = document.getElementById('search-form');
  if (!form) return;
  var DATA = form.getAttribute('data-site') + 'search/data/';
  var PAGE = 20;
  var FLAG_GROUPS = [
    ['Schedule', ['evening', 'weekend', 'online']],
    ['Quality and support', ['accredited', 'family', 'aftercare']]
  ];
  var CHECKBOX_FACETS = [
    ['insurance', 'Insurance accepted', 'programs'],
    ['focus', 'Treats', null],
    ['condition', 'Conditions', 'details'],
    ['modality', 'Therapies and approaches', 'details'],
    ['population', 'Who it serves', 'details']
  ];
  var SELECT_FACETS = [['state', 'State', 'Any state'], ['insurance', 'Named insurance carrier', 'Any carrier'],
    ['language', 'Language', 'Any language']];
  var INSURANCE_PROGRAMS = ['medicaid', 'medicare', 'tricare', 'private', 'state_plan'];

  var meta = null, facetDocs = {}, facetFiles = {}, cells = {};
  var FACTS = null;  // the facts' labels and words (facts.json, written at build time from iopdir.listing.facts)
  var shards = {}, blocks = {}, zips = {}, bitsets = {};
  var stop = null, run = 0, shown = PAGE, lastResults = [];

  var q = document.getElementById('q'), near = document.getElementById('near');
  var miles = document.getElementById('miles'), sortBy = document.getElementById('sort');
  var filtersBox = document.getElementById('filters'), status = document.getElementById('status');
  var panel = document.getElementById('filters-panel'), active = document.getElementById('filters-active');
  var list = document.getElementById('results'), more = document.getElementById('more');
  var actions = document.getElementById('result-actions');

  function data(path) { return fetchJSON(DATA + path); }

  /* The term shards a query word can match (shared.shardsFor). */
  function loadShards(word) {
    return Promise.all(shardsFor(word, meta.shards).map(function (entry) {
      if (!shards[entry[1]]) shards[entry[1]] = data('terms/' + entry[1]);
      return shards[entry[1]];
    }));
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

  function restore(params) {
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

  /* The search itself: resolves to {results: [{doc, score, distance}], error}. */
  function search(params) {
    var words = terms(params.get('q') || '', meta.min_length, stop);
    var filters = required(params);
    return Promise.all([
      Promise.all(words.map(loadShards)),
      Promise.all(filters.map(function (r) { return loadBitset(r[0], r[1]); }))
    ]).then(function (got) {
      var sets = got[1], scores = scoreDocuments(words, got[0], meta.count);
      var results = [];
      scores.forEach(function (score, doc) {
        for (var s = 0; s < sets.length; s++) if (!sets[s][doc]) return;
        results.push({doc: doc, score: score, distance: null});
      });
      var zip = params.get('near'), sort = params.get('sort') === 'distance' ? 'distance' : 'relevance';
      if (!zip) {
        if (sort === 'distance') return {results: [], error: 'To sort by distance, enter a ZIP code.'};
        return {results: order(results, words.length ? 'relevance' : 'name')};
      }
      if (!/^[0-9]{5}$/.test(zip)) return {results: [], error: 'A ZIP code has five digits.'};
      var radius = parseFloat(params.get('miles') || '25');
      var prefix = zip.slice(0, 2);
      if (!zips[prefix]) zips[prefix] = data('zips/' + prefix + '.json').catch(function () { return {}; });
      return zips[prefix].then(function (centres) {
        var origin = centres[zip];
        if (!origin) return {results: [], error: 'We do not know the ZIP code ' + zip + '.'};
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
          return {results: order(kept, sort === 'distance' ? 'distance' : (words.length ? 'relevance' : 'name'))};
        });
      });
    });
  }

  function cards(docs) {
    var needed = {};
    docs.forEach(function (d) { needed[Math.floor(d / meta.block)] = true; });
    return Promise.all(Object.keys(needed).map(function (b) {
      if (!blocks[b]) blocks[b] = data('docs/' + b + '.json');
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
    a.href = form.getAttribute('data-site') + 'programs/' + card.id + '/';
    h.appendChild(a);
    li.appendChild(h);
    var place = card.online_only ? FACTS.words.online_only : card.city + ', ' + card.state;
    if (r.distance !== null) place += ' · ' + r.distance.toFixed(1) + ' miles away';
    li.appendChild(el('p', 'org', card.org + ' · ' + place));
    // At a glance, as the program page and a state page's card show it (glance.js, _glance.html).
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
          var text = '(' + n + ')';
          if (node.tagName === 'OPTION') node.textContent = pair[1] + ' ' + text;
          else node.textContent = text;
        });
        });
      });
      panel.setAttribute('data-counts-ready', String(run));
    });
  }

  function showActive() {
    var on = required(state()).map(function (r) {
      var pair = (meta.facets[r[0]] || []).filter(function (p) { return p[0] === r[1]; })[0];
      return pair ? pair[1] : r[1];
    });
    active.textContent = on.length ? '(' + on.length + ' on: ' + on.join(', ') + ')' : '';
  }

  function render(found, start) {
    var results = found.results;
    lastResults = results;
    var counted = updateCounts(results);
    showActive();
    var n = results.length;
    if (found.error) status.textContent = found.error;
    else if (!n) status.textContent = 'No programs match. Try fewer filters, other words, or a wider distance.';
    else status.textContent = n + (n === 1 ? ' program matches.' : ' programs match.');
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
    return search(params).then(function (found) {
      if (mine === run) return render(found, mine);
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
    details.appendChild(el('summary', null, 'Show ' + title.toLowerCase()));
    box.appendChild(details);
    return {outer: box, inner: details};
  }

  function buildFilters() {
    var labels = {};
    Object.keys(meta.facets).forEach(function (facet) {
      labels[facet] = {};
      meta.facets[facet].forEach(function (pair) { labels[facet][pair[0]] = pair[1]; });
    });
    FLAG_GROUPS.forEach(function (g) {
      var box = group(g[0], false);
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
      var box = group(spec[1], spec[2] === 'details', spec[0]);
      values.forEach(function (pair) { box.inner.appendChild(checkbox(spec[0], pair[0], pair[1])); });
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
      var label = el('label', null, spec[1]);
      label.htmlFor = sel.id;
      var any = el('option', null, spec[2]);
      any.value = '';
      sel.appendChild(any);
      values.forEach(function (pair) {
        var o = el('option', null, pair[1]);
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
        return {error: found.error || null, results: found.results.map(function (r, i) {
          return {id: got[i].id, score: r.score, distance: r.distance};
        })};
      });
    });
  };

  Promise.all([data('meta.json'), fetchJSON(form.getAttribute('data-site') + 'facts.json')]).then(function (got) {
    meta = got[0];
    FACTS = got[1];
    stop = new Set(meta.stop);
    buildFilters();
    restore(new URLSearchParams(location.search));
    return update(false);
  }).catch(function (err) {
    status.textContent = 'Search could not load (' + err.message + '). Every program is listed on its state page.';
  });
}());
