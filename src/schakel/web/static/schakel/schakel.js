// Schakel's one page script (progressive enhancement; every page works without it).
// A table wider than its place scrolls inside its own region instead of widening the page
// (WCAG 1.4.10). A region that scrolls can be reached with the keyboard and is named after
// the table's caption or the heading before it (WCAG 2.1.1, 4.1.2).
(function () {
  "use strict";

  function nameFor(table) {
    if (table.caption) return table.caption.textContent.trim();
    var node = table;
    while (node && node !== document.body) {
      var sibling = node.previousElementSibling;
      while (sibling) {
        if (/^H[1-6]$/.test(sibling.tagName)) return sibling.textContent.trim();
        var inner = sibling.querySelector && sibling.querySelector("h1, h2, h3, h4, h5, h6");
        if (inner) return inner.textContent.trim();
        sibling = sibling.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }

  function wrap(table) {
    if (table.parentElement.classList.contains("table-scroll")) return table.parentElement;
    var region = document.createElement("div");
    region.className = "table-scroll";
    table.parentNode.insertBefore(region, table);
    region.appendChild(table);
    return region;
  }

  function update(region) {
    var scrolls = region.scrollWidth > region.clientWidth + 1;
    if (scrolls) {
      region.setAttribute("tabindex", "0");
      region.setAttribute("role", "region");
      region.setAttribute("aria-label", nameFor(region.querySelector("table")));
    } else {
      region.removeAttribute("tabindex");
      region.removeAttribute("role");
      region.removeAttribute("aria-label");
    }
  }

  function start() {
    var regions = Array.prototype.map.call(document.querySelectorAll("main table"), wrap);
    regions.forEach(update);
    var pending = null;
    window.addEventListener("resize", function () {
      if (pending) window.cancelAnimationFrame(pending);
      pending = window.requestAnimationFrame(function () { regions.forEach(update); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
