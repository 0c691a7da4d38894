/* Schakel's maps (Leaflet): an area outline, hot- and cold-spot cells, emerging hot-spot cells,
   points of visible presence and, on the public report page, a point picked by clicking.

   Each element with class "schakel-map" reads its configuration from the json_script element
   named in data-config (built by schakel.incidents.maps.map_config): base-map tiles (none when
   empty: the cells are drawn on a plain background, no network needed), the outline, the
   layers with colours and labels. A layer is given inline or fetched (same origin) when it is
   first shown; with more than one layer a layer control switches them on and off.

   When the map stands it fires "schakel:map-ready" (detail.map: the Leaflet map) on its element,
   so a page's own script can add to it (schakel/map-draw.js: drawing an area outline).

   The map sets data-ready="true" once the layers that are shown have loaded, and
   data-<layer id>-cells="<number of cells>" per loaded layer. Every cell carries its stable code
   (data-class="3" or data-pattern="persistent_hot") and opens a popup with its figures. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id || "");
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (e) { return null; }
  }

  // Numbers in the page's language (nl: a decimal comma), p-values as on the pages: four
  // decimals, "< 0,0001" below that (incidents/templatetags/incidents_tags.py).
  var LOCALE = document.documentElement.lang || "nl";
  function fixed(value, digits) {
    return value.toLocaleString(LOCALE, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function formatNumber(value, field) {
    if (typeof value !== "number") { return String(value); }
    if (/^p_|_p$/.test(field || "")) { return value < 0.0001 ? "< " + fixed(0.0001, 4) : fixed(value, 4); }
    return Number.isInteger(value) ? String(value) : fixed(value, 2);
  }

  // Per kind of layer: the property that holds the code, the figures in the popup, the style.
  var KINDS = {
    classes: {
      code: "hot_cold_class",
      attribute: "data-class",
      fields: ["name", "count", "gi_z", "p_fdr"],
      modifier: function (code) { return code > 0 ? "hot" : (code < 0 ? "cold" : "none"); }
    },
    presence: {
      // Visible presence (areas: foot patrols, surgery hours …): points, one colour.
      code: "kind",
      attribute: "data-presence",
      fields: ["date", "minutes", "organisation", "place"],
      modifier: function () { return "logged"; },
      fixedColour: "#1b6e3a"
    },
    patterns: {
      code: "pattern",
      attribute: "data-pattern",
      fields: ["name", "count", "hot_periods", "cold_periods", "trend_z", "trend_p"],
      modifier: function (code) {
        return code === "no_pattern" ? "none" : (/_hot$/.test(code) ? "hot" : "cold");
      }
    }
  };

  function cellLayer(map, container, config, definition) {
    var kind = KINDS[definition.kind] || KINDS.classes;
    var colours = (config.colours || {})[definition.kind] || {};
    var labels = config.labels || {};
    var codeLabels = labels[definition.kind] || definition.labels || {};
    var fieldLabels = labels.fields || {};

    function style(feature) {
      var code = String(feature.properties[kind.code]);
      if (kind.fixedColour) {
        return {
          color: "#ffffff", weight: 2, opacity: 1, fillColor: kind.fixedColour, fillOpacity: 0.9,
          className: "presence-point presence-point--" + code
        };
      }
      var colour = colours[code];
      var prefix = definition.kind === "patterns" ? "emerging-cell" : "hotspot-cell";
      return {
        color: colour ? "#555" : "#999",
        weight: colour ? 0.5 : 0.3,
        opacity: colour ? 1 : 0.4,
        fillColor: colour || "#ffffff",
        fillOpacity: colour ? 0.75 : 0,
        className: prefix + " " + prefix + "--" + kind.modifier(feature.properties[kind.code])
      };
    }

    function popup(properties) {
      var box = document.createElement("div");
      box.className = "map-popup";
      var title = document.createElement("strong");
      var code = String(properties[kind.code]);
      title.textContent = codeLabels[code] || code;
      box.appendChild(title);
      var list = document.createElement("dl");
      kind.fields.forEach(function (field) {
        if (properties[field] === undefined || properties[field] === null) { return; }
        var term = document.createElement("dt");
        term.textContent = fieldLabels[field] || field;
        var value = document.createElement("dd");
        value.textContent = formatNumber(properties[field], field);
        list.appendChild(term);
        list.appendChild(value);
      });
      box.appendChild(list);
      return box;
    }

    var group = L.geoJSON(null, {
      style: style,
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, { radius: 8 }); },
      onEachFeature: function (feature, layer) {
        var code = String(feature.properties[kind.code]);
        layer.bindPopup(popup(feature.properties));
        // The SVG element is made anew each time the layer is shown.
        layer.on("add", function () {
          var element = layer.getElement();
          if (element) { element.setAttribute(kind.attribute, code); }
        });
      }
    });

    var state = { group: group, loaded: null };
    function loaded(collection) {
      if (collection && collection.features) { group.addData(collection); }
      container.setAttribute(
        "data-" + definition.id + "-cells",
        String(collection && collection.features ? collection.features.length : 0)
      );
    }
    state.load = function () {
      if (state.loaded) { return state.loaded; }
      if (definition.data || !definition.url) {
        loaded(definition.data);
        state.loaded = Promise.resolve();
      } else {
        state.loaded = fetch(definition.url, {
          credentials: "same-origin",
          headers: { Accept: "application/geo+json, application/json" }
        }).then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) { throw new Error(String(response.status)); }
            return body;
          });
        }).then(loaded).catch(function () {
          container.setAttribute("data-" + definition.id + "-cells", "failed");
          var status = document.getElementById(container.id + "-status");
          if (status) { status.textContent = labels.failed || ""; }
        });
      }
      return state.loaded;
    };
    // Fetched when first switched on: a hidden layer costs nothing.
    group.on("add", function () { state.load(); });
    return state;
  }

  function initMap(container) {
    if (typeof L === "undefined") { return; }
    var config = readJson(container.dataset.config) || {};
    var map = L.map(container, { scrollWheelZoom: false, attributionControl: true });
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution || "" }).addTo(map);
    }

    var outlineLayer = null;
    function drawOutline(geometry) {
      if (outlineLayer) { map.removeLayer(outlineLayer); outlineLayer = null; }
      if (!geometry) { return null; }
      // Not editable where the drawing tools are loaded (pmIgnore), but drawn lines snap to it.
      outlineLayer = L.geoJSON(geometry, {
        style: { color: "#154273", weight: 3, fill: false, className: "area-outline" },
        pmIgnore: true,
        snapIgnore: false
      }).addTo(map);
      return outlineLayer.getBounds();
    }
    var outlineBounds = config.outline ? drawOutline(config.outline) : null;

    var overlays = {};
    var pending = [];
    var states = (config.layers || []).map(function (definition) {
      var state = cellLayer(map, container, config, definition);
      overlays[definition.label || definition.id] = state.group;
      if (definition.shown) {
        state.group.addTo(map);
        pending.push(state.load());
      }
      return state;
    });
    if (states.length > 1) {
      L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    }

    function fit() {
      var bounds = outlineBounds;
      if (!bounds || !bounds.isValid()) {
        states.forEach(function (state) {
          if (!map.hasLayer(state.group)) { return; }
          var b = state.group.getBounds();
          if (b.isValid()) { bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast()); }
        });
      }
      if (bounds && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [10, 10] });
      } else {
        map.setView([52.1, 5.3], 7);
      }
    }
    fit();

    // The public report form: a click sets latitude and longitude.
    var lat = document.getElementById(container.dataset.latField || "");
    var lon = document.getElementById(container.dataset.lonField || "");
    if (lat && lon) {
      var marker = null;
      map.on("click", function (event) {
        lat.value = event.latlng.lat.toFixed(6);
        lon.value = event.latlng.lng.toFixed(6);
        if (marker) { marker.setLatLng(event.latlng); }
        else { marker = L.circleMarker(event.latlng, { radius: 8, className: "picked-point" }).addTo(map); }
      });
    }

    // Other scripts (schakel/map-draw.js) build on the map once it stands.
    container.dispatchEvent(new CustomEvent("schakel:map-ready", { bubbles: true, detail: { map: map } }));

    var ready = Promise.all(pending);
    container.schakelMap = { map: map, states: states, ready: ready };

    ready.then(function () {
      if (pending.length && !config.outline) { fit(); }
      container.dataset.ready = "true";
    });
  }

  // "Show on the map" beside a table row (data-show-cell="<cell id>", data-map="<map id>"):
  // zoom to the cell and open its popup. The buttons are hidden until the map is there; a click
  // before the map's layers have loaded waits for them (it did nothing before).
  function showCell(button) {
    var container = document.getElementById(button.dataset.map || "");
    var handle = container && container.schakelMap;
    if (!handle) { return; }
    handle.ready.then(function () { openCell(container, handle, button.dataset.showCell); });
  }

  function openCell(container, handle, cellId) {
    handle.states.forEach(function (state) {
      state.group.eachLayer(function (layer) {
        if (layer.feature && layer.feature.properties.cell_id === cellId) {
          container.scrollIntoView({ block: "center" });
          handle.map.fitBounds(layer.getBounds(), { maxZoom: 17 });
          layer.openPopup();
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll(".schakel-map");
    for (var i = 0; i < maps.length; i++) { initMap(maps[i]); }
    var buttons = document.querySelectorAll("[data-show-cell]");
    for (var j = 0; j < buttons.length; j++) {
      if (document.getElementById(buttons[j].dataset.map || "")) { buttons[j].hidden = false; }
    }
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("[data-show-cell]") : null;
      if (button) { showCell(button); }
    });
  });
})();
