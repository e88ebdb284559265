/* A track's week as a grid, as the program page draws it (iopdir/pages.py week_grid, iopdir.listing.week): days
   across, quarter hours down, placed by the classes of week.css (the page allows no style attributes). Blocks:
   [day 1-7, start minute, end minute, "6–9 pm"] (the comparison data's `week`). Its words (the days, the hours)
   are the page's language's: facts.json's messages (iopdir.listing.script_words). */
import {el, say} from './shared.js';

var EVENING_FROM = 16 * 60;

function hourText(h, words) {
  if (h === 12) return words.noon;
  return say(h < 12 ? words.hour_am : words.hour_pm, {h: (h % 12) || 12});
}

/* The hours every grid of a page shows, so that they line up: at least 9 am to 5 pm. */
export function hourRange(blockLists) {
  var first = 9 * 60, last = 17 * 60;
  blockLists.forEach(function (blocks) {
    blocks.forEach(function (b) { first = Math.min(first, b[1]); last = Math.max(last, b[2]); });
  });
  return [Math.floor(first / 60), Math.ceil(last / 60)];
}

/* `words`: facts.json's messages (days, noon, hour_am, hour_pm). */
export function weekGrid(blocks, first, last, words) {
  var grid = el('div', 'wk');
  grid.setAttribute('aria-hidden', 'true');
  words.days.forEach(function (d, i) { grid.appendChild(el('b', 'c' + (i + 1), d)); });
  for (var h = first; h < last; h++) grid.appendChild(el('i', 'r' + ((h - first) * 4 + 2), hourText(h, words)));
  blocks.slice().sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; }).forEach(function (b) {
    var start = b[1] - first * 60, end = b[2] - first * 60;
    var row = Math.floor(start / 15) + 2;
    var span = Math.max(1, Math.ceil(end / 15) + 2 - row);
    grid.appendChild(el('span', 'c' + b[0] + ' r' + row + ' s' + span + (b[1] >= EVENING_FROM ? ' ev' : ''), b[3]));
  });
  return grid;
}
