// 标准计算器: substance rows of the GB 18218 form, and the rule picker shown on phones.
(function () {
  "use strict";

  function clearRow(row) {
    row.querySelectorAll("input, select").forEach(function (field) { field.value = ""; });
  }

  function addRow(button) {
    var list = button.closest("form").querySelector("[data-substance-rows]");
    var template = document.getElementById("substance-row-template");
    var row = template.content.firstElementChild.cloneNode(true);
    list.appendChild(row);
    row.querySelector("input").focus();
  }

  function removeRow(button) {
    var row = button.closest("[data-substance-row]");
    var list = row.parentElement;
    // The form always keeps one row: the last one is emptied instead of removed.
    if (list.querySelectorAll("[data-substance-row]").length > 1) {
      row.remove();
    } else {
      clearRow(row);
    }
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-action=add-substance]");
    var remove = event.target.closest("[data-action=remove-substance]");
    if (add) {
      addRow(add);
    } else if (remove) {
      removeRow(remove);
    }
  });

  function showRule(rule) {
    var tab = document.querySelector('[data-bs-toggle="tab"][data-rule="' + rule + '"]');
    if (tab && window.tabler && window.tabler.bootstrap) {
      window.tabler.bootstrap.Tab.getOrCreateInstance(tab).show();
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-rule-picker]")) {
      showRule(event.target.value);
    }
  });

  // Keep the picker and the address in step with the tab shown, so a reload stays on it.
  document.addEventListener("shown.bs.tab", function (event) {
    var rule = event.target.getAttribute("data-rule");
    var picker = document.querySelector("[data-rule-picker]");
    if (!rule) {
      return;
    }
    if (picker) {
      picker.value = rule;
    }
    history.replaceState(null, "", "?rule=" + encodeURIComponent(rule));
  });
})();
