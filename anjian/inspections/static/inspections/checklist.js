// The on-site checklist: stamps each card with the phone's position (when the user allows it)
// and saves 符合 / 不涉及 at once; 不符合 opens its details and is saved with its own button.
(function () {
  "use strict";
  var position = null;
  var status = document.getElementById("geo-status");

  function fill(root) {
    if (!position) return;
    root.querySelectorAll('input[name="lat"]').forEach(function (el) { el.value = position.lat; });
    root.querySelectorAll('input[name="lon"]').forEach(function (el) { el.value = position.lon; });
  }

  function say(text) { if (status) status.textContent = text; }

  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(
      function (p) {
        position = { lat: p.coords.latitude.toFixed(6), lon: p.coords.longitude.toFixed(6) };
        say("已取得定位：" + position.lat + ", " + position.lon);
        fill(document);
      },
      function () { say("未取得定位（已拒绝或不可用），检查结果照常保存。"); },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
    );
  } else {
    say("未取得定位（浏览器不支持），检查结果照常保存。");
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.name !== "result" || !input.closest(".checklist-card")) return;
    if (input.value === "conform" || input.value === "na") {
      var form = input.closest("form");
      fill(form);
      form.requestSubmit();
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.closest && event.target.closest(".checklist")) fill(event.target);
  }, true);
  document.addEventListener("htmx:afterSettle", function () { fill(document); });
})();
