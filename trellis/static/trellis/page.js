/* Behaviour bound from a static file, so pages need no inline script (Content-Security-Policy: script-src
 * 'self'). A button marked data-print prints the page.
 */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) {
      event.preventDefault();
      window.print();
    }
  });
})();
