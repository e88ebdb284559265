/* The checklist page: your choices become a search (the search page's own URL parameters) and are kept on this
   device for the compare page. Without JavaScript the page is a plain list of questions, so the controls start hidden. */
import {device} from './device.js';
import {langRoot, languageFacts, say} from './shared.js';

// The function keeps the early return below (a page without the checklist), which a module's top level cannot.
(function () {

  var form = document.getElementById('checklist-form');
  if (!form) return;
  var SITE = form.getAttribute('data-site');
  var PAGES = langRoot(SITE);  // this language's pages: the search the choices make is in it too
  var M = null;  // the words this page's script shows (facts.json's messages, in the page's language)
  var SEARCH_KEYS = form.getAttribute('data-search-keys').split(' ');
  var link = document.getElementById('choose-search');
  var summary = document.getElementById('choose-summary');

  Array.prototype.forEach.call(document.querySelectorAll('.choices, .choose-result, .js-only'), function (node) {
    node.hidden = false;
  });

  function fields() { return Array.prototype.slice.call(form.querySelectorAll('input, select')); }

  /* The choices in page order: checked boxes, chosen menu values, typed values that are valid. A distance without a
     ZIP code means nothing, so it is left out (as iopdir.checklist.search_query leaves it out). */
  function choices() {
    var pairs = [];
    fields().forEach(function (f) {
      if (f.type === 'checkbox' && !f.checked) return;
      var value = f.value.trim();
      if (value && f.validity.valid) pairs.push([f.name, value, f]);
    });
    var zip = pairs.some(function (p) { return p[0] === 'near'; });
    return pairs.filter(function (p) { return p[0] !== 'miles' || zip; });
  }

  function query(pairs) {
    var params = new URLSearchParams();
    pairs.forEach(function (p) { params.append(p[0], p[1]); });
    return params.toString();
  }

  function describe(pair) {
    var f = pair[2];
    if (f.type === 'checkbox') return form.querySelector('label[for="' + CSS.escape(f.id) + '"]').textContent;
    if (f.tagName === 'SELECT') return f.labels[0].textContent + ': ' + f.options[f.selectedIndex].textContent;
    return f.labels[0].textContent + ': ' + pair[1];
  }

  function restore() {
    var saved = new URLSearchParams(device.checklist());
    fields().forEach(function (f) {
      if (f.type === 'checkbox') f.checked = saved.getAll(f.name).indexOf(f.value) >= 0;
      else if (saved.has(f.name)) {
        f.value = saved.get(f.name);
        if (f.tagName === 'SELECT' && f.selectedIndex < 0) f.selectedIndex = 0;  // a value no longer offered
      }
    });
  }

  function update() {
    var pairs = choices();
    device.saveChecklist(query(pairs));
    var search = pairs.filter(function (p) { return SEARCH_KEYS.indexOf(p[0]) >= 0; });
    var q = query(search);
    link.href = PAGES + 'search/' + (q ? '?' + q : '');
    if (!M) return;  // the words have not loaded yet: the summary follows when they have
    var checked = pairs.filter(function (p) { return SEARCH_KEYS.indexOf(p[0]) < 0; });
    var words = [];
    if (search.length) words.push(say(M.search_filters, {list: search.map(describe).join('; ')}));
    if (checked.length) words.push(say(M.checked_when_comparing, {list: checked.map(describe).join('; ')}));
    var invalid = fields().filter(function (f) { return f.value.trim() && !f.validity.valid; });
    if (invalid.length) {
      words.push(invalid.map(function (f) {
        return say(f.name === 'near' ? M.left_out_zip : M.left_out_age, {label: f.labels[0].textContent});
      }).join(' '));
    }
    summary.textContent = words.length ? words.join(' ') : M.nothing_chosen;
  }

  form.addEventListener('change', update);
  form.addEventListener('input', update);
  form.addEventListener('submit', function (event) {
    // Enter in a text field: go where the link goes.
    event.preventDefault();
    update();
    window.location.href = link.href;
  });
  document.getElementById('choose-clear').addEventListener('click', function () {
    form.reset();
    update();
    if (M) summary.textContent = M.choices_cleared + ' ' + summary.textContent;
  });
  document.getElementById('choose-print').addEventListener('click', function () { window.print(); });

  restore();
  update();
  languageFacts(SITE).then(function (facts) {
    M = facts.messages;
    update();
    form.setAttribute('data-ready', '');
  });
}());
