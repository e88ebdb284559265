/* What this site keeps on your device, and nowhere else: the programs you chose to compare and your checklist
   choices, in this browser's localStorage. Nothing here is ever sent: no cookie, no request carries it.
   The scripts that need it import `device`; every import on a page gets the same module, so the same listeners. */

var COMPARE = 'iopdir.compare', CHECKLIST = 'iopdir.checklist';
var MAX = 4;
var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
var memory = {};  // when storage is off (a private window, a blocked site), choices last as long as the page
var listeners = [];

function get(key) {
  try { return window.localStorage.getItem(key); } catch (e) { return memory[key] === undefined ? null : memory[key]; }
}

function set(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
  } catch (e) { memory[key] = value; }
}

/* The comparison list: [{id, name}], at most MAX, well-formed ids only (the file is the user's to edit). */
function programs() {
  var list;
  try { list = JSON.parse(get(COMPARE) || '[]'); } catch (e) { list = []; }
  if (!Array.isArray(list)) return [];
  var seen = {};
  return list.filter(function (p) {
    var ok = p && typeof p.id === 'string' && ID.test(p.id) && !seen[p.id];
    if (ok) seen[p.id] = true;
    return ok;
  }).slice(0, MAX).map(function (p) { return {id: p.id, name: typeof p.name === 'string' ? p.name : p.id}; });
}

function save(list) {
  set(COMPARE, list.length ? JSON.stringify(list.slice(0, MAX)) : null);
  listeners.forEach(function (fn) { fn(); });
}

export var device = {
  MAX: MAX,
  validId: function (id) { return ID.test(id); },
  programs: programs,
  has: function (id) { return programs().some(function (p) { return p.id === id; }); },
  /* false when the list is full */
  add: function (id, name) {
    var list = programs();
    if (list.some(function (p) { return p.id === id; })) return true;
    if (list.length >= MAX) return false;
    list.push({id: id, name: name});
    save(list);
    return true;
  },
  remove: function (id) { save(programs().filter(function (p) { return p.id !== id; })); },
  replace: save,
  onChange: function (fn) { listeners.push(fn); },
  /* The checklist choices, as a query string in the search page's own parameters (plus age, medication, ...). */
  checklist: function () { return get(CHECKLIST) || ''; },
  saveChecklist: function (query) { set(CHECKLIST, query || null); }
};

// Another tab changed the list: show the same.
window.addEventListener('storage', function (event) {
  if (event.key === COMPARE) listeners.forEach(function (fn) { fn(); });
});
