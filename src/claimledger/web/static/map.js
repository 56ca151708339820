// Draws the story's places on a Leaflet map (no tile server: markers over a plain graticule).
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { worldCopyJump: true, attributionControl: false }).setView([48.5, 35], 5);
  for (var lat = -80; lat <= 80; lat += 10) {
    L.polyline([[lat, -180], [lat, 180]], { color: "#ccd", weight: 1, interactive: false }).addTo(map);
  }
  for (var lon = -180; lon <= 180; lon += 10) {
    L.polyline([[-85, lon], [85, lon]], { color: "#ccd", weight: 1, interactive: false }).addTo(map);
  }
  fetch(el.getAttribute("data-places"), { headers: { Accept: "application/json" } })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var points = [];
      (data.places || []).forEach(function (p) {
        if (p.lat === null || p.lon === null || p.lat === undefined) { return; }
        var marker = L.circleMarker([p.lat, p.lon], {
          radius: 5 + Math.min(10, p.documents || 1), color: p.kind === "event" ? "#6a1b9a" : "#b3261e", weight: 2, fillOpacity: 0.5,
          className: "place-marker"
        }).addTo(map);
        var label = document.createElement("span");
        label.textContent = (p.name || "?") + (p.kind === "event" ? " — " + p.events + " event(s): " + (p.kinds || "") : "") +
          (p.documents ? " (" + p.documents + " documents)" : "");
        marker.bindTooltip(label);
        points.push([p.lat, p.lon]);
      });
      el.setAttribute("data-markers", String(points.length));
      if (points.length === 1) { map.setView(points[0], 7); }
      if (points.length > 1) { map.fitBounds(points, { padding: [30, 30], maxZoom: 9 }); }
    })
    .catch(function () { el.setAttribute("data-markers", "error"); });
}());
