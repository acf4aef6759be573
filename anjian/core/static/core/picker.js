// Searchable pickers (core/pickers.py). The text box asks the server for matches as the user
// types; choosing one keeps its id in the hidden input. Without this script the text box still
// works: the server looks the full name or code up when the form is sent.
(function () {
  "use strict";
  var DELAY = 250;

  function setup(box) {
    var text = box.querySelector("[data-picker-text]");
    var value = box.querySelector("[data-picker-value]");
    var list = box.querySelector("[data-picker-list]");
    var hint = box.querySelector("[data-picker-hint]");
    var timer = null;
    var asked = 0;
    var active = -1;
    if (hint && hint.dataset.scriptHint) { hint.textContent = hint.dataset.scriptHint; }

    function close() {
      list.classList.add("d-none");
      text.setAttribute("aria-expanded", "false");
      active = -1;
    }

    function choose(item) {
      value.value = item.dataset.id;
      text.value = item.dataset.label;
      text.classList.remove("is-invalid");
      close();
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function note(message) {
      list.replaceChildren();
      var line = document.createElement("div");
      line.className = "list-group-item text-secondary";
      line.textContent = message;
      list.appendChild(line);
      list.classList.remove("d-none");
    }

    function show(results) {
      list.replaceChildren();
      if (!results.length) { note("没有找到匹配的记录。"); return; }
      results.forEach(function (row, index) {
        var item = document.createElement("button");
        item.type = "button";
        item.className = "list-group-item list-group-item-action";
        item.setAttribute("role", "option");
        item.id = list.id + "_" + index;
        item.dataset.id = row.id;
        item.dataset.label = row.label;
        var name = document.createElement("div");
        name.textContent = row.label;
        item.appendChild(name);
        if (row.detail) {
          var detail = document.createElement("div");
          detail.className = "small text-secondary";
          detail.textContent = row.detail;
          item.appendChild(detail);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(item); });
        list.appendChild(item);
      });
      list.classList.remove("d-none");
      text.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var query = text.value.trim();
      if (!query) { close(); return; }
      var ticket = ++asked;
      fetch(box.dataset.url + "?q=" + encodeURIComponent(query), {
        headers: { "Accept": "application/json" }, credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (ticket === asked) { show(data.results); }
      }).catch(function () {
        if (ticket === asked) { note("查询失败，请输入完整名称或信用代码后直接提交。"); }
      });
    }

    function move(step) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = (active + step + items.length) % items.length;
      items.forEach(function (item, index) { item.classList.toggle("active", index === active); });
      text.setAttribute("aria-activedescendant", items[active].id);
    }

    text.addEventListener("input", function () {
      value.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });
    text.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("[role=option]")[active]);
      }
    });
    text.addEventListener("blur", close);
  }

  function init(root) {
    root.querySelectorAll("[data-picker]:not([data-picker-ready])").forEach(function (box) {
      box.setAttribute("data-picker-ready", "");
      setup(box);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
