/* At a glance, as a card shows it: the same markup as the program page's (iopdir/pages.py glance), from the
   values the search data carries (iopdir.listing.glance.values: text, or null for "Not reported", in the order of
   the groups' facts) and the groups and labels of facts.json (iopdir.listing.facts.GLANCE). */
import {el} from './shared.js';

export function glance(values, facts, level) {
  var root = el('div', 'glance'), n = 0;
  facts.glance.forEach(function (group) {
    var box = el('div');
    box.appendChild(el('h' + level, null, group[1]));
    var dl = el('dl');
    group[2].forEach(function (key) {
      var v = values[n++];
      dl.appendChild(el('dt', null, facts.facts[key].short));
      if (v === null || v === undefined) dl.appendChild(el('dd', 'nr', facts.words.not_reported));
      else dl.appendChild(el('dd', v === facts.words.no ? 'no' : null, v));
    });
    box.appendChild(dl);
    root.appendChild(box);
  });
  return root;
}
