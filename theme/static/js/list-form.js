// The list-your-program form (theme/templates/list-your-program.html): reads the answers into a listing, checks it
// with the listing format's JSON Schema (compiled ahead of time by Ajv: generated/listing-schema.js, so no eval runs
// under the site's CSP) and with the rules of iopdir.listing.validation a form user can hit, then shows the YAML and
// opens the forge's new-file page with it, or downloads or copies it. Nothing is sent anywhere by this page.
//
// Each question's element carries data-path, the field's path as `iopdir validate` names it ("contact.phone",
// "locations[0].postal_code"): a finding lands on the question of its field. Without JavaScript the form stays hidden
// and the page keeps its instructions and blank template.
//
// Every word it shows (findings, the copy button's notes) comes from the page language's facts.json "messages"
// (iopdir.listing.script_words), read before the form is shown: English findings are `iopdir validate`'s words.

import validateSchema, {FORMATS} from './generated/listing-schema.js';
import {languageFacts, number, say, sayCount} from './shared.js';

var M = null;  // facts.json "messages": this language's words (set before the form is shown)

// --- the answers as a listing ---------------------------------------------------------------------------------------

// The listing template's order of fields (iopdir new, the page's blank template): the file reads the same way.
var ORDER = ['schema_version', 'id', 'status', 'name', 'organization', 'summary', 'description', 'focus', 'conditions',
  'contact', 'locations', 'delivery', 'telehealth_states', 'ages', 'populations', 'languages', 'tracks', 'modalities',
  'medications', 'family_programming', 'aftercare', 'insurance', 'accreditations', 'licenses', 'intake',
  'verification'];

