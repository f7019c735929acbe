// standbook dev server: reload on rebuild (keeping the scroll position), swap
// stylesheets in place, and show the book's errors over the page.
(function () {
  "use strict";
  var key = "standbook:scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  function overlay() {
    var el = document.getElementById("standbook-overlay");
    if (!el) {
      el = document.createElement("div");
      el.id = "standbook-overlay";
      el.setAttribute("role", "alert");
      el.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:#1e1e1e;color:#f4f4f4;border-top:4px solid #e5484d;padding:1rem 1.25rem;margin:0;" +
        "font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 -8px 24px rgba(0,0,0,.35)";
      document.body.appendChild(el);
    }
    return el;
  }
  var source = new EventSource("/__standbook/events");
  // Let the connection go as soon as the page does: browsers allow only a
  // few connections per server, and a stream left open would hold one.
  window.addEventListener("pagehide", function () { source.close(); });
  source.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    source.close();
    location.reload();
  });
  source.addEventListener("css", function () {
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      var url = new URL(link.href);
      url.searchParams.set("v", String(Date.now()));
      link.href = url.href;
    });
    var el = document.getElementById("standbook-overlay");
    if (el) el.remove();
  });
  source.addEventListener("diagnostics", function (event) {
    overlay().textContent = JSON.parse(event.data);
  });
  window.standbookLiveReload = source;
})();
