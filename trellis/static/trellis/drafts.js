/* Typed text survives an idle timeout.
 *
 * Forms marked data-keep-draft keep what is typed in sessionStorage, keyed by user and page, and never send it
 * anywhere. sessionStorage dies with the tab, and every page sweeps away drafts older than a day or of another
 * user, and logging out clears them all: nothing typed outlives the session on a shared device. The draft is cleared once a save succeeds and restored on the next visit (after logging in
 * again) if the page does not already hold the same text. Its version goes with it, so a restored draft
 * whose note was changed meanwhile is still refused as stale rather than overwriting the other save.
 *
 * The session's idle limit comes from the server (body data-idle-seconds). Before it runs out, a user who
 * typed since the last request is kept logged in; anyone else is warned and may stay. An HTMX request after
 * the session ended is answered 401 (see accounts/middleware.py): this script then offers the login page
 * instead of letting a login form take the place of the note.
 *
 * Background polls (hx-trigger "every ...") are marked with X-Trellis-Poll: the server does not count them as
 * activity, and neither does this script. Sessions also have an absolute lifetime (body
 * data-session-seconds-left) that no activity extends: the user is warned before it, without "Stay".
 */
(function () {
  "use strict";

  var PREFIX = "trellis-draft:";
  var SENT = "trellis-draft-sent";
  var MAX_AGE_MS = 24 * 60 * 60 * 1000; // an old draft on a shared device is a risk, not a help
  var body = document.body;
  var owner = body.dataset.draftOwner;
  sweep(false);
  if (!owner) {
    return;
  }
  var idleSeconds = parseInt(body.dataset.idleSeconds || "0", 10);
  var warnBefore = Math.min(120, Math.floor(idleSeconds / 5));
  var lastContact = Date.now();
  var secondsLeft = parseInt(body.dataset.sessionSecondsLeft || "0", 10);
  var lifetimeEndsAt = secondsLeft > 0 ? Date.now() + secondsLeft * 1000 : 0;
  var typedSinceContact = false;
  var ended = false;

  // Drop drafts older than a day; with `everything`, all of them (logout); when a user is known, other users'.
  function sweep(everything) {
    var store = storage();
    if (!store) {
      return;
    }
    var mine = owner ? PREFIX + owner + ":" : null;
    for (var i = store.length - 1; i >= 0; i -= 1) {
      var key = store.key(i);
      if (!key || key.indexOf(PREFIX) !== 0) {
        continue;
      }
      var stale = true;
      try {
        stale =
          everything ||
          (mine !== null && key.indexOf(mine) !== 0) ||
          Date.now() - JSON.parse(store.getItem(key)).at >= MAX_AGE_MS;
      } catch (error) {
        stale = true;
      }
      if (stale) {
        store.removeItem(key);
      }
    }
  }

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null; // storage switched off: nothing is kept, nothing breaks
    }
  }

  function keyOf(form) {
    var which = form.dataset.keepDraft || form.getAttribute("action") || "";
    return PREFIX + owner + ":" + window.location.pathname + ":" + which;
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") {
        return false;
      }
      if (el.type === "hidden") {
        return el.name === "version";
      }
      return !/^(submit|button|reset|file|password)$/.test(el.type);
    });
  }

  function valuesOf(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox") {
        values[el.name] = el.checked ? "on" : "";
      } else if (el.type !== "radio" || el.checked) {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function setValues(form, values) {
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in values)) {
        return;
      }
      if (el.type === "checkbox") {
        el.checked = values[el.name] === "on";
      } else if (el.type === "radio") {
        el.checked = values[el.name] === el.value;
      } else {
        el.value = values[el.name];
      }
    });
  }

  // Only fields both the draft and the page have count: a note switched from DAP to SOAP shows the Data
  // text under Subjective, and has no Data field to restore it to.
  function sameText(a, b) {
    var names = Object.keys(b).filter(function (name) {
      return name in a;
    });
    return names.every(function (name) {
      return name === "version" || String(a[name] || "").trim() === String(b[name] || "").trim();
    });
  }

  function keep(form) {
    var store = storage();
    if (store) {
      try {
        store.setItem(keyOf(form), JSON.stringify({ at: Date.now(), values: valuesOf(form) }));
      } catch (error) {
        /* storage full: the form itself still holds the text */
      }
    }
  }

  function forget(form) {
    var store = storage();
    if (store) {
      store.removeItem(keyOf(form));
    }
  }

  function kept(form) {
    var store = storage();
    var raw = store && store.getItem(keyOf(form));
    if (!raw) {
      return null;
    }
    try {
      var draft = JSON.parse(raw);
      return Date.now() - draft.at < MAX_AGE_MS ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function notice(className, testId, html) {
    var box = document.createElement("div");
    box.className = "msg msg-warning " + className;
    box.setAttribute("role", "alert");
    box.dataset.testid = testId;
    box.innerHTML = html;
    return box;
  }

  function restore(form) {
    var draft = kept(form);
    if (!draft) {
      forget(form);
      return;
    }
    var shown = valuesOf(form);
    if (sameText(draft.values, shown)) {
      forget(form); // saved since: the page already holds it
      return;
    }
    setValues(form, draft.values);
    var box = notice(
      "draft-restored",
      "draft-restored",
      "Restored what you typed on this device before your session ended. It is not saved yet: " +
        "save it, or <button type=\"button\" class=\"link\">discard it</button>."
    );
    box.querySelector("button").addEventListener("click", function () {
      setValues(form, shown);
      forget(form);
      box.remove();
    });
    form.parentNode.insertBefore(box, form);
  }

  function keepAll() {
    document.querySelectorAll("form[data-keep-draft]").forEach(keep);
  }

  function loginUrl(given) {
    var url = given || body.dataset.loginUrl + "?idle=1";
    if (/[?&]next=/.test(url)) {
      return url;
    }
    var here = window.location.pathname + window.location.search;
    return url + (url.indexOf("?") >= 0 ? "&" : "?") + "next=" + encodeURIComponent(here);
  }

  function show(box) {
    var main = document.getElementById("main") || body;
    main.insertBefore(box, main.firstChild);
  }

  function sessionEnded(given, why) {
    why = why || (/[?&]expired=1/.test(given || "") ? "at its time limit" : "");
    keepAll();
    if (ended) {
      return;
    }
    ended = true;
    clearWarning();
    var box = notice(
      "session-ended",
      "session-ended",
      "Your session has ended " + (why || "after a period of inactivity") +
        ". What you typed is kept on this device and " +
        "comes back when you return to this page. <a class=\"btn small\">Log in again</a>"
    );
    box.querySelector("a").setAttribute("href", loginUrl(given));
    show(box);
  }

  function clearWarning() {
    var warning = document.querySelector(".idle-warning");
    if (warning) {
      warning.remove();
    }
  }

  function contact() {
    lastContact = Date.now();
    typedSinceContact = false;
    clearWarning();
  }

  function csrfToken() {
    try {
      return JSON.parse(body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function stayLoggedIn() {
    return fetch(body.dataset.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      if (response.status === 401) {
        sessionEnded(response.headers.get("X-Trellis-Login"));
      } else if (response.ok) {
        contact();
      }
    });
  }

  function warn() {
    if (document.querySelector(".idle-warning")) {
      return;
    }
    var minutes = Math.max(1, Math.round(warnBefore / 60));
    var box = notice(
      "idle-warning",
      "idle-warning",
      "You will be logged out in about " + minutes + " minute" + (minutes > 1 ? "s" : "") +
        " for inactivity. <button type=\"button\" class=\"btn small\">Stay logged in</button>"
    );
    box.querySelector("button").addEventListener("click", stayLoggedIn);
    show(box);
  }

  function warnLifetime(remaining) {
    if (document.querySelector(".lifetime-warning")) {
      return;
    }
    var minutes = Math.max(1, Math.round(remaining / 60));
    show(
      notice(
        "lifetime-warning",
        "lifetime-warning",
        "Your session reaches its time limit in about " + minutes + " minute" + (minutes > 1 ? "s" : "") +
          ": save your work, then log in again."
      )
    );
  }

  function lifetimeOver() {
    if (!lifetimeEndsAt) {
      return false;
    }
    var remaining = (lifetimeEndsAt - Date.now()) / 1000;
    if (remaining <= 0) {
      sessionEnded(body.dataset.loginUrl + "?expired=1", "at its time limit");
      return true;
    }
    if (remaining <= Math.max(300, warnBefore)) {
      warnLifetime(remaining);
    }
    return false;
  }

  function tick() {
    if (ended || lifetimeOver() || !idleSeconds) {
      return;
    }
    var idle = (Date.now() - lastContact) / 1000;
    if (idle >= idleSeconds) {
      sessionEnded(null);
    } else if (idle >= idleSeconds - warnBefore) {
      if (typedSinceContact) {
        stayLoggedIn(); // typing is activity, even before anything is saved
      } else {
        warn();
      }
    }
  }

  function onEdit(event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-keep-draft")) {
      typedSinceContact = true;
      keep(form);
    }
  }

  // "Replace it with mine" in a stale-save box: the next save names the stored version, on purpose.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-adopt-version]");
    var input = button && document.getElementById(button.dataset.versionInput);
    if (!input || !input.form) {
      return;
    }
    input.value = button.dataset.adoptVersion;
    keep(input.form);
    input.form.requestSubmit();
  });

  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  function isPoll(elt) {
    return /(^|[\s,])every\s/.test((elt && elt.getAttribute && elt.getAttribute("hx-trigger")) || "");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (isPoll(event.detail.elt)) {
      event.detail.headers["X-Trellis-Poll"] = "1";
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail;
    var xhr = detail.xhr;
    if (xhr && xhr.status === 401) {
      sessionEnded(xhr.getResponseHeader("X-Trellis-Login"));
      return;
    }
    if (isPoll(detail.elt)) {
      return; // a poll kept the page fresh; nobody was at the keyboard
    }
    contact();
    var form = detail.elt && detail.elt.closest && detail.elt.closest("form[data-keep-draft]");
    var target = detail.target;
    var refused = target && target.querySelector && target.querySelector(".errorlist");
    if (form && detail.successful && !refused) {
      forget(form);
    }
  });

  // A plain (not HTMX) form: remember it was sent. If the next page this user sees is another page, the
  // save succeeded and redirected away, so the draft is done; on the same page, restore() decides.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-keep-draft") && !form.hasAttribute("hx-post")) {
      keep(form);
      try {
        window.sessionStorage.setItem(SENT, JSON.stringify({ key: keyOf(form), path: window.location.pathname }));
      } catch (error) {
        /* no session storage: the draft is cleared by restore() when the page shows the same text */
      }
    }
  });

  function settleSent() {
    var sent = null;
    try {
      sent = JSON.parse(window.sessionStorage.getItem(SENT) || "null");
      window.sessionStorage.removeItem(SENT);
    } catch (error) {
      return;
    }
    var store = storage();
    if (sent && store && sent.path !== window.location.pathname) {
      store.removeItem(sent.key);
    }
  }

  settleSent();
  document.querySelectorAll("form[action$='/logout/']").forEach(function (form) {
    form.addEventListener("submit", function () {
      sweep(true); // a deliberate logout leaves no draft behind
    });
  });
  document.querySelectorAll("form[data-keep-draft]").forEach(restore);
  window.setInterval(tick, 10000);
})();
