/* The language switch keeps the person where they are: the same page in the other language, with what its address
   holds after the path (a search's words and filters, the compare page's programs, a section's anchor). Read when
   the link is used, not when the page loads: the search page changes its own address as you type. */

function keep(event) {
  var link = event.currentTarget;
  var target = new URL(link.getAttribute('href'), location.href);
  target.search = location.search;
  target.hash = location.hash;
  link.href = target.href;
}

document.querySelectorAll('a[data-language-switch]').forEach(function (link) {
  // focus and pointer events too, so that the address a browser shows for the link is already the right one
  ['click', 'focus', 'pointerenter', 'pointerdown'].forEach(function (type) { link.addEventListener(type, keep); });
});
