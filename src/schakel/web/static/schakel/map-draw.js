/* Drawing an area outline on a Schakel map (Leaflet-Geoman, vendored in vendor/leaflet-geoman).

   A map whose element has data-draw-into="<textarea id>" gets a toolbar to draw polygons (and
   rectangles), move their corners, drag and delete them. The textarea stays the form field: every
   change on the map is written into it as one GeoJSON geometry (a Polygon, or a MultiPolygon for
   several parts), and what is typed or pasted into it is shown on the map as editable shapes.
   Without JavaScript, or for keyboard users, the textarea is the whole form; the server checks
   the outline either way (areas/geojson.py).

   The map sets data-drawing="ready" once the tools stand, and data-drawn-polygons="<n>" after
   every change. The page may hold "<map id>-draw-hint" (hidden; shown once drawing works) and
   "<map id>-draw-status" (a live region whose data-drawn and data-cleared
   attributes carry the translated messages), so this file holds no user-facing text. */
(function () {
  "use strict";

  if (typeof L === "undefined" || !L.PM) { return; }

  var STYLE = { color: "#a4350f", weight: 3, fillColor: "#a4350f", fillOpacity: 0.12, className: "area-drawn" };
  var PRECISION = 7; // decimals of a degree: about a centimetre

  // The polygons (each a list of rings of [lon, lat]) in a GeoJSON object; null when it holds none.
  function polygonsOf(data) {
    if (!data || typeof data !== "object") { return null; }
    if (data.type === "Polygon" && Array.isArray(data.coordinates)) { return [data.coordinates]; }
    if (data.type === "MultiPolygon" && Array.isArray(data.coordinates)) { return data.coordinates.slice(); }
    if (data.type === "Feature") { return polygonsOf(data.geometry); }
    if (data.type === "FeatureCollection" && Array.isArray(data.features)) {
      var all = [];
      for (var i = 0; i < data.features.length; i++) {
        var some = polygonsOf(data.features[i]);
        if (some) { all = all.concat(some); }
      }
      return all;
    }
    return null;
  }

  function geometryOf(polygons) {
    if (!polygons.length) { return null; }
    if (polygons.length === 1) { return { type: "Polygon", coordinates: polygons[0] }; }
    return { type: "MultiPolygon", coordinates: polygons };
  }

  function messages(container) {
    var element = document.getElementById(container.id + "-draw-status");
    return {
      element: element,
      text: function (name) {
        return element ? element.getAttribute("data-" + name) || "" : "";
      }
    };
  }

  // Geoman puts a button's title on its container; a screen reader needs it on the button.
  function labelButtons(container) {
    var buttons = container.querySelectorAll(".leaflet-buttons-control-button");
    for (var i = 0; i < buttons.length; i++) {
      var title = buttons[i].parentNode.getAttribute("title");
      if (title) { buttons[i].setAttribute("aria-label", title); }
    }
  }

  function setUp(container, map) {
    var textarea = document.getElementById(container.dataset.drawInto || "");
    if (!textarea) { return; }
    var say = messages(container);
    var drawn = L.featureGroup().addTo(map);

    map.pm.setLang((document.documentElement.lang || "nl").slice(0, 2) === "nl" ? "nl" : "en");
    map.pm.setGlobalOptions({
      layerGroup: drawn,
      pathOptions: STYLE,
      snappable: true,
      snapDistance: 15,
      allowSelfIntersection: false,
      continueDrawing: false
    });
    map.pm.addControls({
      position: "topleft",
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawCircle: false,
      drawText: false,
      drawRectangle: true,
      drawPolygon: true,
      editMode: true,
      dragMode: true,
      cutPolygon: false,
      rotateMode: false,
      removalMode: true
    });
    labelButtons(container);

    function write() {
      var polygons = [];
      drawn.eachLayer(function (layer) {
        if (!map.hasLayer(layer)) { return; }
        polygons = polygons.concat(polygonsOf(layer.toGeoJSON(PRECISION).geometry) || []);
      });
      var geometry = geometryOf(polygons);
      textarea.value = geometry ? JSON.stringify(geometry) : "";
      container.dataset.drawnPolygons = String(polygons.length);
      if (say.element) {
        say.element.textContent = polygons.length
          ? say.text("drawn")
          : say.text("cleared");
      }
    }

    function watch(layer) {
      layer.on("pm:edit", write);
    }

    // The textarea's outline as editable shapes: one layer per polygon, so each can be removed.
    function load() {
      var polygons;
      try { polygons = polygonsOf(JSON.parse(textarea.value)); } catch (e) { polygons = null; }
      if (polygons === null) { return false; } // not (yet) GeoJSON: the server says what is wrong
      drawn.clearLayers();
      polygons.forEach(function (coordinates) {
        var layer;
        try {
          layer = L.polygon(L.GeoJSON.coordsToLatLngs(coordinates, 1), STYLE);
        } catch (e) { return; }
        drawn.addLayer(layer);
        watch(layer);
      });
      container.dataset.drawnPolygons = String(drawn.getLayers().length);
      return true;
    }

    map.on("pm:create", function (event) {
      watch(event.layer);
      write();
    });
    map.on("pm:remove", write);
    textarea.addEventListener("input", function () {
      if (load()) {
        var bounds = drawn.getBounds();
        if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
      }
    });

    if (textarea.value.trim() && load()) {
      var bounds = drawn.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); }
    }
    var hint = document.getElementById(container.id + "-draw-hint");
    if (hint) { hint.hidden = false; }
    container.dataset.drawing = "ready";
  }

  document.addEventListener("schakel:map-ready", function (event) {
    if (event.target && event.target.dataset && event.target.dataset.drawInto) {
      setUp(event.target, event.detail.map);
    }
  });
})();
