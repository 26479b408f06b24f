import { resizeSpec } from "../specs/resize.js";

/**
 * The page's own script: draws each chart from the embedded specs with
 * vega-embed, at the width of its box. Plain JavaScript, kept as a string
 * because it runs in the browser, not in Node; resizeSpec is the same
 * function the static pages use, embedded from its source. A chart is drawn
 * once at a guess, measured, and drawn again with the plot widened or
 * narrowed by what its axes and legends took (one pass is enough: they do not
 * depend on the width). A chart that fails shows the reason in its place
 * and logs it, so a broken report is visible rather than blank.
 */
export const BOOT_SCRIPT = `
(function () {
  var resizeSpec = ${resizeSpec.toString()};
  var charts = JSON.parse(document.getElementById("rrdns-charts").textContent);
  var options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: "light" }
  };
  function drawn(el) {
    var svg = el.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }
  /* The width inside the box's padding (vega-embed pads it for its menu). */
  function room(el) {
    var style = getComputedStyle(el);
    return el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }
  function fit(el, spec) {
    var guess = Math.max(160, room(el) - 90);
    return vegaEmbed(el, resizeSpec(spec, guess), options).then(function (result) {
      var over = drawn(el) - room(el);
      if (Math.abs(over) <= 4) return result;
      result.view.finalize();
      return vegaEmbed(el, resizeSpec(spec, Math.max(120, guess - over - 2)), options);
    });
  }
  charts.forEach(function (chart) {
    var el = document.getElementById("chart-" + chart.name);
    fit(el, chart.spec).then(function () {
      el.setAttribute("data-rendered", "true");
    }).catch(function (error) {
      el.setAttribute("data-rendered", "error");
      var message = document.createElement("p");
      message.className = "chart-error";
      message.textContent = "This chart could not be drawn: " + error;
      el.replaceChildren(message);
      console.error(error);
    });
  });
})();
`;
