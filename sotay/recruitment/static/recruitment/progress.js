// The progress report's chart: per cent of plan for each unit, and the forecast for 31 December.
// Its data come from the page's json_script element (the CSP allows no inline script).
(function () {
  "use strict";
  function draw() {
    var canvas = document.getElementById("progress-chart");
    var source = document.getElementById("progress-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var number = new Intl.NumberFormat(document.documentElement.lang || undefined, {
      minimumFractionDigits: 2, maximumFractionDigits: 2
    });
    var datasets = [{ label: data.series.percent, data: data.percent, backgroundColor: "#c62828" }];
    if (data.forecast) {
      datasets.push({ label: data.series.on_track, data: data.on_track, backgroundColor: "#f9a825" });
    }
    datasets.push({
      type: "line", label: data.series.plan, data: data.labels.map(function () { return 100; }),
      borderColor: "#2e7d32", borderDash: [6, 4], pointRadius: 0, borderWidth: 2
    });
    canvas.parentElement.classList.add("chart-ready");
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        indexAxis: data.labels.length > 6 ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { ticks: { autoSkip: false } }, y: { ticks: { autoSkip: false } } },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + ": " + number.format(item.raw) + " %";
              }
            }
          }
        }
      }
    });
  }
  // The form shows the day the report is as of; another year typed over it forgets that day, so the
  // new year's report opens on its own default day rather than on a day of the old year.
  function forgetTheDayOnAnotherYear() {
    var year = document.getElementById("id_year");
    var day = document.getElementById("id_as_of");
    if (!year || !day) return;
    year.addEventListener("change", function () {
      if (day.value && day.value.slice(0, 4) !== year.value) day.value = "";
    });
  }
  function start() {
    forgetTheDayOnAnotherYear();
    draw();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
