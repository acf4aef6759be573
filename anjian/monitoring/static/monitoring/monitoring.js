// Monitoring pages: a point's readings as an ECharts line with its alarm thresholds drawn as
// dashed lines (high/low orange, high-high/low-low red) and a min–max band for rolled-up data.
// Data comes from the page's JSON block (strict CSP: no inline scripts).
// Times are drawn in Beijing time whatever the viewer's computer is set to, as on the rest of the
// page: each time is moved by +8 h and the chart draws in UTC (China has no summer time).
(function () {
  "use strict";

  var BEIJING_OFFSET_MS = 8 * 3600 * 1000;
  // Quantities that cannot go below zero: their axis starts at 0 or above, never at -5 %LEL.
  var NON_NEGATIVE = { level: true, flammable_gas: true, toxic_gas: true, flow: true };

  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var LINE = "#066fd1";
  var SEVERE = { low_low: true, high_high: true };

  function thresholdLines(data) {
    var lines = [];
    Object.keys(data.labels).forEach(function (key) {
      var value = data.thresholds[key];
      if (value === null || value === undefined) {
        return;
      }
      var colour = SEVERE[key] ? "#d63939" : "#f76707";
      lines.push({
        name: data.labels[key], yAxis: value,
        lineStyle: { color: colour, type: "dashed", width: 1.5 },
        label: {
          formatter: data.labels[key] + " " + value, position: "insideEndTop", color: colour,
          fontFamily: FONT,
        },
      });
    });
    return lines;
  }

  function beijingTime(text) {
    return new Date(text).getTime() + BEIJING_OFFSET_MS;
  }

  function extent(data, lines) {
    var values = [];
    data.data.forEach(function (row) {
      values.push(row[1]);
      if (row.length > 3) {
        values.push(row[2], row[3]);
      }
    });
    lines.forEach(function (line) { values.push(line.yAxis); });
    var low = Math.min.apply(null, values);
    var high = Math.max.apply(null, values);
    var pad = (high - low) * 0.08 || Math.abs(high) * 0.1 || 1;
    var step = niceStep((high - low + 2 * pad) / 5);
    var min = +(Math.floor((low - pad) / step) * step).toPrecision(12);
    return {
      min: NON_NEGATIVE[data.kind] ? Math.max(0, min) : min,
      max: +(Math.ceil((high + pad) / step) * step).toPrecision(12),
    };
  }

  // 1, 2 or 5 times a power of ten, so the axis ends on round numbers.
  function niceStep(rough) {
    var power = Math.pow(10, Math.floor(Math.log10(rough)));
    var unit = rough / power;
    return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
  }

  function bandSeries(data) {
    if (!data.data.length || data.data[0].length < 4) {
      return [];
    }
    var base = { type: "line", stack: "band", symbol: "none", silent: true, lineStyle: { opacity: 0 } };
    return [
      Object.assign({ name: "最小值", data: data.data.map(function (r) { return [r[0], r[2]]; }) }, base),
      Object.assign({
        name: "波动范围", areaStyle: { color: "rgba(6, 111, 209, .12)" },
        data: data.data.map(function (r) { return [r[0], r[3] - r[2]]; }),
      }, base),
    ];
  }

  function option(raw) {
    var data = Object.assign({}, raw, {
      data: raw.data.map(function (row) { return [beijingTime(row[0])].concat(row.slice(1)); }),
    });
    var lines = thresholdLines(data);
    var range = extent(data, lines);
    var main = {
      name: data.name, type: "line", showSymbol: false, lineStyle: { color: LINE, width: 2 },
      itemStyle: { color: LINE }, data: data.data.map(function (r) { return [r[0], r[1]]; }),
      markLine: { symbol: "none", silent: true, data: lines },
    };
    return {
      useUTC: true,
      textStyle: { fontFamily: FONT },
      animation: false,
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        valueFormatter: function (value) { return value + " " + data.unit; },
      },
      xAxis: {
        type: "time",
        axisLabel: {
          hideOverlap: true,
          formatter: { day: "{MM}-{dd}", hour: "{HH}:{mm}", minute: "{HH}:{mm}" },
        },
      },
      yAxis: { type: "value", name: data.unit, min: range.min, max: range.max, scale: true },
      dataZoom: [{ type: "inside" }],
      series: [main].concat(bandSeries(data)),
    };
  }

  function drawChart() {
    var node = document.querySelector("[data-reading-chart]");
    var source = document.getElementById("chart-data");
    if (!node || !source || typeof echarts === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    if (!data.data.length) {
      node.classList.add("d-flex", "align-items-center", "justify-content-center", "text-secondary");
      node.textContent = "该时间范围内没有数据";
      return;
    }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    chart.setOption(option(data));
    node.setAttribute("data-ready", "true");
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawChart);
  } else {
    drawChart();
  }
})();
