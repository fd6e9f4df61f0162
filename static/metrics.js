// Metrics page: the Print button, and the baseline stopwatch that fills in the time field.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  function format(seconds) {
    var minutes = Math.floor(seconds / 60), rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  document.querySelectorAll("[data-stopwatch]").forEach(function (watch) {
    var display = watch.querySelector("[data-stopwatch-display]");
    var start = watch.querySelector("[data-stopwatch-start]");
    var stop = watch.querySelector("[data-stopwatch-stop]");
    var reset = watch.querySelector("[data-stopwatch-reset]");
    var input = document.getElementById(watch.getAttribute("data-target"));
    var startedAt = null, elapsed = 0, timer = null;
    watch.querySelector(".stopwatch__controls").hidden = false;  // useless without this script

    function seconds() {
      return Math.round((elapsed + (startedAt ? Date.now() - startedAt : 0)) / 1000);
    }
    function show() { display.textContent = format(seconds()); }

    start.addEventListener("click", function () {
      startedAt = Date.now();
      timer = setInterval(show, 250);
      start.disabled = true;
      stop.disabled = false;
      stop.focus();
    });
    stop.addEventListener("click", function () {
      elapsed += Date.now() - startedAt;
      startedAt = null;
      clearInterval(timer);
      show();
      input.value = format(seconds());
      start.disabled = false;
      start.textContent = "Continue";
      stop.disabled = true;
      input.focus();
    });
    reset.addEventListener("click", function () {
      clearInterval(timer);
      startedAt = null;
      elapsed = 0;
      show();
      start.disabled = false;
      start.textContent = "Start stopwatch";
      stop.disabled = true;
    });
  });
})();
