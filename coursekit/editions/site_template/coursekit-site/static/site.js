/* The reader edition's only script: the large-text switch (remembered on this device) and drawing the
   figures with the local plotly.js. Pages read fine without it; it makes no network requests. */
(function () {
  "use strict";
  var KEY = "coursekit-large-text";
  function stored() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function setLarge(on) {
    document.documentElement.classList.toggle("large-text", on);
    var button = document.querySelector(".large-text-switch");
    if (button) { button.setAttribute("aria-pressed", on ? "true" : "false"); }
    try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* file:// may refuse */ }
    if (window.Plotly) {
      document.querySelectorAll(".plotly-figure").forEach(function (d) { window.Plotly.Plots.resize(d); });
    }
  }
  document.documentElement.classList.toggle("large-text", stored());
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".large-text-switch");
    if (button) {
      button.setAttribute("aria-pressed", stored() ? "true" : "false");
      button.addEventListener("click", function () { setLarge(button.getAttribute("aria-pressed") !== "true"); });
    }
    if (!window.Plotly) { return; }
    document.querySelectorAll("script[data-figure]").forEach(function (s) {
      var target = document.getElementById(s.getAttribute("data-figure"));
      var spec = JSON.parse(s.textContent);
      window.Plotly.newPlot(target, spec.data, spec.layout, {displayModeBar: false, responsive: true, displaylogo: false});
    });
  });
})();
