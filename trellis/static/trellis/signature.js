/* The signature pad on the consent page (privacy/consent_sign.html).
 *
 * Pen strokes become SVG path data, "M x y L x y ...", in a fixed box (data-box-width x data-box-height) so the
 * signature redraws the same on the chart and the PDF whatever the screen. Without this script the page offers
 * the typed signature only; with it, drawing is the default and "Type my name instead" stays one tap (or one
 * key) away for anyone who cannot or would rather not draw.
 */
(function () {
  "use strict";

  function round(value) {
    return Math.round(value * 10) / 10;
  }

  function setUp(form) {
    var pad = form.querySelector("[data-signature-pad]");
    var canvas = pad && pad.querySelector("canvas");
    var output = form.querySelector("input[name='drawn']");
    var typedPanel = form.querySelector("[data-typed-panel]");
    var drawnChoice = form.querySelector("[data-drawn-choice]");
    if (!canvas || !output || !typedPanel || !drawnChoice) {
      return;
    }
    var boxWidth = Number(canvas.dataset.boxWidth) || 1000;
    var boxHeight = Number(canvas.dataset.boxHeight) || 300;
    var strokes = [];
    var current = null;

    function methodRadios() {
      return form.querySelectorAll("input[name='method']");
    }

    function chosenMethod() {
      var chosen = form.querySelector("input[name='method']:checked");
      return chosen ? chosen.value : "";
    }

    function showChosen() {
      var drawn = chosenMethod() === "drawn";
      pad.hidden = !drawn;
      typedPanel.hidden = drawn;
      if (drawn) {
        resize();
      }
    }

    function toBox(event) {
      var rect = canvas.getBoundingClientRect();
      var x = ((event.clientX - rect.left) / rect.width) * boxWidth;
      var y = ((event.clientY - rect.top) / rect.height) * boxHeight;
      return [round(Math.min(Math.max(x, 0), boxWidth)), round(Math.min(Math.max(y, 0), boxHeight))];
    }

    function redraw() {
      var context = canvas.getContext("2d");
      var scale = canvas.width / boxWidth;
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.lineWidth = 4 * scale;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#1c2a27";
      strokes.forEach(function (points) {
        context.beginPath();
        points.forEach(function (point, index) {
          var method = index === 0 ? "moveTo" : "lineTo";
          context[method](point[0] * scale, point[1] * scale);
        });
        context.stroke();
      });
    }

    function resize() {
      var ratio = window.devicePixelRatio || 1;
      var width = canvas.clientWidth;
      if (!width) {
        return;
      }
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round((width * ratio * boxHeight) / boxWidth);
      redraw();
    }

    // A signature sent back with a page that asked for something else is drawn again, so it can be kept.
    function read(path) {
      var tokens = path.trim().split(/[\s,]+/);
      for (var i = 0; i + 2 < tokens.length; i += 3) {
        var point = [Number(tokens[i + 1]), Number(tokens[i + 2])];
        if (tokens[i] === "M" || !strokes.length) {
          strokes.push([point]);
        } else {
          strokes[strokes.length - 1].push(point);
        }
      }
    }

    function write() {
      // A tap without movement is no line: strokes of one point are left out of the signature.
      output.value = strokes
        .filter(function (points) {
          return points.length > 1;
        })
        .map(function (points) {
          return points
            .map(function (point, index) {
              return (index === 0 ? "M " : "L ") + point[0] + " " + point[1];
            })
            .join(" ");
        })
        .join(" ");
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      current = [toBox(event)];
      strokes.push(current);
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!current) {
        return;
      }
      event.preventDefault();
      current.push(toBox(event));
      redraw();
    });
    function endStroke() {
      if (current) {
        current = null;
        write();
        redraw();
      }
    }
    canvas.addEventListener("pointerup", endStroke);
    canvas.addEventListener("pointercancel", endStroke);

    form.querySelector("[data-signature-clear]").addEventListener("click", function () {
      strokes = [];
      write();
      redraw();
    });
    methodRadios().forEach(function (radio) {
      radio.addEventListener("change", showChosen);
    });
    window.addEventListener("resize", resize);

    if (output.value) {
      read(output.value);
    }
    drawnChoice.hidden = false;
    if (!form.hasAttribute("data-bound")) {
      form.querySelector("input[name='method'][value='drawn']").checked = true;
    }
    showChosen();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-form]").forEach(setUp);
  });
})();
