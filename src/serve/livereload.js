// standbook dev server: reload on rebuild (keeping the scroll position), swap
// stylesheets in place, show the book's errors over the page, and its
// warnings in a corner panel the reader can dismiss (until they change).
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
  // The new stylesheets' site paths (`_static/style.<hash>.css`): each link
  // to an earlier version of one (the same name, another hash) is pointed at it.
  var HASHED = /_static\/(.+)\.[0-9a-f]{8}\.css$/;
  source.addEventListener("css", function (event) {
    var fresh = {};
    JSON.parse(event.data).forEach(function (path) {
      var m = HASHED.exec(path);
      if (m) fresh[m[1]] = path;
    });
    Array.prototype.forEach.call(document.querySelectorAll("link[rel=stylesheet]"), function (link) {
      var href = link.getAttribute("href") || "";
      var m = HASHED.exec(href);
      if (m && fresh[m[1]]) link.setAttribute("href", href.slice(0, m.index) + fresh[m[1]]);
    });
    var el = document.getElementById("standbook-overlay");
    if (el) el.remove();
  });
  source.addEventListener("diagnostics", function (event) {
    overlay().textContent = JSON.parse(event.data);
  });
  var DISMISSED = "standbook:warnings-dismissed";
  function showWarnings(text) {
    var old = document.getElementById("standbook-warnings");
    if (old) old.remove();
    if (!text || sessionStorage.getItem(DISMISSED) === text) return;
    var panel = document.createElement("aside");
    panel.id = "standbook-warnings";
    panel.setAttribute("role", "status");
    panel.setAttribute("aria-label", "standbook warnings");
    panel.style.cssText = "position:fixed;right:12px;bottom:12px;max-width:min(560px,calc(100vw - 24px));max-height:40vh;" +
      "overflow:auto;z-index:2147483646;background:#fffbe6;color:#3d2f00;border:1px solid #d4a72c;border-left:4px solid #d4a72c;" +
      "border-radius:6px;padding:.6rem 2.2rem .6rem .8rem;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.2)";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    close.style.cssText = "position:absolute;top:.2rem;right:.3rem;border:0;background:none;font:20px/1 sans-serif;cursor:pointer;color:inherit;padding:.3rem";
    close.addEventListener("click", function () {
      sessionStorage.setItem(DISMISSED, text);
      panel.remove();
    });
    var body = document.createElement("div");
    body.textContent = text.replace(/\n$/, "");
    panel.appendChild(close);
    panel.appendChild(body);
    (document.body || document.documentElement).appendChild(panel);
  }
  source.addEventListener("warnings", function (event) {
    var text = JSON.parse(event.data);
    if (document.body) showWarnings(text);
    else window.addEventListener("DOMContentLoaded", function () { showWarnings(text); });
  });
  window.standbookLiveReload = source;
})();
