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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
