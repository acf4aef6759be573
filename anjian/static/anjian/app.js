// anjian page behaviour. No inline scripts anywhere (strict Content-Security-Policy).
(function () {
  "use strict";
  // Show a Chinese message when an HTMX request fails, instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.createElement("div");
    box.className = "alert alert-danger alert-dismissible position-fixed bottom-0 end-0 m-3";
    box.setAttribute("role", "alert");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    box.textContent = status === 403 ? "您无权执行此操作。" :
      status === 404 ? "记录不存在或无权访问。" :
      status === 409 ? "记录状态已被他人改变，请刷新后重试。" :
      "操作未完成，请稍后重试。";
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 6000);
  });
})();
