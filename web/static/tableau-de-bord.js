// relais: draws the dashboard's charts with chart.js from its accessible
// tables. Each <table data-chart="bar|hbar|line|doughnut|heatmap"> gets a
// canvas before it, drawn from the columns whose header has data-series
// and the raw figures in each cell's data-value; the table stays, for
// screen readers and for those without JavaScript.
(function () {
  'use strict';
  if (typeof Chart === 'undefined') return;

  const colors = ['#1d4ed8', '#94a3b8', '#0f766e', '#b45309', '#7c3aed', '#be123c',
    '#0369a1', '#4d7c0f', '#a16207', '#475569', '#db2777', '#15803d', '#6b7280'];

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.locale = 'fr-FR';

  function value(cell) {
    const number = parseFloat(cell ? cell.dataset.value : '');
    return Number.isFinite(number) ? number : 0;
  }

  function bodyRows(table) {
    return Array.from(table.tBodies[0].rows);
  }

  // A <figure> with a canvas, placed before the table (and its scrolling box).
  function canvasBefore(table, tall) {
    const caption = table.caption ? table.caption.textContent.trim() : '';
    const figure = document.createElement('figure');
    figure.className = tall ? 'chart chart-tall' : 'chart';
    const canvas = document.createElement('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label',
      'Graphique : ' + caption + '. Les chiffres sont dans le tableau qui suit.');
    figure.appendChild(canvas);
    const box = table.closest('.table-scroll') || table;
    box.parentNode.insertBefore(figure, box);
    return canvas;
  }

  // The labels (row headers) and a dataset per data-series column.
  function series(table) {
    const rows = bodyRows(table);
    const labels = rows.map((row) => row.cells[0].textContent.trim());
    const datasets = [];
    Array.from(table.tHead.rows[0].cells).forEach((header, index) => {
      if (!header.hasAttribute('data-series')) return;
      const color = colors[datasets.length % colors.length];
      datasets.push({
        label: header.textContent.trim(),
        data: rows.map((row) => value(row.cells[index])),
        backgroundColor: color,
        borderColor: color,
      });
    });
    return { labels, datasets };
  }

  function bars(table, horizontal) {
    const data = series(table);
    const tall = horizontal && data.labels.length > 8;
    return new Chart(canvasBefore(table, tall), {
      type: 'bar',
      data,
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: data.datasets.length > 1 } },
      },
    });
  }

  function line(table) {
    const data = series(table);
    // Days ("2024-03-05" in data-key) read better on the axis as "05/03".
    data.labels = bodyRows(table).map((row, i) => {
      const key = row.cells[0].dataset.key || '';
      return /^\d{4}-\d{2}-\d{2}$/.test(key) ? `${key.slice(8)}/${key.slice(5, 7)}` : data.labels[i];
    });
    data.datasets.forEach((set) => { set.tension = 0.2; set.pointRadius = 2; });
    return new Chart(canvasBefore(table, false), { type: 'line', data });
  }

  function doughnut(table) {
    const data = series(table);
    data.datasets = data.datasets.slice(0, 1);
    data.datasets.forEach((set) => {
      set.backgroundColor = data.labels.map((_, i) => colors[i % colors.length]);
      set.borderColor = '#ffffff';
    });
    return new Chart(canvasBefore(table, false), {
      type: 'doughnut',
      data,
      options: { plugins: { legend: { position: 'right' } } },
    });
  }

  // The weekday × hour table as bubbles: an hour per column, a day per
  // line, the area in proportion to the visits; blue during the opening
  // hours (cells with class "open"), orange outside them.
  function heatmap(table) {
    const hours = Array.from(table.tHead.rows[0].cells).slice(1)
      .map((header) => parseInt(header.dataset.hour, 10));
    const rows = bodyRows(table);
    const days = rows.map((row) => row.cells[0].textContent.trim());
    let most = 1;
    rows.forEach((row) => Array.from(row.cells).slice(1).forEach((cell) => {
      most = Math.max(most, value(cell));
    }));
    const open = [];
    const closed = [];
    rows.forEach((row, day) => Array.from(row.cells).slice(1).forEach((cell, column) => {
      const visits = value(cell);
      const isOpen = cell.classList.contains('open');
      if (visits === 0 && !isOpen) return;
      const point = { x: hours[column], y: day, r: visits > 0 ? 3 + 13 * Math.sqrt(visits / most) : 2, visits };
      (isOpen ? open : closed).push(point);
    }));
    const tooltip = (context) => `${days[context.raw.y]} à ${context.raw.x} h : ${context.raw.visits} visites`;
    return new Chart(canvasBefore(table, true), {
      type: 'bubble',
      data: {
        datasets: [
          { label: "Pendant l'ouverture", data: open, backgroundColor: 'rgba(29, 78, 216, 0.65)' },
          { label: "Hors des heures d'ouverture", data: closed, backgroundColor: 'rgba(180, 83, 9, 0.65)' },
        ],
      },
      options: {
        scales: {
          x: {
            min: hours[0] - 0.5,
            max: hours[hours.length - 1] + 0.5,
            afterBuildTicks: (axis) => { axis.ticks = hours.map((hour) => ({ value: hour })); },
            ticks: { callback: (hour) => `${hour} h` },
          },
          y: {
            min: -0.5,
            max: days.length - 0.5,
            reverse: true,
            afterBuildTicks: (axis) => { axis.ticks = days.map((_, day) => ({ value: day })); },
            ticks: { callback: (day) => days[day] ?? '' },
          },
        },
        plugins: { tooltip: { callbacks: { label: tooltip } } },
      },
    });
  }

  const draw = { bar: (t) => bars(t, false), hbar: (t) => bars(t, true), line, doughnut, heatmap };
  document.querySelectorAll('table[data-chart]').forEach((table) => {
    const kind = draw[table.dataset.chart];
    if (kind && table.tBodies.length > 0 && bodyRows(table).length > 0) kind(table);
  });
}());