// "locations[0].city" -> ['locations', 0, 'city']
export function parsePath(path) {
  var out = [];
  path.split('.').forEach(function (part) {
    var m = /^([^[]+)((\[\d+\])*)$/.exec(part);
    out.push(m[1]);
    (m[2].match(/\d+/g) || []).forEach(function (n) { out.push(Number(n)); });
  });
  return out;
}

// ['tracks', 0, 'sessions', 1, 'end'] -> "tracks[0].sessions[1].end" (iopdir.listing.findings.dotted)
export function dotted(steps) {
  var out = '';
  steps.forEach(function (step) {
    if (typeof step === 'number') out += '[' + step + ']';
    else out += (out ? '.' : '') + step;
  });
  return out || '(listing)';
}

function put(data, steps, value) {
  var node = data;
  for (var i = 0; i < steps.length - 1; i++) {
    if (node[steps[i]] === undefined) node[steps[i]] = typeof steps[i + 1] === 'number' ? [] : {};
    node = node[steps[i]];
  }
  node[steps[steps.length - 1]] = value;
}

function answer(question) {
  var kind = question.dataset.kind;
  if (kind === 'choices') {
    var checked = Array.prototype.map.call(question.querySelectorAll('input:checked'), function (i) { return i.value; });
    return checked.length ? checked : undefined;
  }
  if (kind === 'yes_no') {
    var on = question.querySelector('input:checked');
    return on && on.value ? on.value === 'true' : undefined;
  }
  var input = question.querySelector('input, select, textarea');
  var text = input.value.trim();
  if (text === '') return undefined;
  if (kind === 'whole') return Number(text);
  return text;
}

// The week grid as sessions: days with the same start and end are one session, in the order of the week.
export function gridSessions(rows) {
  var sessions = [], firstRow = [];
  rows.forEach(function (row) {
    if (!row.start && !row.end) return;
    var same = sessions.findIndex(function (s) { return s.start === row.start && s.end === row.end; });
    if (same >= 0) { sessions[same].days.push(row.day); return; }
    var session = {days: [row.day]};
    if (row.start) session.start = row.start;
    if (row.end) session.end = row.end;
    sessions.push(session);
    firstRow.push(row.day);
  });
  return {sessions: sessions, firstRow: firstRow};
}

function ordered(data) {
  var out = {};
  ORDER.forEach(function (key) { if (data[key] !== undefined) out[key] = data[key]; });
  return out;
}

// Everything the form says, as the listing's data (what the YAML holds, and what the checks read).
export function collect(form) {
  var data = {schema_version: 1};
  form.querySelectorAll('.lf-question[data-path]').forEach(function (question) {
    if (question.dataset.kind === 'grid') {
      var rows = Array.prototype.map.call(question.querySelectorAll('tr[data-day]'), function (tr) {
        return {day: tr.dataset.day, start: tr.querySelector('[data-grid=start]').value,
          end: tr.querySelector('[data-grid=end]').value};
      });
      var grid = gridSessions(rows);
      form.sessionRows = grid.firstRow;
      if (grid.sessions.length) put(data, ['tracks', 0, 'sessions'], grid.sessions);
      return;
    }
    var value = answer(question);
    if (value !== undefined) put(data, parsePath(question.dataset.path), value);
  });
  put(data, ['verification', 'verified_by'], 'provider'); // the form is the provider's own listing
  if (data.tracks) {  // the grid's sessions come after the track's other answers: put them where the template has them
    var track = data.tracks[0], sessions = track.sessions;
    delete track.sessions;
    var length = track.length_weeks;
    delete track.length_weeks;
    if (sessions) track.sessions = sessions;
    if (length) track.length_weeks = length;
  }
  if (data.verification) {
    var v = data.verification;
    data.verification = {last_verified: v.last_verified, verified_by: v.verified_by};
    if (v.last_verified === undefined) delete data.verification.last_verified;
  }
  return ordered(data);
}

// The file's folder: the state of the first location, or of the first telehealth state for an online-only program.
export function filePath(data) {
  var state = (data.locations && data.locations[0] && data.locations[0].state) ||
    (data.telehealth_states && data.telehealth_states[0]) || '';
  var id = typeof data.id === 'string' && data.id ? data.id : 'new-listing';
  return 'programs/' + (state ? state.toLowerCase() : 'your-state') + '/' + id + '.yaml';
}

// iopdir.tools.skeleton.derive_id: "Harbor Light IOP", "Newark" -> "harbor-light-iop-newark".
export function deriveId(name, city) {
  function words(text) {
    var ascii = (text || '').normalize('NFKD').replace(/[^\x20-\x7e]/g, '');
    return ascii.toLowerCase().match(/[a-z0-9]+/g) || [];
  }
  var w = words(name), place = words(city), n = place.length;
  var inside = false;
  for (var i = 0; n && i + n <= w.length; i++) {
    if (w.slice(i, i + n).join(' ') === place.join(' ')) inside = true;
  }
  if (n && !inside) w = w.concat(place);
  while (w.length && w.join('-').length > 80) w.pop();
  return w.join('-');
}

// --- YAML -----------------------------------------------------------------------------------------------------------

// Plain only when every YAML reader reads the same text back (YAML 1.1 editors read "no" and "on" as booleans).
var PLAIN = /^[A-Za-z][A-Za-z0-9_]*$/;
var NOT_PLAIN = /^(y|n|yes|no|on|off|true|false|null)$/i;
// Escaped in a double-quoted scalar: what YAML readers refuse or fold (controls, line separators, a byte-order mark),
// what hides (invisible and direction-changing characters), and lone surrogates.
// eslint-disable-next-line no-control-regex -- control characters are what this escapes
var ESCAPE = /[\\"]|[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function scalar(value) {
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (PLAIN.test(value) && !NOT_PLAIN.test(value)) return value;
  return '"' + value.replace(ESCAPE, function (c) {
    if (c === '\\' || c === '"') return '\\' + c;
    return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
  }) + '"';
}

function isScalar(value) { return value === null || typeof value !== 'object'; }

function lines(value, indent) {
  var pad = ' '.repeat(indent), out = [];
  Object.keys(value).forEach(function (key) {
    var v = value[key];
    if (isScalar(v)) out.push(pad + key + ': ' + scalar(v));
    else if (Array.isArray(v) && v.every(isScalar)) out.push(pad + key + ': [' + v.map(scalar).join(', ') + ']');
    else if (Array.isArray(v)) {
      out.push(pad + key + ':');
      v.forEach(function (item) {
        var inner = lines(item, indent + 4);
        inner[0] = pad + '  - ' + inner[0].slice(indent + 4);
        out.push.apply(out, inner);
      });
    } else if (!Object.keys(v).length) out.push(pad + key + ': {}');
    else {
      out.push(pad + key + ':');
      out.push.apply(out, lines(v, indent + 2));
    }
  });
  return out;
}

export function toYaml(data) {
  return ['# yaml-language-server: $schema=../../schema/program.schema.json',
    '## Made with the list-your-program form of the IOP Directory (listing format version 1).']
    .concat(lines(data, 0)).join('\n') + '\n';
}

// --- the checks -----------------------------------------------------------------------------------------------------

// A type or format in words (M.type_string, M.format_uri), or its own name when the messages have none.
function named(prefix, name) {
  return Object.prototype.hasOwnProperty.call(M, prefix + name) ? M[prefix + name] : name;
}

function found(value) {
  if (typeof value === 'string') return "'" + (value.length <= 60 ? value : value.slice(0, 57) + '...') + "'";
  if (Array.isArray(value)) return M.found_array;
  if (value && typeof value === 'object') return M.found_object;
  return String(value);
}

function stepsOf(pointer) {
  return pointer.split('/').slice(1).map(function (s) {
    s = s.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(s) ? Number(s) : s;
  });
}

function codePoints(text) { return Array.from(text).length; }

// One Ajv error as `iopdir validate` words it (iopdir.listing.validation._translate), with its kind (the schema
// keyword, or the rule's name below): the words may differ a little, the field and the kind may not.
function translate(error) {
  var steps = stepsOf(error.instancePath), value = error.data, p = error.params, kind = error.keyword;
  var message = error.message;
  if (kind === 'required') {
    steps = steps.concat([p.missingProperty]);
    var why = {locations: M.check_missing_locations, telehealth_states: M.check_missing_telehealth_states,
      source: M.check_missing_source}[p.missingProperty];
    message = why || say(M.check_missing, {field: p.missingProperty});
  } else if (kind === 'additionalProperties') {
    steps = steps.concat([p.additionalProperty]);
    message = say(M.check_unknown_field, {field: p.additionalProperty});
  } else if (kind === 'type') {
    message = say(M.check_expected, {expected: named('type_', p.type), found: found(value)});
  } else if (kind === 'enum') {
    message = p.allowedValues.length <= 8
      ? say(M.check_one_of, {values: p.allowedValues.join(' | '), found: found(value)})
      : say(M.check_not_allowed, {found: found(value)});
  } else if (kind === 'const') {
    message = say(M.check_expected, {expected: p.allowedValue, found: found(value)});
  } else if (kind === 'pattern') {
    var own = error.parentSchema.errorMessage;  // the schema's English words: this language's from M.schema_errors
    message = say(M.check_got, {message: own ? M.schema_errors[own] || own : say(M.check_no_match, {pattern: p.pattern}),
      found: found(value)});
  } else if (kind === 'format') {
    message = say(M.check_expected, {expected: named('format_', p.format), found: found(value)});
  } else if (kind === 'minLength') {
    message = M.check_empty;
  } else if (kind === 'maxLength') {
    message = say(M.check_too_long, {n: number(codePoints(value)), limit: number(p.limit)});
  } else if (kind === 'minItems') {
    message = sayCount(M.check_min_items, p.limit, {count: value.length});
  } else if (kind === 'maxItems') {
    message = say(M.check_max_items, {limit: p.limit, count: value.length});
  } else if (kind === 'uniqueItems') {
    message = say(M.check_twice, {found: found(value[p.j])});
  } else if (kind === 'minimum' || kind === 'maximum') {
    message = say(kind === 'minimum' ? M.check_at_least : M.check_at_most, {limit: p.limit, found: found(value)});
  }
  return {field: dotted(steps), kind: kind, severity: 'error', message: message};
}

export function schemaFindings(data) {
  if (validateSchema(data)) return [];
  // As iopdir validate: a format error gives way to any other error on the same field; "if" only says a branch
  // failed (its own errors are reported).
  var errors = validateSchema.errors.filter(function (e) { return e.keyword !== 'if'; });
  errors.sort(function (a, b) { return (a.keyword === 'format') - (b.keyword === 'format'); });
  var seen = new Set(), out = [];
  errors.forEach(function (e) {
    var f = translate(e);
    if (e.keyword === 'format' && seen.has(dotted(stepsOf(e.instancePath)))) return;
    seen.add(dotted(stepsOf(e.instancePath)));
    out.push(f);
  });
  return out;
}

// iopdir.listing.validation: the text rules.
var SNEAKY = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]/;
// eslint-disable-next-line no-control-regex -- control characters are what the validator refuses
var CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
// eslint-disable-next-line no-control-regex -- likewise, with line breaks
var CONTROL_OR_BREAK = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/;
var HTML_TAG = /<\s*\/?\s*[a-zA-Z][^>]*>/;
var HTTP_IN_TEXT = /(?<![A-Za-z0-9+.-])https?:[^\s<>()[\]"']*/gi;
var AUTHORITY = /^https?:\/\/([^/?#]*)/i;
var WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\.|$)/i;

// description.link_problem
function linkProblem(url) {
  url = url.replace(/[\t\n\r]/g, '').trim();
  if (!/^https?:/i.test(url)) return null;
  if (url.indexOf('\\') >= 0) return M.link_backslash;
  var authority = AUTHORITY.exec(url);
  if (authority && authority[1].indexOf('@') >= 0) return M.link_name_before_at;
  if (!authority || !authority[1].split(':')[0]) return M.link_no_host;
  return null;
}

function textFindings(data) {
  var out = [];
  function walk(value, steps) {
    if (Array.isArray(value)) value.forEach(function (v, i) { walk(v, steps.concat([i])); });
    else if (value && typeof value === 'object') Object.keys(value).forEach(function (k) { walk(value[k], steps.concat([k])); });
    else if (typeof value === 'string') {
      var field = dotted(steps), multiline = steps[0] === 'description';
      var sneaky = SNEAKY.exec(value);
      if (sneaky) {
        out.push({field: field, kind: 'invisible', severity: 'error', message: say(M.check_invisible, {
          code: 'U+' + sneaky[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0'), position: sneaky.index + 1})});
      }
      var bad = multiline ? CONTROL.exec(value.replace(/[\n\t]/g, '')) : CONTROL_OR_BREAK.exec(value);
      if (bad) {
        var lineBreak = '\n\r\u2028\u2029'.indexOf(bad[0]) >= 0;
        out.push({field: field, kind: 'control', severity: 'error', message: multiline
          ? (lineBreak ? M.check_line_break_remove : M.check_control_remove)
          : (lineBreak ? M.check_line_break : M.check_control)});
      }
      if (multiline && HTML_TAG.test(value)) {
        out.push({field: field, kind: 'html', severity: 'warning',
          message: M.check_html});
      }
    }
  }
  walk(data, []);
  if (typeof data.description === 'string') {
    var brackets = data.description.split('[').length - 1;
    if (brackets > 100) {
      out.push({field: 'description', kind: 'markdown', severity: 'error',
        message: say(M.check_brackets, {n: number(brackets)})});
    }
    var addresses = data.description.replace(/[\t\r\n]/g, '').match(HTTP_IN_TEXT) || [];
    for (var i = 0; i < addresses.length; i++) {
      var problem = linkProblem(addresses[i]);
      if (problem) {
        out.push({field: 'description', kind: 'link', severity: 'error', message: say(M.check_link, {url: addresses[i], problem: problem})});
        break;
      }
    }
  }
  var site = data.contact && data.contact.website;
  if (typeof site === 'string' && linkProblem(site) && FORMATS.uri(site)) {
    out.push({field: 'contact.website', kind: 'link', severity: 'error', message: say(M.check_got, {message: linkProblem(site), found: found(site)})});
  }
  return out;
}

function isDate(value) {
  return typeof value === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) &&
    !Number.isNaN(Date.parse(value + 'T00:00:00Z')) && new Date(value + 'T00:00:00Z').toISOString().slice(0, 10) === value;
}
function isTime(value) { return typeof value === 'string' && /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value); }
function isNumber(value) { return typeof value === 'number'; }
function minutes(hhmm) { var p = hhmm.split(':'); return Number(p[0]) * 60 + Number(p[1]); }
function g(n) { return String(Number(n.toFixed(2))); }

// iopdir.listing.program: IOP hours a week by audience; 20 or more is partial hospitalization.
var IOP_HOURS = {adults: [9, 19], adolescents: [6, 19]};

function hoursDoubt(audience, hours) {
  var band = IOP_HOURS[audience === 'adolescents' ? 'adolescents' : 'adults'];
  var values = {hours: g(hours), low: band[0], high: band[1]};
  if (hours >= 20) return say(M.check_partial_hospitalization, values);
  if (hours < band[0]) {
    return say(audience === 'adolescents' ? M.check_few_hours_adolescents : M.check_few_hours_adults, values);
  }
  return null;
}

// iopdir.listing.validation._rule_findings, those a form user can hit. (The ZIP code's state and look-alike letters
// need tables this page does not load: the check on the forge reports them.)
function ruleFindings(data, today) {
  var out = [];
  function add(field, kind, message, severity) {
    out.push({field: field, kind: kind, severity: severity || 'error', message: message});
  }
  var reserved = typeof data.id === 'string' && WINDOWS_RESERVED.exec(data.id);
  if (reserved) {
    add('id', 'reserved', say(M.check_reserved, {name: reserved[1], lower: reserved[1].toLowerCase()}));
  }
  var last = data.verification && data.verification.last_verified;
  if (isDate(last) && last > today) {
    add('verification.last_verified', 'future', say(M.check_future, {date: last, today: today}));
  }
  (Array.isArray(data.accreditations) ? data.accreditations : []).forEach(function (acc, i) {
    if (acc && isDate(acc.expires) && acc.expires < today) {
      add('accreditations[' + i + '].expires', 'expired', say(M.check_expired, {date: acc.expires}));
    }
  });
  // The file's folder is the first location's state (filePath); without one, an online-only program's folder is its
  // first telehealth state, and without that it has none.
  var delivery = data.delivery, first = data.locations && data.locations[0];
  var onlineOnly = Array.isArray(delivery) && delivery.indexOf('in_person') < 0;
  if (!(first && typeof first.state === 'string') && onlineOnly && !/^programs\/[a-z]{2}\//.test(filePath(data))) {
    add('id', 'folder', M.check_folder);
  }
  var ranges = [['ages'], ['insurance', 'cost_per_week_usd']];
  (data.tracks || []).forEach(function (t, i) { ranges.push(['tracks', i, 'length_weeks']); });
  ranges.forEach(function (steps) {
    var node = data;
    steps.forEach(function (s) { node = node && node[s]; });
    if (node && isNumber(node.min) && isNumber(node.max) && node.min > node.max) {
      add(dotted(steps.concat(['max'])), 'range', say(M.check_range, {max: node.max, min: node.min}));
    }
  });
  (data.tracks || []).forEach(function (track, i) {
    if (!track || !Array.isArray(track.sessions)) return;
    var good = true;
    track.sessions.forEach(function (s, j) {
      if (!(isTime(s.start) && isTime(s.end) && Array.isArray(s.days) && s.days.length)) { good = false; return; }
      if (minutes(s.end) <= minutes(s.start)) {
        add('tracks[' + i + '].sessions[' + j + '].end', 'end_before_start',
          say(M.check_end_before_start, {start: s.start, end: s.end}));
        good = false;
      }
    });
    if (good && track.sessions.length) {
      var hours = track.sessions.reduce(function (sum, s) {
        return sum + s.days.length * (minutes(s.end) - minutes(s.start));
      }, 0) / 60;
      var doubt = hoursDoubt(track.audience, Math.round(hours * 100) / 100);
      if (doubt) add('tracks[' + i + ']', 'hours', doubt, 'warning');
    }
  });
  return out;
}

export function today() {
  var d = new Date();
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

// Every finding, as `iopdir validate` would report it for the file this form makes (field, kind, severity, message).
export function check(data, day) {
  return schemaFindings(data).concat(textFindings(data), ruleFindings(data, day || today()));
}

// --- the page -------------------------------------------------------------------------------------------------------

function questionOf(form, field) {
  var m = /^tracks\[0\]\.sessions(\[(\d+)\])?/.exec(field);
  if (m) {
    var row = m[2] !== undefined && form.sessionRows ? form.sessionRows[Number(m[2])] : null;
    return {box: form.querySelector('[data-kind=grid]'), focus: row ? '#lf-grid-' + row + '-start' : '#lf-grid input'};
  }
  var steps = parsePath(field);
  while (steps.length) {
    var box = form.querySelector('.lf-question[data-path="' + dotted(steps) + '"]');
    if (box) return {box: box, focus: null};
    steps.pop();
  }
  return null;
}

function clearFindings(form, summary) {
  form.querySelectorAll('.lf-error').forEach(function (p) { p.hidden = true; p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  summary.textContent = '';
}

// A question's label without its "*" and "(required)" marker (the template's, in the page's language): a finding
// names its question, the summary says what is required no more.
function withoutRequired(label) {
  var marker = M.form_required.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return label.replace(new RegExp('\\s*\\*?\\s*' + marker + '\\s*$'), '').trim();
}

function showFindings(form, summary, findings) {
  var errors = findings.filter(function (f) { return f.severity === 'error'; });
  var heading = document.createElement('h2');
  heading.tabIndex = -1;
  heading.id = 'lf-findings-heading';
  heading.textContent = errors.length ? sayCount(M.form_answers_to_fix, errors.length) : M.form_passed;
  summary.appendChild(heading);
  if (!findings.length) return heading;
  var list = document.createElement('ul');
  findings.forEach(function (f) {
    var target = questionOf(form, f.field);
    var li = document.createElement('li');
    li.className = 'lf-finding lf-' + f.severity;
    li.dataset.field = f.field;
    li.dataset.kind = f.kind;
    li.dataset.severity = f.severity;
    var label = target ? (target.box.querySelector('legend, label') || {}).textContent : '';
    var said = (label ? withoutRequired(label) : f.field) + ': ' + f.message;
    var text = f.severity === 'warning' ? say(M.form_please_check, {finding: said}) : said;
    if (target) {
      var link = document.createElement('a');
      var input = target.focus ? form.querySelector(target.focus) : target.box.querySelector('input, select, textarea');
      link.href = '#' + (input ? input.id : target.box.id);
      link.textContent = text;
      li.appendChild(link);
      var note = target.box.querySelector('.lf-error');
      if (note) {
        note.hidden = false;
        note.textContent = (note.textContent ? note.textContent + ' ' : '') + f.message + '.';
      }
      if (input && f.severity === 'error') input.setAttribute('aria-invalid', 'true');
    } else {
      li.textContent = text;
    }
    list.appendChild(li);
  });
  summary.appendChild(list);
  return heading;
}

// The forge's new-file page with the file's name and text (GitHub: ?filename=...&value=...), or null when there is
// no repository or the address would be too long for the forge (414).
export function newFileUrl(base, path, text, limit) {
  if (!base) return null;
  var url = base + '?filename=' + encodeURIComponent(path) + '&value=' + encodeURIComponent(text);
  return url.length <= limit ? url : null;
}

function setUp(app) {
  var form = app.querySelector('#list-form');
  var summary = app.querySelector('#lf-findings');
  var result = app.querySelector('#lf-result');
  var idInput = form.querySelector('#lf-id');
  var idEdited = false;
  var downloadUrl = null;
  form.querySelector('#lf-verification-last_verified').value = today();

  function update() {
    if (!idEdited) {
      idInput.value = deriveId(form.querySelector('#lf-name').value, form.querySelector('#lf-locations-0-city').value);
    }
    form.querySelector('#lf-path').textContent = filePath(collect(form));
  }
  idInput.addEventListener('input', function () { idEdited = idInput.value !== ''; });
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  update();

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var data = collect(form);
    var findings = check(data);
    clearFindings(form, summary);
    var errors = findings.filter(function (f) { return f.severity === 'error'; });
    var heading = showFindings(form, summary, findings);
    if (errors.length) {
      result.hidden = true;
      heading.focus();
      return;
    }
    var yaml = toYaml(data), path = filePath(data);
    app.querySelector('#lf-yaml').textContent = yaml;
    app.querySelector('#lf-result-path').textContent = path;
    var forge = app.querySelector('#lf-forge');
    var url = newFileUrl(form.dataset.newFile, path, yaml, Number(form.dataset.urlLimit));
    if (forge) forge.hidden = !url;
    if (forge && url) forge.href = url;
    app.querySelector('#lf-too-long').hidden = !form.dataset.newFile || Boolean(url);
    var download = app.querySelector('#lf-download');
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([yaml], {type: 'application/yaml'}));
    download.href = downloadUrl;
    download.download = path.split('/').pop();
    app.querySelector('#lf-copied').textContent = '';
    result.hidden = false;
    result.querySelector('#lf-result-heading').focus();
  });

  app.querySelector('#lf-copy').addEventListener('click', function () {
    var text = app.querySelector('#lf-yaml').textContent, said = app.querySelector('#lf-copied');
    function selectIt() {
      var range = document.createRange();
      range.selectNodeContents(app.querySelector('#lf-yaml'));
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      said.textContent = M.form_selected;
    }
    if (!navigator.clipboard) { selectIt(); return; }
    navigator.clipboard.writeText(text).then(function () { said.textContent = M.form_copied; }, selectIt);
  });

  app.hidden = false;
  form.dataset.ready = '';
}

// The form is shown once its words are here; without them it stays hidden, as without JavaScript.
var app = document.getElementById('list-form-app');
if (app) {
  languageFacts('/').then(function (facts) {
    M = facts.messages;
    setUp(app);
  });
}
