/* Behaviour bound from a static file, so pages need no inline script (Content-Security-Policy: script-src
 * 'self'). A button marked data-print prints the page. After an HTMX swap, focus stays where the person was
 * and the swapped content's data-announce text is read out; a table too wide for the screen scrolls by keyboard.
 */
(function () {
  "use strict";

  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });

  // A swap that replaces the focused control (a tapped attendance button) would drop focus to the top of the
  // page, so a keyboard user starts over: remember which control it was and focus its replacement.
  var lost = null;

  function focusables(root) {
    return Array.prototype.slice.call(root.querySelectorAll(FOCUSABLE));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    lost = null;
    if (target && active && active !== document.body && target.contains(active)) {
      lost = {
        id: active.id,
        name: active.getAttribute("name"),
        value: active.getAttribute("value"),
        index: focusables(target).indexOf(active),
      };
    }
  });

  function replacement(root, was) {
    var all = [root].concat(focusables(root));
    var same = all.filter(function (element) {
      if (was.id) {
        return element.id === was.id;
      }
      return was.name !== null && element.getAttribute("name") === was.name && element.getAttribute("value") === was.value;
    });
    return same[0] || focusables(root)[was.index] || null;
  }

  function restoreFocus(root) {
    var active = document.activeElement;
    if (!lost || (active && active !== document.body && active.isConnected)) {
      return;
    }
    // An answer with out-of-band parts (a tap's tally) fires afterSwap for each part, the oob ones first:
    // keep looking until the part holding the replacement comes.
    var element = replacement(root, lost);
    if (element) {
      lost = null;
      element.focus({ preventScroll: true });
    }
  }

  // One polite live region (base.html) reads what a swap changed, e.g. "Avery Example: Present, 180 minutes".
  function announce(root) {
    var source = root.hasAttribute("data-announce") ? root : root.querySelector("[data-announce]");
    var region = document.getElementById("announcer");
    var text = source ? source.getAttribute("data-announce") : "";
    if (!region || !text) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text; // emptied first, so the same words twice are read twice
    }, 50);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target instanceof Element && event.target.isConnected) {
      restoreFocus(event.target);
      announce(event.target);
      markScrollable(event.target);
    }
  });

  // A card whose table is wider than the screen scrolls sideways; with nothing focusable inside, a keyboard
  // user could not scroll it (WCAG 2.1.1), so it takes focus itself, as a region named by its heading so a
  // screen reader says what the stop is, and gives both back when it fits again.
  function nameFrom(box) {
    var heading = box.querySelector("h1, h2, h3, h4, caption");
    return heading ? heading.textContent.replace(/\s+/g, " ").trim() : "Table";
  }

  function markScrollable(root) {
    var boxes = root.querySelectorAll(".card, .table-scroll");
    Array.prototype.forEach.call(boxes, function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      var reachable = box.querySelector(FOCUSABLE) !== null;
      if (overflows && !reachable && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("data-scroll-focus", "");
        if (!box.hasAttribute("role") && !box.hasAttribute("aria-labelledby") && !box.hasAttribute("aria-label")) {
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", nameFrom(box) + " (scrolls sideways)");
          box.setAttribute("data-scroll-name", "");
        }
      } else if (!overflows && box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
        if (box.hasAttribute("data-scroll-name")) {
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
          box.removeAttribute("data-scroll-name");
        }
      }
    });
  }

  // The browser fires resize at most once a frame (a phone turned, a window dragged), and marking is a
  // handful of measurements, so it runs at once: a wait would leave a stretch where a table can't be reached.
  window.addEventListener("resize", function () {
    markScrollable(document);
  });
  // On a phone the navigation would fill a fifth of the screen: it folds behind a Menu button (CSS shows the
  // button only at phone widths, and only once this script has marked the bar collapsible).
  function foldMenu() {
    var toggle = document.querySelector("[data-menu-toggle]");
    var bar = toggle ? toggle.closest(".topbar") : null;
    if (!bar) {
      return;
    }
    bar.classList.add("collapsible");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      bar.classList.toggle("open", open);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldMenu();
    markScrollable(document);
  });
})();
