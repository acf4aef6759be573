// Record pages: the action dialog (HTMX loads each form into one Tabler modal), the signature
// pad (pointer events: mouse, pen and touch), photo previews, the governance plan shown only
// for a major hazard, and 小类 filtered by 大类. No inline scripts (strict CSP); the pieces are
// set up on page load and again on every piece of content HTMX swaps in.
(function () {
  "use strict";

  var LOADING = "加载中…";

  function setUpPad(box) {
    var canvas = box.querySelector("canvas");
    var input = box.closest("form").querySelector("input[name=signature_image]");
    if (!canvas || !input || canvas.dataset.ready) {
      return;
    }
    canvas.dataset.ready = "true";
    var ctx = canvas.getContext("2d");
    var drawing = false;

    function fit() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var width = canvas.clientWidth;
      var height = canvas.clientHeight;
      if (!width || canvas.width === Math.round(width * ratio)) {
        return;
      }
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#182433";
      ctx.fillStyle = "#182433";
      if (input.value) {
        restore();
      }
    }

    function restore() {  // a form sent back with an error keeps the drawn signature
      var picture = new Image();
      picture.onload = function () {
        ctx.drawImage(picture, 0, 0, canvas.clientWidth, canvas.clientHeight);
      };
      picture.src = input.value;
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      fit();
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      ctx.beginPath();
      ctx.arc(p.x, p.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.beginPath();
      ctx.moveTo(p.x, p.y);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) {
        return;
      }
      var p = point(event);
      ctx.lineTo(p.x, p.y);
      ctx.stroke();
      event.preventDefault();
    });
    function finish() {
      if (drawing) {
        drawing = false;
        input.value = canvas.toDataURL("image/png");
      }
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);
    box.querySelector("[data-signature-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      input.value = "";
    });
    box.fit = fit;
    fit();
  }

  function setUpSignature(root) {
    var pad = root.querySelector("[data-signature-pad]");
    if (!pad) {
      return;
    }
    setUpPad(pad);
    root.querySelectorAll("input[name=signature_method]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        pad.classList.toggle("d-none", radio.value !== "handwritten" || !radio.checked);
        if (pad.fit) {
          pad.fit();
        }
      });
    });
  }

  function setUpSubcategories(root) {
    var category = root.querySelector("select[name=category]");
    var sub = root.querySelector("select[name=subcategory]");
    if (!category || !sub) {
      return;
    }
    function filter() {
      sub.querySelectorAll("option[data-category]").forEach(function (option) {
        var match = option.dataset.category === category.value;
        option.hidden = !match;
        option.disabled = !match;
        if (!match && option.selected) {
          sub.value = "";
        }
      });
    }
    category.addEventListener("change", filter);
    filter();
  }

  function setUpPreviews(root) {
    root.querySelectorAll("input[type=file][capture]").forEach(function (input) {
      var box = input.parentElement.querySelector("[data-photo-previews]");
      if (!box) {
        return;
      }
      input.addEventListener("change", function () {
        box.replaceChildren();
        Array.prototype.forEach.call(input.files, function (file) {
          if (!file.type || file.type.indexOf("image/") !== 0) {
            return;
          }
          var img = document.createElement("img");
          img.alt = file.name;
          img.src = URL.createObjectURL(file);
          img.onload = function () { URL.revokeObjectURL(img.src); };
          box.appendChild(img);
        });
      });
    });
  }

  // A photo kept from a refused submission can be taken out again: its id leaves the list the
  // form sends (the upload itself is swept once abandoned).
  function unstage(event) {
    var button = event.target.closest("[data-unstage]");
    if (!button) {
      return;
    }
    var form = button.closest("form");
    var input = form && form.querySelector("[data-staged-ids]");
    if (!input) {
      return;
    }
    var id = button.dataset.unstage;
    input.value = input.value.split(",").filter(function (part) {
      return part && part !== id;
    }).join(",");
    var box = button.closest("[data-testid=staged-photos]");
    button.closest("[data-staged-photo]").remove();
    if (box && !box.querySelector("[data-staged-photo]")) {
      box.remove();
    }
  }

  // A length limit is shown, never applied silently: the browser's maxlength (which drops what
  // is typed or pasted beyond it without a word) becomes a counter under the field, and text
  // over the limit is marked with a plain message and keeps the form from being sent.
  var COUNTED = "textarea[maxlength], input[maxlength]:not([type=hidden]):not([type=password])";

  function setUpCounter(field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!(limit > 0) || field.dataset.maxlength) {
      return;
    }
    field.dataset.maxlength = String(limit);
    field.removeAttribute("maxlength");
    var counter = document.createElement("div");
    counter.className = "form-hint small length-counter";
    counter.setAttribute("data-testid", "length-counter");
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    var always = field.tagName === "TEXTAREA";
    function update() {
      var used = Array.from(field.value).length;  // characters, as the server counts them
      var over = used - limit;
      if (over > 0 || field.dataset.overLimit) {  // leave the server's own error mark alone
        field.classList.toggle("is-invalid", over > 0);
        field.dataset.overLimit = over > 0 ? "true" : "";
      }
      counter.classList.toggle("text-danger", over > 0);
      counter.hidden = !always && over <= 0 && used < limit * 0.8;
      counter.textContent = over > 0
        ? "已超出 " + over + " 字：最多 " + limit + " 字，请删减后再提交。"
        : "已输入 " + used + " / " + limit + " 字";
    }
    field.addEventListener("input", update);
    update();
  }

  function setUpCounters(form) {
    form.querySelectorAll(COUNTED).forEach(setUpCounter);
    // Capture, so that this runs before HTMX sends a form it would refuse anyway.
    form.addEventListener("submit", function (event) {
      var over = Array.prototype.find.call(form.querySelectorAll("[data-maxlength]"), function (f) {
        return Array.from(f.value).length > parseInt(f.dataset.maxlength, 10);
      });
      if (over) {
        event.preventDefault();
        event.stopImmediatePropagation();
        over.focus();
      }
    }, true);
  }

  function setUp(root) {
    var forms = root.matches && root.matches("form") ? [root] : root.querySelectorAll("form");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.dataset.hazardReady) {
        return;
      }
      form.dataset.hazardReady = "true";
      setUpSignature(form);
      setUpSubcategories(form);
      setUpPreviews(form);
      setUpCounters(form);
    });
  }

  function resetDialogOnClose() {
    var dialog = document.querySelector("[data-action-dialog]");
    if (!dialog) {
      return;
    }
    dialog.addEventListener("show.bs.modal", function () {
      dialog.dataset.state = "opening";
    });
    dialog.addEventListener("shown.bs.modal", function () {
      dialog.dataset.state = "open";
      var pad = dialog.querySelector("[data-signature-pad]");
      if (pad && pad.fit) {
        pad.fit();
      }
    });
    dialog.addEventListener("hidden.bs.modal", function () {
      var content = document.createElement("div");
      content.className = "modal-content";
      var body = document.createElement("div");
      body.className = "modal-body text-secondary";
      body.textContent = LOADING;
      content.appendChild(body);
      dialog.querySelector(".modal-dialog").replaceChildren(content);
    });
  }

  // A refused dialog (no right, or the state changed meanwhile): close it; app.js says why. A
  // server error after the form was filled keeps it open, so what was typed can be sent again.
  function closeDialogOnError(event) {
    var dialog = document.querySelector("[data-action-dialog]");
    var target = event.detail.target;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (!dialog || !target || !dialog.contains(target)) {
      return;
    }
    if (status >= 500 && target.querySelector("form")) {
      return;
    }
    var api = window.tabler || window.bootstrap;
    var modal = api && api.Modal && api.Modal.getInstance(dialog);
    if (!modal) {
      return;
    }
    // Bootstrap ignores hide() while the dialog is still opening: close it once it has opened.
    if (dialog.dataset.state === "opening") {
      dialog.addEventListener("shown.bs.modal", function () { modal.hide(); }, { once: true });
    } else {
      modal.hide();
    }
  }

  function start() {
    setUp(document);
    resetDialogOnClose();
    document.body.addEventListener("htmx:responseError", closeDialogOnError);
    document.body.addEventListener("click", unstage);
    document.body.addEventListener("htmx:load", function (event) {
      setUp(event.detail.elt);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
