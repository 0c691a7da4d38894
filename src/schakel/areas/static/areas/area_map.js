/* Area maps (Leaflet): the area outline, hot- and cold-spot cells, and (on the public report
   page) a point picked by clicking. Works without a base map: with an empty tile URL the
   polygons are drawn on a plain background. Data comes from json_script elements. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    try { return JSON.parse(element.textContent); } catch (e) { return null; }
  }

  var CELL_COLOURS = {
    "3": "#b2182b", "2": "#ef8a62", "1": "#fddbc7",
    "-1": "#d1e5f0", "-2": "#67a9cf", "-3": "#2166ac"
  };

  function cellStyle(feature) {
    var cls = String(feature.properties.hot_cold_class);
    return {
      color: "#555", weight: 0.5, fillOpacity: 0.7,
      fillColor: CELL_COLOURS[cls] || "#ffffff",
      className: "hotspot-cell " + (Number(cls) > 0 ? "hotspot-cell--hot" : "hotspot-cell--cold")
    };
  }

  function initMap(container) {
    if (typeof L === "undefined") { return; }
    var map = L.map(container, { scrollWheelZoom: false, attributionControl: true });
    var tiles = container.dataset.tileUrl;
    if (tiles) {
      L.tileLayer(tiles, {
        maxZoom: 19,
        attribution: "Kaartgegevens &copy; Kadaster / PDOK"
      }).addTo(map);
    }
    var bounds = null;
    var outline = readJson("map-outline");
    var outlineLayer = null;
    function drawOutline(geometry) {
      if (outlineLayer) { map.removeLayer(outlineLayer); outlineLayer = null; }
      if (!geometry) { return null; }
      outlineLayer = L.geoJSON(geometry, {
        style: { color: "#154273", weight: 3, fill: false, className: "area-outline" }
      }).addTo(map);
      return outlineLayer.getBounds();
    }
    if (outline) { bounds = drawOutline(outline); }
    var cells = readJson("map-cells");
    if (cells && cells.features && cells.features.length) {
      var cellLayer = L.geoJSON(cells, {
        style: cellStyle,
        onEachFeature: function (feature, layer) {
          var p = feature.properties;
          layer.bindTooltip(p.cell_id + ": " + p.count + " (z " + p.gi_z + ")");
        }
      }).addTo(map);
      bounds = bounds ? bounds.extend(cellLayer.getBounds()) : cellLayer.getBounds();
    }
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [10, 10] });
    } else {
      map.setView([52.1, 5.3], 7);
    }

    // The outline textarea of the area form: preview what is pasted.
    var textarea = document.getElementById(container.dataset.previewFor || "");
    if (textarea) {
      var preview = function () {
        try {
          var b = drawOutline(JSON.parse(textarea.value));
          if (b && b.isValid()) { map.fitBounds(b, { padding: [10, 10] }); }
        } catch (e) { /* not (yet) valid JSON: the server says what is wrong */ }
      };
      textarea.addEventListener("input", preview);
      if (textarea.value) { preview(); }
    }

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
    container.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var maps = document.querySelectorAll(".area-map");
    for (var i = 0; i < maps.length; i++) { initMap(maps[i]); }
  });
})();
