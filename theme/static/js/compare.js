/* The compare page (/compare/?ids=a,b,c): up to four programs side by side, from the comparison data shards, checked
   against the checklist choices kept on this device. Verdicts per choice are computed at build time by
   iopdir.checklist; this page only combines them, as Item.verdict does: any "fails" fails, else any "unknown" is
   unknown, else it meets. */
import {chosen, csvLine, downloadCsv, el, fetchJSON, langRoot, languageFacts, say, sayCount, sayWithLink, shardOf,
  verdict as itemVerdict, VERDICT_OF} from './shared.js';
import {device} from './device.js';
import {hourRange, weekGrid} from './week.js';

// The function keeps the early return below (a page without the comparison), which a module's top level cannot.
(function () {

  var root = document.getElementById('compare');
  if (!root) return;
  root.hidden = false;
  var SITE = root.getAttribute('data-site');  // the site's root: the comparison data, shared by every language
  var PAGES = langRoot(SITE);  // this language's pages
  var SHARDS = parseInt(root.getAttribute('data-shards'), 10) || 1;
  var status = document.getElementById('compare-status');
  var empty = document.getElementById('compare-empty'), body = document.getElementById('compare-body');
  var table = document.getElementById('compare-table'), caption = document.getElementById('compare-caption');
  var onlyDifferences = document.getElementById('only-differences');
  var VERDICT = null;  // a verdict in words, from this language's facts.json (M)
  var MARK = {meets: '✓', fails: '✗', unknown: '?'};

  var checklist = null, programs = [], missing = [];
  var NOT_REPORTED = null;  // from facts.json (iopdir.listing.facts, written at build time), as the tables in Python
  var FACTS = null, M = null;  // facts.json, and its "messages": the words this page shows
  var LABELS = null, HEADINGS = {};  // compare/labels.json (the codes' words) and the groups' headings, by id

  // A program's shard or the checklist may be missing (a program closed since the link was made, no checklist
  // yet): null, not an error. facts.json must be there (fetchJSON).
  function fetchOrNull(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; });
  }

  /* A program's comparison data is in two shards of the same number (iopdir.build.datafiles): the one every language
     shares (codes, numbers, verdict letters) and this language's (the values in words), with this language's labels
     of the codes. Resolves to [shared shard, words shard] when both hold the program, else null. */
  var shardRequests = {}, labelsRequest = null;
  function programData(id) {
    var n = shardOf(id, SHARDS);
    if (!shardRequests[n]) {
      shardRequests[n] = Promise.all([fetchOrNull(SITE + 'compare/data/' + n + '.json'),
        fetchOrNull(PAGES + 'compare/words/' + n + '.json')]).catch(function () { return [null, null]; });
    }
    return shardRequests[n].then(function (got) {
      var own = got[0] && got[1] && Object.prototype.hasOwnProperty.call(got[0].programs, id) &&
        Object.prototype.hasOwnProperty.call(got[1].programs, id);
      return own ? got : null;
    });
  }
  function labels() {
    if (!labelsRequest) labelsRequest = fetchJSON(PAGES + 'compare/labels.json');
    return labelsRequest;
  }

  /* A shared value in this language's words (iopdir.choosing.comparison.Row.how and neutral): null is "Not
     reported"; true and false are Yes and the fact's No; "v:<vocabulary>" codes are that vocabulary's labels. */
  function inWords(how, key, value) {
    if (value === null || value === undefined) return null;
    if (value === true) return FACTS.words.yes;
    if (value === false) return LABELS.no[key] || FACTS.words.no;
    if (how === 'freshness') return FACTS.freshness[value];
    if (how.indexOf('v:') === 0) {
      var vocabulary = LABELS.vocabularies[how.slice(2)] || {};
      var label = function (code) { return Object.prototype.hasOwnProperty.call(vocabulary, code) ? vocabulary[code] : code; };
      return Array.isArray(value) ? value.map(label).join(', ') : label(value);
    }
    return value;
  }

  /* A shard gives once what every program shares (the rows' groups and how each gives its value, the checklist's
     atom names) and each program's values and verdict letters; the words shard its values in words: put them back
     together as one program, with the headings and labels of this language's facts.json. */
  function unpack(id, shards) {
    var data = shards[0].programs[id], words = shards[1].programs[id];
    var program = {}, atoms = {}, w = 0;
    Object.keys(data).forEach(function (k) { program[k] = data[k]; });
    program.place = words.place;
    program.week = words.week;
    program.groups = shards[0].groups.map(function (g, gi) {
      return {id: g[0], heading: HEADINGS[g[0]], rows: g[1].map(function (row, ri) {
        var value = row[1] === 'words' ? words.values[w++] : inWords(row[1], row[0], data.values[gi][ri]);
        return [row[0], FACTS.facts[row[0]].label, value];
      })};
    });
    shards[0].atoms.forEach(function (name, i) { atoms[name] = VERDICT_OF[data.atoms.charAt(i)]; });
    program.atoms = atoms;
    return program;
  }

  function idsFromUrl() {
    var raw = new URLSearchParams(location.search).get('ids');
    if (raw === null) return null;
    var seen = {};
    return raw.split(',').map(function (s) { return s.trim(); }).filter(function (id) {
      var ok = device.validId(id) && !seen[id];
      seen[id] = true;
      return ok;
    }).slice(0, device.MAX);
  }

  /* ---- The checklist: the twins of iopdir.choosing.checklist's verdicts are in shared.js ---- */
  function choices() {
    var pairs = [];
    new URLSearchParams(device.checklist()).forEach(function (value, key) {
      if (value && checklist.place_keys.indexOf(key) < 0) pairs.push([key, value]);
    });
    return pairs;
  }

  function verdict(item, program, pairs) { return itemVerdict(item, program, pairs, checklist.max_age); }

  function choiceText(pair) {
    if (pair[0] === 'age') return say(M.age_n, {n: pair[1]});
    var labels = checklist.labels[pair[0]] || {};
    return labels[pair[1]] || pair[1];
  }

  /* ---- The table ---- */
  function differs(values) {
    return values.some(function (v) { return v !== values[0]; });
  }

  function valueCell(value) {
    var td = el('td');
    if (value === null) td.appendChild(el('span', 'unknown', NOT_REPORTED));
    else td.textContent = value;
    return td;
  }

  function rowHead(text, isDifferent) {
    var th = el('th', null, text);
    th.scope = 'row';
    if (isDifferent) {
      th.appendChild(document.createTextNode(' '));
      th.appendChild(el('span', 'mark', M.differs));
    }
    return th;
  }

  function group(heading, id) {
    var tbody = el('tbody');
    if (id) tbody.setAttribute('data-group', id);
    var tr = el('tr', 'group');
    var th = el('th');
    th.scope = 'rowgroup';
    th.colSpan = programs.length + 1;
    th.appendChild(el('span', null, heading));
    tr.appendChild(th);
    tbody.appendChild(tr);
    table.appendChild(tbody);
    return tbody;
  }

  function addRow(tbody, label, values, key) {
    var different = differs(values);
    var tr = el('tr', different ? 'differs' : 'same');
    if (key) tr.setAttribute('data-row', key);
    tr.appendChild(rowHead(label, different));
    values.forEach(function (v) { tr.appendChild(valueCell(v)); });
    tbody.appendChild(tr);
    return tr;
  }

  function head() {
    var thead = el('thead'), tr = el('tr');
    var corner = el('th', 'corner', M.fact);
    corner.scope = 'col';
    tr.appendChild(corner);
    programs.forEach(function (p, i) {
      var th = el('th', 'program-head');
      th.scope = 'col';
      th.setAttribute('data-id', p.id);
      var a = el('a', null, p.name);
      a.href = PAGES + p.url;
      th.appendChild(a);
      th.appendChild(el('span', 'org', p.org + ' · ' + p.place));
      var call = el('a', 'call-link', p.phone.display);
      call.href = p.phone.tel;
      th.appendChild(call);
      if (p.status === 'temporarily_closed') th.appendChild(el('span', 'warn', FACTS.words.temporarily_closed));
      var remove = el('button', 'secondary remove', M.remove);
      remove.type = 'button';
      remove.appendChild(el('span', 'visually-hidden', ' ' + say(M.from_comparison, {name: p.name})));
      remove.addEventListener('click', function () { removeProgram(i); });
      th.appendChild(remove);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
  }

  /* The checklist rows: one per item the person chose something in, and a summary of met, failed and unknown. */
  function checklistRows(pairs) {
    var items = checklist.items.filter(function (item) { return chosen(item, pairs).length; });
    var note = document.getElementById('compare-checklist');
    note.textContent = '';
    var edit = el('a', null, items.length ? M.change_checklist : M.make_checklist);
    edit.href = PAGES + 'choose/';
    if (!items.length) {
      sayWithLink(note, M.no_checklist, edit);
      return;
    }
    sayWithLink(note, M.checked_against, edit, {items: sayCount(M.items, items.length)});
    var tbody = group(M.your_checklist, 'checklist');
    var tally = programs.map(function () { return {meets: [], fails: [], unknown: []}; });
    items.forEach(function (item) {
      var verdicts = programs.map(function (p) { return verdict(item, p, pairs); });
      var different = differs(verdicts);
      var tr = el('tr', different ? 'differs' : 'same');
      tr.setAttribute('data-item', item.id);
      var th = rowHead(item.topic, different);
      th.appendChild(el('span', 'your-choice', say(M.you_chose, {choices: chosen(item, pairs).map(choiceText).join(', ')})));
      tr.appendChild(th);
      verdicts.forEach(function (v, i) {
        tally[i][v].push(item.topic);
        var td = el('td', 'verdict verdict-' + v);
        td.setAttribute('data-verdict', v);
        td.appendChild(el('span', 'verdict-mark', MARK[v]));
        td.firstChild.setAttribute('aria-hidden', 'true');
        td.appendChild(document.createTextNode(' ' + VERDICT[v]));
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
    var tr = el('tr', 'summary');
    tr.appendChild(rowHead(M.summary, false));
    tally.forEach(function (t) {
      var td = el('td');
      [['meets', M.meets], ['fails', M.does_not_meet], ['unknown', NOT_REPORTED]].forEach(function (kind) {
        var p = el('p', 'tally tally-' + kind[0]);
        p.setAttribute('data-kind', kind[0]);
        p.appendChild(el('strong', null, kind[1] + ' (' + t[kind[0]].length + '):'));
        p.appendChild(document.createTextNode(' ' + (t[kind[0]].join(', ') || M.none)));
        td.appendChild(p);
      });
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  }

  /* The programs' weeks side by side: each track's grid over the same hours (week.js; the timetable rows below
     say the same in words). Never hidden by "only differences". */
  function weekRow() {
    var tracks = programs.map(function (p) { return p.week || []; });
    var range = hourRange([].concat.apply([], tracks).map(function (t) { return t[1]; }));
    var tbody = group(M.the_week, null);  // not a group of facts (iopdir.choosing.comparison): no data-group
    var tr = el('tr', 'week-row');
    tr.appendChild(rowHead(M.sessions, false));
    tracks.forEach(function (list) {
      var td = el('td');
      if (!list.length) td.appendChild(el('span', 'unknown', NOT_REPORTED));
      list.forEach(function (t, i) {
        td.appendChild(el('p', 'wk-track', t[0] || say(M.track_n, {n: i + 1})));
        td.appendChild(weekGrid(t[1], range[0], range[1], M));
      });
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  }

  function render() {
    table.querySelectorAll('thead, tbody').forEach(function (node) { node.remove(); });
    var ids = programs.map(function (p) { return p.id; });
    var url = location.pathname + (ids.length ? '?ids=' + ids.join(',') : '');
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
    document.getElementById('compare-link').href = url;
    var words = missing.length ? sayCount(M.not_found, missing.length, {list: missing.join(', ')}) + ' ' : '';
    empty.hidden = programs.length > 0;
    body.hidden = programs.length === 0;
    document.documentElement.setAttribute('data-compare-ready', String(programs.length));
    if (!programs.length) {
      status.textContent = words + M.no_programs_to_compare;
      return;
    }
    status.textContent = words + say(M.comparing, {programs: sayCount(M.programs, programs.length)});
    caption.textContent = programs.length === 1 ? say(M.one_program_caption, {name: programs[0].name})
      : say(M.side_by_side, {n: programs.length});
    head();
    checklistRows(choices());
    weekRow();
    programs[0].groups.forEach(function (g, gi) {
      var tbody = group(g.heading, g.id);
      g.rows.forEach(function (row, ri) {
        addRow(tbody, row[1], programs.map(function (p) { return p.groups[gi].rows[ri][2]; }), row[0]);
      });
    });
    table.classList.toggle('only-differences', onlyDifferences.checked);
  }

  function removeProgram(i) {
    var gone = programs.splice(i, 1)[0];
    device.replace(programs.map(function (p) { return {id: p.id, name: p.name}; }));
    render();
    status.textContent = say(M.removed, {name: gone.name}) + ' ' + status.textContent;
    var buttons = table.querySelectorAll('thead .remove');
    if (buttons.length) buttons[Math.min(i, buttons.length - 1)].focus();
    else { status.setAttribute('tabindex', '-1'); status.focus(); }
  }

  /* ---- CSV: what the table shows, one column per program ---- */
  function csv() {
    var lines = [[M.section, M.fact].concat(programs.map(function (p) { return p.name; })).concat([M.programs_differ])];
    function line(section, label, values) {
      lines.push([section, label].concat(values).concat([differs(values) ? FACTS.words.yes : FACTS.words.no]));
    }
    line(M.program, M.organization, programs.map(function (p) { return p.org; }));
    line(M.program, M.place, programs.map(function (p) { return p.place; }));
    line(M.program, M.page, programs.map(function (p) { return new URL(PAGES + p.url, location.href).href; }));
    var pairs = choices();
    checklist.items.forEach(function (item) {
      var mine = chosen(item, pairs);
      if (!mine.length) return;
      line(M.your_checklist, say(M.you_chose_csv, {topic: item.topic, choices: mine.map(choiceText).join(', ')}),
        programs.map(function (p) { return VERDICT[verdict(item, p, pairs)]; }));
    });
    programs[0].groups.forEach(function (g, gi) {
      g.rows.forEach(function (row, ri) {
        line(g.heading, row[1], programs.map(function (p) { return p.groups[gi].rows[ri][2]; }));
      });
    });
    // Cells are written by shared.csvLine, which keeps a spreadsheet from running any of them as a formula.
    return lines.map(function (cells) {
      return csvLine(cells.map(function (v) { return v === null ? NOT_REPORTED : v; }));
    }).join('\r\n') + '\r\n';
  }

  document.getElementById('compare-csv').addEventListener('click', function () {
    // A byte-order mark, so spreadsheet programs read the file as UTF-8.
    downloadCsv('\ufeff' + csv(), 'iop-comparison.csv');
  });
  document.getElementById('compare-print').addEventListener('click', function () { window.print(); });
  onlyDifferences.addEventListener('change', function () {
    table.classList.toggle('only-differences', onlyDifferences.checked);
  });

  var fromUrl = idsFromUrl();
  var ids = fromUrl !== null ? fromUrl : device.programs().map(function (p) { return p.id; });
  // This language's checklist (its topics and choices' labels); the choices themselves are kept by key and value,
  // the same in every language.
  Promise.all([fetchOrNull(PAGES + 'choose/checklist.json'), languageFacts(SITE), labels()].concat(ids.map(function (id) {
    return programData(id);
  }))).then(function (got) {
    checklist = got[0];
    FACTS = got[1];
    LABELS = got[2];
    M = FACTS.messages;
    NOT_REPORTED = FACTS.words.not_reported;
    VERDICT = {meets: M.meets, fails: M.does_not_meet, unknown: M.not_reported_ask};
    FACTS.groups.forEach(function (g) { HEADINGS[g[0]] = g[1]; });
    got.slice(3).forEach(function (shards, i) {
      if (shards) programs.push(unpack(ids[i], shards)); else missing.push(ids[i]);
    });
    // The comparison on screen is the list on this device: a shared link becomes yours to change.
    device.replace(programs.map(function (p) { return {id: p.id, name: p.name}; }));
    render();
  }).catch(function (err) {
    status.textContent = M ? say(M.compare_failed, {error: err.message}) : err.message;
  });

  /* For tests: the verdicts this page gives, to hold against iopdir.checklist's. */
  window.iopdirCompare = {
    shardOf: shardOf,
    verdicts: function () {
      var pairs = choices(), out = {};
      programs.forEach(function (p) {
        out[p.id] = {};
        checklist.items.forEach(function (item) {
          var v = verdict(item, p, pairs);
          if (v !== null) out[p.id][item.id] = v;
        });
      });
      return out;
    },
    csv: csv
  };
}());
