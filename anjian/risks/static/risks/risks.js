// Risk pages: the LEC/LS factor groups follow the chosen method, the control level follows the
// live result (until the user types their own), and substance rows of a unit are added and
// removed.
// No inline scripts (strict CSP); the result itself is computed on the server.
(function () {
  "use strict";

  function showMethod(form) {
    var chosen = form.querySelector("input[name=method]:checked");
    form.querySelectorAll("[data-method-fields]").forEach(function (group) {
      var active = !chosen || group.getAttribute("data-method-fields") === chosen.value;
      group.hidden = !active;
      group.disabled = !active;
    });
  }

  function setUpPointForm(form) {
    var control = form.querySelector("input[name=control_level]");
    var standard = Array.prototype.map.call(
      document.querySelectorAll("#control-levels option"), function (o) { return o.value; }
    );
    if (control) {
      // A standard level (or none) follows the result; a level the user typed is kept.
      control.addEventListener("input", function () { control.dataset.typed = "true"; });
      control.dataset.typed = control.value && standard.indexOf(control.value) < 0 ? "true" : "";
    }
    form.querySelectorAll("input[name=method]").forEach(function (radio) {
      radio.addEventListener("change", function () { showMethod(form); });
    });
    showMethod(form);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target.id !== "assessment-result" || !control || control.dataset.typed) {
        return;
      }
      var result = event.detail.target.querySelector("[data-control-level]");
      if (result) {
        control.value = result.getAttribute("data-control-level");
      }
    });
  }

  function setUpSubstances(form) {
    var list = form.querySelector("[data-substance-rows]");
    var template = document.getElementById("substance-row-template");
    if (!list || !template) {
      return;
    }
    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-action=add-substance]");
      var remove = event.target.closest("[data-action=remove-substance]");
      if (add) {
        var row = template.content.firstElementChild.cloneNode(true);
        list.appendChild(row);
        row.querySelector("input").focus();
      } else if (remove) {
        var rows = list.querySelectorAll("[data-substance-row]");
        var current = remove.closest("[data-substance-row]");
        if (rows.length > 1) {
          current.remove();
        } else {  // one row always stays: the last one is emptied instead
          current.querySelectorAll("input, select").forEach(function (f) { f.value = ""; });
        }
      }
    });
  }

  function start() {
    document.querySelectorAll("[data-testid=point-form]").forEach(setUpPointForm);
    document.querySelectorAll("[data-testid=source-form]").forEach(setUpSubstances);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
