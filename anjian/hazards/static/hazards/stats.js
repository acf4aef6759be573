// 隐患统计: ECharts from the page's JSON block (strict CSP: no inline scripts), one chart per
// entry: its key, kind (a ring or a bar) and rows; charts follow the width of their cards.
(function () {
  "use strict";

  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var PALETTE = ["#066fd1", "#f76707", "#ae3ec9", "#2fb344", "#d63939", "#f59f00", "#0ca678", "#6c7a91"];
  // Tabler's colours by name, as the status and grade badges use them.
  var COLOURS = {
    azure: "#4299e1", orange: "#f76707", purple: "#ae3ec9", green: "#2fb344", red: "#d63939",
    yellow: "#f59f00", blue: "#066fd1", secondary: "#9ba9be",
  };

  function ring(rows, wide) {
    var counts = {};
    var data = rows.map(function (r) {
      counts[r.name] = r.value;
      var item = { name: r.name, value: r.value };
      if (COLOURS[r.colour]) {
        item.itemStyle = { color: COLOURS[r.colour] };
      }
      return item;
    });
    return {
      tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
      legend: {
        bottom: 0, icon: "circle", textStyle: { fontFamily: FONT },
        formatter: function (name) { return name + " " + counts[name]; },
      },
      series: [{
        type: "pie", radius: ["42%", "68%"], center: ["50%", "44%"], avoidLabelOverlap: true,
        label: { show: wide, formatter: "{b}\n{c}", fontFamily: FONT },
        labelLine: { show: wide }, data: data,
      }],
    };
  }

  function bar(rows) {
    var sorted = rows.slice().reverse();
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1, axisLabel: { fontFamily: FONT } },
      yAxis: {
        type: "category", data: sorted.map(function (r) { return r.name; }),
        axisLabel: { fontFamily: FONT, width: 96, overflow: "truncate" },
      },
      series: [{
        type: "bar", data: sorted.map(function (r) { return r.value; }), barMaxWidth: 22,
        itemStyle: { color: "#066fd1", borderRadius: [0, 3, 3, 0] },
        label: { show: true, position: "right", fontFamily: FONT },
      }],
    };
  }

  function empty(node) {
    node.classList.add("d-flex", "align-items-center", "justify-content-center", "text-secondary");
    node.textContent = "统计期内没有数据";
  }

  function start() {
    var source = document.getElementById("hazard-charts");
    if (!source || typeof echarts === "undefined") {
      return;
    }
    var charts = [];
    JSON.parse(source.textContent).forEach(function (spec) {
      var node = document.querySelector('[data-chart="' + spec.key + '"]');
      if (!spec.rows.some(function (r) { return r.value > 0; })) {
        empty(node);
        return;
      }
      var chart = echarts.init(node, null, { renderer: "canvas" });
      var wide = node.clientWidth >= 420;  // on a phone the legend carries the counts
      var option = spec.kind === "bar" ? bar(spec.rows) : ring(spec.rows, wide);
      option.color = PALETTE;
      option.textStyle = { fontFamily: FONT };
      chart.setOption(option);
      charts.push(chart);
      node.setAttribute("data-ready", "true");
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
