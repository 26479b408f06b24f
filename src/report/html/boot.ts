/**
 * The page's own script: draws each chart from the embedded specs with
 * vega-embed. Plain ES5-style JavaScript, kept as a string because it runs in
 * the browser, not in Node. A chart that fails shows the reason in its place
 * and logs it, so a broken report is visible rather than blank.
 */
export const BOOT_SCRIPT = `
(function () {
  var charts = JSON.parse(document.getElementById("rrdns-charts").textContent);
  var options = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
    tooltip: { theme: "light" }
  };
  charts.forEach(function (chart) {
    var el = document.getElementById("chart-" + chart.name);
    vegaEmbed(el, chart.spec, options).then(function () {
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
