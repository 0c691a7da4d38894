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

  // A picker whose suggestions are searched on the server as one types (AddressPickerField):
  // a POST with the form's CSRF token, so that what is typed never lands in a URL.
  function enhancePicker(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var form = input.form;
    var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    if (!list || !token) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var typed = input.value.trim();
        if (typed.length < 2 || typed === asked) return;
        asked = typed;
        var body = new FormData();
        body.append("q", typed);
        body.append("csrfmiddlewaretoken", token.value);
        window.fetch(input.getAttribute("data-search-url"), {
          method: "POST", body: body, credentials: "same-origin",
          headers: {"X-CSRFToken": token.value}
        }).then(function (response) {
          return response.ok ? response.json() : {options: []};
        }).then(function (data) {
          if (typed !== asked) return;  // an answer to an older question
          list.textContent = "";
          data.options.forEach(function (option) {
            var element = document.createElement("option");
            element.value = option.value;
            element.label = option.label;
            element.textContent = option.label;
            list.appendChild(element);
          });
        }).catch(function () { /* the box still takes a typed postcode and number */ });
      }, 250);
    });
  }

  function startPickers() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-search-url][list]"), enhancePicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
    document.addEventListener("DOMContentLoaded", startPickers);
  } else {
    start();
    startPickers();
  }
})();
