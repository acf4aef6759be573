// The map's own base layer: the boundaries of the regions and grids in the user's scope
// (GET /api/v1/boundaries, GeoJSON). Without a tile server they are the map, filled and labelled;
// over tiles they are lines only. A note in the corner says how to configure tiles. Nothing here
// builds markup with style attributes (strict CSP): styles are Leaflet path options and classes.
(function () {
  "use strict";

  var DEPTH = { province: 0, city: 1, county: 2, township: 3, village: 4, grid: 5 };
  // Quiet tints, far from the red, orange, yellow and blue of the risk grades drawn on top.
  var TINTS = ["#d5e3cc", "#e0dcea", "#cfe2de", "#e6e0d2", "#d9dee6", "#e2ead6", "#e6dce3"];
  var LINES = {
    city: { color: "#5f6b7a", weight: 2.5 },
    county: { color: "#6c7a89", weight: 2.5 },
    township: { color: "#8995a3", weight: 1.25 },
    village: { color: "#a3adb8", weight: 1, dashArray: "2 4" },
    grid: { color: "#a3adb8", weight: 1, dashArray: "4 4" },
  };
  var NOTE_NO_TILES = "未配置地图瓦片，底图为区划与网格边界。" +
    "接入天地图或内网瓦片服务的方法见《管理员手册》“地图底图”。";
  var NOTE_NOTHING = "未配置地图瓦片，也未导入区划边界。" +
    "导入边界或配置瓦片的方法见《管理员手册》“地图底图”。";

  function isLand(level) {
    return level === "city" || level === "province";
  }

  // Without tiles the city is land and the finest areas below it are tinted one by one;
  // coarser areas keep only their thicker outline, so tints never pile up.
  function style(feature, index, tinted) {
    var level = feature.properties.level;
    var line = LINES[level] || LINES.township;
    return {
      color: line.color,
      weight: line.weight,
      dashArray: line.dashArray || null,
      fill: isLand(level) ? Boolean(tinted) : level === tinted,
      fillColor: isLand(level) ? "#eee8da" : TINTS[index % TINTS.length],
      fillOpacity: isLand(level) ? 0.8 : 0.75,
      interactive: false,
      className: "boundary boundary-" + level,
      pane: "boundaries",
    };
  }

  // The level whose areas get a tint: the finest of county and township present.
  function tintedLevel(features) {
    var levels = features.map(function (f) { return f.properties.level; });
    if (levels.indexOf("township") >= 0) {
      return "township";
    }
    return levels.indexOf("county") >= 0 ? "county" : "city";
  }

  // Districts and townships are named in the middle of their area; grids only when zoomed in.
  function label(layer, feature) {
    var level = feature.properties.level;
    if (isLand(level)) {
      return;
    }
    layer.bindTooltip(feature.properties.name, {
      permanent: true,
      direction: "center",
      interactive: false,
      className: "boundary-label boundary-label-" + level,
    });
  }

  function showLabelsFor(map, container) {
    var zoom = map.getZoom();
    container.classList.toggle("labels-townships", zoom >= 12);
    container.classList.toggle("labels-grids", zoom >= 14);
  }

  function note(text) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-note");
      box.textContent = text;
      box.setAttribute("data-testid", "map-note");
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function drawn(map, container, collection, filled) {
    var features = collection.features.slice().sort(function (a, b) {
      return (DEPTH[a.properties.level] || 0) - (DEPTH[b.properties.level] || 0);
    });
    var tinted = filled ? tintedLevel(features) : "";
    var count = 0;
    L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (feature) { count += 1; return style(feature, count, tinted); },
      onEachFeature: function (feature, layer) { label(layer, feature); },
    }).addTo(map);
    container.setAttribute("data-boundaries", String(features.length));
    map.on("zoomend", function () { showLabelsFor(map, container); });
    showLabelsFor(map, container);
    return features.length;
  }

  // Draw the boundaries on the map; resolves when they are drawn (or could not be had).
  function draw(map, data, container) {
    var tiles = data.tiles || {};
    if (!tiles.boundaries) {
      return Promise.resolve(0);
    }
    var pane = map.createPane("boundaries");
    pane.style.zIndex = 350; // above tiles (200), below markers and their paths (400)
    var request = fetch(tiles.boundaries, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    return request
      .then(function (response) { return response.ok ? response.json() : { features: [] }; })
      .catch(function () { return { features: [] }; })
      .then(function (collection) {
        var count = drawn(map, container, collection, !tiles.url);
        if (!tiles.url && data.cluster) {
          note(count ? NOTE_NO_TILES : NOTE_NOTHING).addTo(map);
        }
        return count;
      });
  }

  window.anjianBasemap = { draw: draw };
})();
