// 企业地图 and the enterprise page's location map: circle markers coloured by risk grade
// (red, orange, yellow, blue), clustered on the map page. Without a tile server configured the
// region and grid boundaries are the base map (anjian/basemap.js). Data comes from the page's JSON block (strict CSP: no
// inline scripts, and no markup with style attributes is built here).
(function () {
  "use strict";

  var COLOURS = { red: "#d63939", orange: "#f76707", yellow: "#f59f00", blue: "#066fd1" };
  var RISKS = ["major", "larger", "general", "low"]; // gravest first

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function popup(marker) {
    var box = element("div", "map-popup");
    box.appendChild(element("div", "map-popup-name", marker.name));
    box.appendChild(element("div", "text-secondary small", marker.place));
    box.appendChild(element("span", "badge bg-" + marker.colour + "-lt", marker.risk_label));
    var link = element("a", "btn btn-sm btn-primary map-popup-link", "查看一企一档");
    link.href = marker.url;
    link.setAttribute("data-testid", "popup-link");
    box.appendChild(link);
    return box;
  }

  function circle(marker) {
    return L.circleMarker([marker.lat, marker.lng], {
      radius: 9,
      color: "#ffffff",
      weight: 2,
      fillColor: COLOURS[marker.colour] || COLOURS.blue,
      fillOpacity: 0.9,
      className: "risk-marker risk-" + marker.risk,
    });
  }

  // A cluster takes the colour of the gravest risk among the enterprises in it.
  function clusterIcon(cluster) {
    var worst = RISKS.length - 1;
    cluster.getAllChildMarkers().forEach(function (dot) {
      worst = Math.min(worst, dot.riskRank);
    });
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span>" + count + "</span></div>",
      className: "marker-cluster marker-cluster-" + size + " risk-cluster risk-" + RISKS[worst],
      iconSize: L.point(40, 40),
    });
  }

  function markerLayer(data) {
    var layer = data.cluster && L.markerClusterGroup
      ? L.markerClusterGroup({
        showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clusterIcon,
      })
      : L.featureGroup();
    data.markers.forEach(function (marker) {
      var dot = circle(marker);
      dot.riskRank = Math.max(RISKS.indexOf(marker.risk), 0);
      if (data.cluster) {
        dot.bindPopup(popup(marker));
      } else {
        dot.bindTooltip(marker.name);
      }
      layer.addLayer(dot);
    });
    return layer;
  }

  // The server leaves unusable coordinates off the map and lists them; a marker that still is
  // not a finite point in range is skipped here too, so that it can never blank the map.
  function drawable(marker) {
    return isFinite(marker.lat) && isFinite(marker.lng) &&
      Math.abs(marker.lat) <= 90 && Math.abs(marker.lng) <= 180;
  }

  function init(container) {
    var source = document.getElementById("map-data");
    if (!source || typeof L === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    data.markers = (data.markers || []).filter(drawable);
    var tiles = data.tiles || {};
    var map = L.map(container, {
      minZoom: 3,
      maxZoom: 18,
      attributionControl: Boolean(tiles.url),
      scrollWheelZoom: Boolean(data.cluster),
      dragging: Boolean(data.cluster) || !L.Browser.mobile,
    });
    if (tiles.url) {
      L.tileLayer(tiles.url, {
        attribution: tiles.attribution || "", maxZoom: 18, subdomains: tiles.subdomains || "abc",
      }).addTo(map);
    } else {
      container.classList.add("no-tiles");
    }
    markerLayer(data).addTo(map);
    var points = data.markers.map(function (m) { return [m.lat, m.lng]; });
    if (points.length === 1) {
      map.setView(points[0], data.zoom || 14);
    } else if (!points.length) {
      map.setView([35, 105], 4); // nothing drawable: the whole country
    } else {
      map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 15 });
    }
    var base = window.anjianBasemap ? window.anjianBasemap.draw(map, data, container) : null;
    Promise.resolve(base).then(function () { container.setAttribute("data-ready", "true"); });
  }

  function start() {
    document.querySelectorAll("[data-map]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
