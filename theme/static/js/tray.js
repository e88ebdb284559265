/* The comparison tray: "Add to comparison" buttons (program pages, search results) and a tray that lists the chosen
   programs with a remove button each and a link to the comparison. The list itself lives in device.js. */
import {device} from './device.js';
import {el, langRoot, languageFacts, say} from './shared.js';

// compareButton(id, name), the button below: search.js imports it for its result cards.
export var compareButton = (function () {

  // This script is served from SITE/theme/js/tray.js: the site's root follows from its own address.
  var SITE = new URL('../../', import.meta.url).href;
  var M = null;  // the words (facts.json's messages, in the page's language): nothing is drawn before they load
  var tray = null, list, link, note, status;

  function full() { return say(M.compare_full, {max: device.MAX}); }

  function hidden(text) { return el('span', 'visually-hidden', text); }

  var pending = null;  // what the last click before the words loaded has to say: said when they have

  // `words`: a function of the loaded words giving the sentence, called at once or when they have loaded.
  function announce(words) {
    if (!M) { pending = words; return; }
    var text = words();
    if (!status) return;
    // Emptied first, so the same words said twice are read twice.
    status.textContent = '';
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function compareUrl(ids) { return langRoot(SITE) + 'compare/?ids=' + ids.join(','); }

  function toggle(button) {
    var id = button.getAttribute('data-compare-id'), name = button.getAttribute('data-compare-name');
    if (note) note.hidden = true;
    if (device.has(id)) {
      device.remove(id);
      announce(function () { return say(M.removed_from_comparison, {name: name}); });
    } else if (device.add(id, name)) {
      var n = device.programs().length;
      announce(function () { return say(M.added_to_comparison, {name: name, n: n, max: device.MAX}); });
    } else {
      if (note) note.hidden = false;
      announce(full);
    }
  }

  function syncButton(button) {
    if (!M) return;  // drawn when the words have loaded
    var chosen = device.has(button.getAttribute('data-compare-id'));
    button.textContent = chosen ? M.remove_from_comparison : M.add_to_comparison;
    button.appendChild(hidden(': ' + button.getAttribute('data-compare-name')));
    button.classList.toggle('chosen', chosen);
  }

  /* The list is drawn at once (its names are the programs'); its words when this language's have loaded (M). */
  function render() {
    var chosen = device.programs();
    Array.prototype.forEach.call(document.querySelectorAll('.compare-toggle'), syncButton);
    if (!tray) return;
    tray.hidden = !chosen.length || !M;  // shown with its words
    list.textContent = '';
    chosen.forEach(function (p) {
      var li = el('li');
      li.appendChild(el('span', 'tray-name', p.name));
      var remove = el('button', 'tray-remove secondary', M ? M.remove : null);
      remove.type = 'button';
      remove.appendChild(hidden(' ' + p.name));
      remove.addEventListener('click', function () {
        var at = Array.prototype.indexOf.call(list.children, li);
        device.remove(p.id);
        if (note) note.hidden = true;
        announce(function () { return say(M.removed_from_comparison, {name: p.name}); });
        // Keep the keyboard nearby: on the next remove button, else on the program's own button, else main.
        var left = list.children;
        if (left.length) { left[Math.min(at, left.length - 1)].querySelector('button').focus(); return; }
        var own = document.querySelector('.compare-toggle[data-compare-id="' + CSS.escape(p.id) + '"]');
        (own || document.getElementById('main')).focus();
      });
      li.appendChild(remove);
      list.appendChild(li);
    });
    link.href = compareUrl(chosen.map(function (p) { return p.id; }));
    if (!M) return;
    tray.querySelector('.tray-count').textContent = say(M.n_of_max, {n: chosen.length, max: device.MAX});
    link.textContent = chosen.length > 1 ? say(M.compare_these, {n: chosen.length}) : M.open_comparison;
  }

  function buildTray() {
    tray = el('aside', 'compare-tray');
    tray.hidden = true;
    var wrap = el('div', 'wrap');
    var title = el('p', 'tray-title');
    title.appendChild(el('strong', 'tray-heading'));
    title.appendChild(document.createTextNode(' '));
    title.appendChild(el('span', 'tray-count'));
    list = el('ul', 'tray-list');
    link = el('a', 'button tray-link');
    note = el('p', 'tray-note');
    note.hidden = true;
    wrap.appendChild(title);
    wrap.appendChild(list);
    wrap.appendChild(link);
    wrap.appendChild(note);
    tray.appendChild(wrap);
    var main = document.getElementById('main');
    main.parentNode.insertBefore(tray, main.nextSibling);
  }

  /* A button for a program, kept in step with the list: search.js puts one on every result card. */
  function button(id, name) {
    var b = el('button', 'compare-toggle secondary');
    b.type = 'button';
    b.setAttribute('data-compare-id', id);
    b.setAttribute('data-compare-name', name);
    b.addEventListener('click', function () { toggle(b); });
    syncButton(b);
    return b;
  }

  var main = document.getElementById('main');
  if (main) {
    status = el('p', 'visually-hidden');
    status.setAttribute('role', 'status');
    main.appendChild(status);
  }
  /* The tray's own words, once this language's have loaded. */
  function trayWords() {
    if (!tray) return;
    tray.setAttribute('aria-label', M.programs_to_compare);
    tray.querySelector('.tray-heading').textContent = M.to_compare;
    note.textContent = full();
  }

  // The tray and the page's own buttons work at once (the buttons with the words the page was written with, the
  // tray with the programs' names); their words in step with the list come when this language's have loaded.
  // The compare page shows the list itself; everywhere else the tray does.
  if (main && !document.getElementById('compare')) buildTray();
  Array.prototype.forEach.call(document.querySelectorAll('.compare-toggle'), function (b) {
    b.addEventListener('click', function () { toggle(b); });
    b.hidden = false;
  });
  device.onChange(render);
  render();
  languageFacts(SITE).then(function (facts) {
    M = facts.messages;
    trayWords();
    render();
    if (pending) announce(pending);
    pending = null;
  });

  return button;
}());
