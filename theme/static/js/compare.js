/* The compare page (/compare/?ids=a,b,c): up to four programs side by side, from the comparison data shards, checked
   against the checklist choices kept on this device. Verdicts per choice are computed at build time by
   iopdir.checklist; this page only combines them, as Item.verdict does: any "fails" fails, else any "unknown" is
   unknown, else it meets. */
import {chosen, csvLine, downloadCsv, el, fetchJSON, shardOf, verdict as itemVerdict, VERDICT_OF} from './shared.js';
import {device} from './device.js';
import {hourRange, weekGrid} from './week.js';

// The function keeps the early return below (a page without the comparison), which a module's top level cannot.
(function () {

  var root = document.getElementById('compare');
  if (!root) return;
  root.hidden = false;
  var SITE = root.getAttribute('data-site');
  var SHARDS = parseInt(root.getAttribute('data-shards'), 10) || 1;
  var status = document.getElementById('compare-status');
  var empty = document.getElementById('compare-empty'), body = document.getElementById('compare-body');
  var table = document.getElementById('compare-table'), caption = document.getElementById('compare-caption');
  var onlyDifferences = document.getElementById('only-differences');
  var VERDICT = {meets: 'Meets', fails: 'Does not meet', unknown: 'Not reported: ask'};
  var MARK = {meets: '✓', fails: '✗', unknown: '?'};

  var checklist = null, programs = [], missing = [];
  var NOT_REPORTED = null;  // from facts.json (iopdir.listing.facts, written at build time), as the tables in Python

  // A program's shard or the checklist may be missing (a program closed since the link was made, no checklist
  // yet): null, not an error. facts.json must be there (fetchJSON).
  function fetchOrNull(url) {
    return fetch(url).then(function (r) { return r.ok ? r.json() : null; });
  }

  var shardRequests = {};
  function programData(id) {
    var n = shardOf(id, SHARDS);
    if (!shardRequests[n]) {
      shardRequests[n] = fetchOrNull(SITE + 'compare/data/' + n + '.json').catch(function () { return null; });
    }
    return shardRequests[n].then(function (shard) {
      var own = shard && shard.programs && Object.prototype.hasOwnProperty.call(shard.programs, id);
      return own ? unpack(shard, shard.programs[id]) : null;
    });
  }

  /* A shard gives once what every program shares (the rows' groups and labels, the checklist's atom names) and each
     program's values and verdict letters (iopdir.datafiles): put them back together as one program. */
  function unpack(shard, data) {
    var program = {}, atoms = {};
    Object.keys(data).forEach(function (k) { program[k] = data[k]; });
    program.groups = shard.groups.map(function (g, gi) {
      return {id: g.id, heading: g.heading, rows: g.rows.map(function (row, ri) {
        return [row[0], row[1], data.values[gi][ri]];
      })};
    });
    shard.atoms.forEach(function (name, i) { atoms[name] = VERDICT_OF[data.atoms.charAt(i)]; });
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
    if (pair[0] === 'age') return 'age ' + pair[1];
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
      th.appendChild(el('span', 'mark', 'Differs'));
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
    var corner = el('th', 'corner', 'Fact');
    corner.scope = 'col';
    tr.appendChild(corner);
    programs.forEach(function (p, i) {
      var th = el('th', 'program-head');
      th.scope = 'col';
      th.setAttribute('data-id', p.id);
      var a = el('a', null, p.name);
      a.href = SITE + p.url;
      th.appendChild(a);
      th.appendChild(el('span', 'org', p.org + ' · ' + p.place));
      var call = el('a', 'call-link', p.phone.display);
      call.href = p.phone.tel;
      th.appendChild(call);
      if (p.status === 'temporarily_closed') th.appendChild(el('span', 'warn', 'Temporarily closed'));
      var remove = el('button', 'secondary remove', 'Remove');
      remove.type = 'button';
      remove.appendChild(el('span', 'visually-hidden', ' ' + p.name + ' from the comparison'));
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
    var edit = el('a', null, items.length ? 'Change your checklist' : 'Make a checklist');
    edit.href = SITE + 'choose/';
    if (!items.length) {
      note.appendChild(document.createTextNode('You have not chosen anything on the checklist yet. '));
      note.appendChild(edit);
      note.appendChild(document.createTextNode(' to see which programs meet what matters to you.'));
      return;
    }
    note.appendChild(document.createTextNode('Checked against your checklist (' + items.length + ' item' +
      (items.length === 1 ? '' : 's') + ', kept on this device only). '));
    note.appendChild(edit);
    note.appendChild(document.createTextNode('.'));
    var tbody = group('Your checklist', 'checklist');
    var tally = programs.map(function () { return {meets: [], fails: [], unknown: []}; });
    items.forEach(function (item) {
      var verdicts = programs.map(function (p) { return verdict(item, p, pairs); });
      var different = differs(verdicts);
      var tr = el('tr', different ? 'differs' : 'same');
      tr.setAttribute('data-item', item.id);
      var th = rowHead(item.topic, different);
      th.appendChild(el('span', 'your-choice', 'You chose: ' + chosen(item, pairs).map(choiceText).join(', ')));
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
    tr.appendChild(rowHead('Summary', false));
    tally.forEach(function (t) {
      var td = el('td');
      [['meets', 'Meets'], ['fails', 'Does not meet'], ['unknown', 'Not reported']].forEach(function (kind) {
        var p = el('p', 'tally tally-' + kind[0]);
        p.setAttribute('data-kind', kind[0]);
        p.appendChild(el('strong', null, kind[1] + ' (' + t[kind[0]].length + '):'));
        p.appendChild(document.createTextNode(' ' + (t[kind[0]].join(', ') || 'none')));
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
    var tbody = group('The week', null);  // not a group of facts (iopdir.choosing.comparison): no data-group
    var tr = el('tr', 'week-row');
    tr.appendChild(rowHead('Sessions', false));
    tracks.forEach(function (list) {
      var td = el('td');
      if (!list.length) td.appendChild(el('span', 'unknown', NOT_REPORTED));
      list.forEach(function (t, i) {
        td.appendChild(el('p', 'wk-track', t[0] || 'Track ' + (i + 1)));
        td.appendChild(weekGrid(t[1], range[0], range[1]));
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
    var words = missing.length ? (missing.length === 1 ? 'One program could not be found and is left out (it may no longer be listed): ' :
      missing.length + ' programs could not be found and are left out (they may no longer be listed): ') + missing.join(', ') + '. ' : '';
    empty.hidden = programs.length > 0;
    body.hidden = programs.length === 0;
    document.documentElement.setAttribute('data-compare-ready', String(programs.length));
    if (!programs.length) {
      status.textContent = words + 'No programs to compare.';
      return;
    }
    status.textContent = words + 'Comparing ' + programs.length + ' program' + (programs.length === 1 ? '' : 's') + '.';
    caption.textContent = programs.length === 1 ? 'One program: ' + programs[0].name
      : programs.length + ' programs side by side';
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
    status.textContent = 'Removed ' + gone.name + '. ' + status.textContent;
    var buttons = table.querySelectorAll('thead .remove');
    if (buttons.length) buttons[Math.min(i, buttons.length - 1)].focus();
    else { status.setAttribute('tabindex', '-1'); status.focus(); }
  }

  /* ---- CSV: what the table shows, one column per program ---- */
  function csv() {
    var lines = [['Section', 'Fact'].concat(programs.map(function (p) { return p.name; })).concat(['Programs differ'])];
    function line(section, label, values) {
      lines.push([section, label].concat(values).concat([differs(values) ? 'Yes' : 'No']));
    }
    line('Program', 'Organization', programs.map(function (p) { return p.org; }));
    line('Program', 'Place', programs.map(function (p) { return p.place; }));
    line('Program', 'Page', programs.map(function (p) { return new URL(SITE + p.url, location.href).href; }));
    var pairs = choices();
    checklist.items.forEach(function (item) {
      var mine = chosen(item, pairs);
      if (!mine.length) return;
      line('Your checklist', item.topic + ' (you chose: ' + mine.map(choiceText).join(', ') + ')',
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
  Promise.all([fetchOrNull(SITE + 'choose/checklist.json'), fetchJSON(SITE + 'facts.json')].concat(ids.map(function (id) {
    return programData(id);
  }))).then(function (got) {
    checklist = got[0];
    NOT_REPORTED = got[1].words.not_reported;
    got.slice(2).forEach(function (p, i) { if (p) programs.push(p); else missing.push(ids[i]); });
    // The comparison on screen is the list on this device: a shared link becomes yours to change.
    device.replace(programs.map(function (p) { return {id: p.id, name: p.name}; }));
    render();
  }).catch(function (err) {
    status.textContent = 'The comparison could not load (' + err.message + ').';
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
