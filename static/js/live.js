/* Live notifications: a small socket client, no build step, no dependencies.
 *
 * Runs only on pages with a badge element (#notif-badge, signed-in users). The server sends the
 * unread count and items on every (re)connect, so a dropped push or a lost connection loses
 * nothing; a "notification" message is only a hint. Texts come from data-* attributes of the
 * badge, rendered through Django's translation. */
(function () {
  "use strict";
  if (window.tiepcanLive) return; // loaded once, even if a page includes it again
  window.tiepcanLive = true;

  var BADGE_ID = "notif-badge";
  var socket = null;
  var delay = 1000;
  var MAX_DELAY = 30000;
  var timer = null;
  var opened = 0; // sockets opened since the page loaded

  function badge() {
    return document.getElementById(BADGE_ID);
  }

  function setCount(count) {
    var el = badge();
    if (!el) return;
    count = Math.max(0, count | 0);
    el.textContent = String(count);
    el.dataset.count = String(count);
    el.hidden = count === 0;
  }

  function currentCount() {
    var el = badge();
    return el ? parseInt(el.dataset.count || el.textContent, 10) || 0 : 0;
  }

  function safeUrl(url) {
    // Only links inside the site: never "javascript:" or another host.
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "";
  }

  function toastRegion() {
    var region = document.getElementById("live-toasts");
    if (!region) {
      region = document.createElement("div");
      region.id = "live-toasts";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.style.cssText =
        "position:fixed;right:1rem;bottom:1rem;z-index:1000;max-width:22rem;" +
        "display:flex;flex-direction:column;gap:.5rem";
      document.body.appendChild(region);
    }
    return region;
  }

  function showToast(message) {
    var el = badge();
    var label = (el && el.dataset.msgNew) || "";
    var toast = document.createElement("div");
    toast.style.cssText =
      "background:#1f2a37;color:#fff;font:14px/1.4 Roboto,system-ui,sans-serif;padding:.75rem 1rem;border-radius:.5rem;" +
      "box-shadow:0 2px 8px rgba(0,0,0,.25)";
    var url = safeUrl(message.url);
    var text = document.createElement(url ? "a" : "span");
    text.textContent = (label ? label + ": " : "") + (message.title || "");
    if (url) {
      text.href = url;
      text.style.color = "#fff";
    }
    toast.appendChild(text);
    toastRegion().appendChild(toast);
    setTimeout(function () {
      toast.remove();
    }, 8000);
  }

  // Fragments: elements with an id and data-live-refresh="<url>". The URL is fetched (same
  // origin, with the session cookie) and each element is replaced by the element of the same id
  // in the answer, which may be a whole page or a fragment. No htmx: viewflow's back-office pages
  // do not load it. Hints arriving together (a sweep's batch) cost one fetch per URL: the fetch
  // waits for a quiet moment, but never more than REFRESH_MAX_WAIT after the first hint.
  // An element with data-live-when="<url>" refreshes only for a hint about that URL (a request's
  // page: every refresh of it is an officer's view of personal data, and is logged as one).
  var REFRESH_QUIET = 300;
  var REFRESH_MAX_WAIT = 2000;
  var refreshTimer = null;
  var firstHintAt = 0;
  var hintedUrls = {};
  var refreshEverything = false;

  function refreshFragments(hintUrl) {
    if (hintUrl) hintedUrls[hintUrl] = true;
    else refreshEverything = true;
    var now = Date.now();
    if (refreshTimer) clearTimeout(refreshTimer);
    else firstHintAt = now;
    var wait = Math.min(REFRESH_QUIET, Math.max(0, firstHintAt + REFRESH_MAX_WAIT - now));
    refreshTimer = setTimeout(function () {
      refreshTimer = null;
      refreshNow();
    }, wait);
  }

  function refreshNow() {
    var idsByUrl = {};
    var els = document.querySelectorAll("[data-live-refresh][id]");
    var hinted = hintedUrls;
    var everything = refreshEverything;
    hintedUrls = {};
    refreshEverything = false;
    Array.prototype.forEach.call(els, function (el) {
      var when = el.getAttribute("data-live-when");
      if (when && !everything && !hinted[when]) return;
      var url = safeUrl(el.getAttribute("data-live-refresh"));
      if (url) (idsByUrl[url] = idsByUrl[url] || []).push(el.id);
    });
    Object.keys(idsByUrl).forEach(function (url) {
      fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
        .then(function (response) {
          // Signed out meanwhile (a login page) or an error: keep what is shown.
          return response.ok && !response.redirected ? response.text() : "";
        })
        .then(function (html) {
          if (html) swapFragments(html, idsByUrl[url]);
        })
        .catch(function () {});
    });
  }

  // A fragment replaced between a press and its release loses the click: the press was on the
  // old row, the release on the new one, so no link is followed (a browser test clicked a
  // queue row just as a refresh arrived). While a button is held, swaps wait for the release and
  // for the click it makes; a click that opens a page makes them moot.
  var pressed = false;
  var heldSwaps = [];

  document.addEventListener("pointerdown", function () { pressed = true; }, true);
  function released() {
    if (!pressed) return;
    pressed = false;
    setTimeout(function () {
      var held = heldSwaps;
      heldSwaps = [];
      held.forEach(function (swap) { swapFragments(swap[0], swap[1]); });
    }, 0);
  }
  document.addEventListener("pointerup", released, true);
  document.addEventListener("pointercancel", released, true);

  function swapFragments(html, ids) {
    if (pressed) {
      heldSwaps.push([html, ids]);
      return;
    }
    var fresh = new DOMParser().parseFromString(html, "text/html");
    ids.forEach(function (id) {
      var current = document.getElementById(id);
      var replacement = fresh.getElementById(id);
      if (current && replacement) current.replaceWith(document.importNode(replacement, true));
    });
  }

  function onMessage(event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    if (data.type === "unread") {
      setCount(data.count);
      // A reconnect: pushes may have been missed while away, so the fragments may be stale.
      if (opened > 1) refreshFragments();
    } else if (data.type === "read") {
      setCount(data.count);
    } else if (data.type === "notification") {
      // Agency-wide events (supervisors) are not the person's own notifications.
      if (!("agency" in data)) setCount(currentCount() + 1);
      showToast(data);
      refreshFragments(safeUrl(data.url) || "/");
    }
  }

  function scheduleReconnect() {
    if (timer) return;
    var wait = delay / 2 + Math.random() * (delay / 2);
    delay = Math.min(delay * 2, MAX_DELAY);
    timer = setTimeout(function () {
      timer = null;
      connect();
    }, wait);
  }

  function connect() {
    var el = badge();
    if (!el || socket) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var path = el.dataset.liveSocket || "/ws/notifications/";
    try {
      socket = new WebSocket(scheme + window.location.host + path);
    } catch (e) {
      socket = null;
      scheduleReconnect();
      return;
    }
    socket.onopen = function () {
      opened += 1;
      delay = 1000;
    };
    socket.onmessage = onMessage;
    socket.onclose = function () {
      socket = null;
      scheduleReconnect();
    };
  }

  // Full page loads, and the back office's Turbo navigations (the script stays loaded).
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connect);
  } else {
    connect();
  }
  document.addEventListener("turbo:load", connect);
})();
