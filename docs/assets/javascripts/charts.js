/* Charts: draws each `figure.chart` with the site's own copy of plotly.js.
 *
 * This file loads only on pages with a chart (the build links it from their content, and
 * Material's instant navigation runs it again on each arrival: it sets itself up once);
 * plotly.js loads only on a reader's intent (see "Intent" below): until then, the poster the
 * build made is the chart. A page with a map loads the geo
 * bundle (which also draws every other chart); other pages load the basic bundle. Charts
 * are drawn again after Material's instant navigation (`document$`), follow the light and
 * dark palettes, and each plotted point a reader can act on is reachable by keyboard:
 * focus shows its hover label, Enter follows its link. The table view sorts by column.
 *
 * Text from the data is set with textContent or as attribute values only.
 */
(function () {
  "use strict";

  if (window.__explainerCharts) return;
  // What a test (or a static renderer) may call to see a figure as this script draws it.
  window.__explainerCharts = { variant: function (spec, narrow, dark) { return variant(spec, narrow, dark); } };

  var script = document.currentScript;
  var assets = new URL("..", script ? script.src : location.href);
  var VENDOR = {
    basic: new URL("vendor/plotly-basic-4.1.1.min.js", assets).href,
    geo: new URL("vendor/plotly-geo-4.1.1.min.js", assets).href,
  };
  var TOPOJSON = new URL("vendor/topojson/", assets).href;
  var CONFIG = {
    displaylogo: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: "",
    responsive: false,
    scrollZoom: false,
    showTips: false,
    topojsonURL: TOPOJSON,
    // No toolbar: it covered data, and the image and data downloads sit below every chart.
    displayModeBar: false,
    modeBarButtonsToRemove: [
      "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d", "resetScale2d",
      "hoverClosestCartesian", "hoverCompareCartesian", "toggleSpikelines", "toggleHover",
      "hoverClosestGeo", "sendDataToCloud", "sendChartToCloud", "editInChartStudio", "select", "lasso",
    ],
  };

  var loading = {};      // bundle name -> Promise
  var loadedBundle = null;
  var live = [];         // charts drawn on the current page

  function pageNeeds(figures) {
    for (var i = 0; i < figures.length; i++) {
      if (figures[i].getAttribute("data-bundle") === "geo") return "geo";
    }
    return "basic";
  }

  function keepPlotlyStylesOut() {
    // The Content-Security-Policy allows no inline <style>: with this marker in the page,
    // plotly.js writes none, and its rules come from assets/vendor/plotly-*.css instead.
    if (document.getElementById("plotly.js-style-global")) return;
    var marker = document.createElement("meta");
    marker.id = "plotly.js-style-global";
    marker.className = "no-inline-styles";
    document.head.appendChild(marker);
  }

  function loadPlotly(bundle) {
    // The geo bundle holds every trace the basic one does: never load both.
    if (loadedBundle === "geo" || loadedBundle === bundle) return Promise.resolve(window.Plotly);
    if (!loading[bundle]) {
      keepPlotlyStylesOut();
      loading[bundle] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = VENDOR[bundle];
        tag.async = true;
        tag.onload = function () { loadedBundle = bundle; resolve(window.Plotly); };
        tag.onerror = function () { delete loading[bundle]; reject(new Error("could not load " + tag.src)); };
        document.head.appendChild(tag);
      });
    }
    return loading[bundle];
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function recolour(value, map) {
    if (typeof value === "string") return Object.prototype.hasOwnProperty.call(map, value) ? map[value] : value;
    if (Array.isArray(value)) return value.map(function (v) { return recolour(v, map); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = recolour(value[k], map); });
      return out;
    }
    return value;
  }

  // Phone-first layouts ---------------------------------------------------------------------
  //
  // Each figure may carry a `narrow` block of changes for a box under NARROW_WIDTH pixels,
  // merged by one rule (`merge` in explainer/charts/spec.py; the posters are drawn through
  // `explainer.charts.variants.as_drawn`, which takes the same steps): an object merges key by key into
  // an object, or, with keys that are indexes, item by item into a list (`{"data": {"2": {...}}}`
  // changes the third trace); anything else replaces what it meets. Then, in the dark palette,
  // every light colour becomes its dark one.

  var NARROW_WIDTH = 600;    // explainer.charts.spec.NARROW_WIDTH

  function clone(value) { return value === undefined ? undefined : JSON.parse(JSON.stringify(value)); }

  function merge(base, change) {
    if (!change || typeof change !== "object" || Array.isArray(change)) return clone(change);
    if (Array.isArray(base)) {
      var list = clone(base);
      Object.keys(change).forEach(function (k) {
        if (/^[0-9]+$/.test(k) && Number(k) < list.length) list[Number(k)] = merge(list[Number(k)], change[k]);
      });
      return list;
    }
    var out = base && typeof base === "object" ? clone(base) : {};
    Object.keys(change).forEach(function (k) { out[k] = merge(out[k], change[k]); });
    return out;
  }

  function variant(spec, narrow, dark) {
    var changes = narrow && spec.narrow && Object.keys(spec.narrow).length;
    var figure = changes ? merge(spec.figure, spec.narrow) : clone(spec.figure);
    return dark ? recolour(figure, spec.dark) : figure;
  }

  function themed(chart) {
    var width = chart.plot.clientWidth || chart.figure.clientWidth;
    chart.narrow = !!width && width < NARROW_WIDTH;
    var figure = variant(chart.spec, chart.narrow, isDark());
    var layout = figure.layout;
    layout.font = layout.font || {};
    layout.font.family = getComputedStyle(document.body).fontFamily;
    layout.hoverlabel = layout.hoverlabel || {};
    layout.hoverlabel.font = Object.assign({}, layout.hoverlabel.font, { family: layout.font.family });
    if (chart.spec.aspect && width) {
      // A map keeps its shape: its height follows its width, within bounds.
      layout.height = Math.round(Math.max(200, Math.min(620, width * chart.spec.aspect)));
    }
    layout.width = width || undefined;
    return figure;
  }

  function draw(chart) {
    var figure = themed(chart);
    chart.scheme = isDark();
    chart.width = chart.plot.clientWidth;
    return window.Plotly.react(chart.plot, figure.data, figure.layout, CONFIG).then(function () {
      chart.drawn = true;
      chart.figure.setAttribute("data-drawn", "true");
      chart.figure.setAttribute("data-scheme", chart.scheme ? "dark" : "light");
      chart.plot.style.minHeight = figure.layout.height + "px";
      // The drawing itself says nothing a screen reader can use: the name, the description,
      // the points below and the Table tab do.
      chart.plot.querySelectorAll("svg.main-svg").forEach(function (svg) { svg.setAttribute("aria-hidden", "true"); });
      placePoints(chart);
    });
  }

  // Keyboard and click access to the points -----------------------------------------------

  function traceElement(plot, index) {
    var traces = plot.querySelectorAll("g.trace");
    for (var i = 0; i < traces.length; i++) {
      var datum = traces[i].__data__;
      var cd = Array.isArray(datum) ? datum[0] : datum;
      if (cd && cd.trace && cd.trace.index === index) return traces[i];
    }
    return null;
  }

  function pointElement(plot, trace, index) {
    var el = traceElement(plot, trace);
    if (!el) return null;
    var points = el.querySelectorAll("path.point");
    return points[index] || null;
  }

  function hover(chart, point) {
    var subplot = chart.spec.figure.layout.geo ? "geo" : "xy";
    try {
      window.Plotly.Fx.hover(chart.plot, [{ curveNumber: point[0], pointNumber: point[1] }], subplot);
    } catch (error) { /* a point outside the frame has no hover label */ }
  }

  function placePoints(chart) {
    var layer = chart.layer;
    if (!layer) {
      layer = document.createElement("div");
      layer.className = "chart__points";
      layer.setAttribute("role", "group");
      layer.setAttribute("aria-label", "Points in the chart: use the arrow keys to move, Enter to open");
      chart.plot.parentNode.appendChild(layer);
      chart.layer = layer;
      layer.addEventListener("keydown", function (event) { onKey(chart, event); });
    }
    layer.textContent = "";
    var box = chart.plot.getBoundingClientRect();
    chart.anchors = [];
    chart.spec.points.forEach(function (point, n) {
      var el = pointElement(chart.plot, point[0], point[1]);
      if (!el) return;
      var r = el.getBoundingClientRect();
      if (!r.width && !r.height) return;
      var a = document.createElement(point[3] ? "a" : "span");
      a.className = "chart__point";
      if (point[3]) a.href = point[3];
      a.setAttribute("aria-label", point[2]);
      a.setAttribute("tabindex", chart.anchors.length === 0 ? "0" : "-1");
      a.style.left = (r.left + r.width / 2 - box.left) + "px";
      a.style.top = (r.top + r.height / 2 - box.top) + "px";
      a.addEventListener("focus", function () { chart.current = n; hover(chart, point); });
      a.addEventListener("blur", function () { window.Plotly.Fx.unhover(chart.plot); });
      a.point = point;
      layer.appendChild(a);
      chart.anchors.push(a);
    });
  }

  function onKey(chart, event) {
    var anchors = chart.anchors || [];
    var at = anchors.indexOf(document.activeElement);
    if (at < 0) return;
    var next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = Math.min(anchors.length - 1, at + 1);
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = Math.max(0, at - 1);
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = anchors.length - 1;
    else if (event.key === "Escape") { window.Plotly.Fx.unhover(chart.plot); return; }
    if (next === null) return;
    event.preventDefault();
    anchors[at].setAttribute("tabindex", "-1");
    anchors[next].setAttribute("tabindex", "0");
    anchors[next].focus();
  }

  // Touch: the first tap on a point shows its label and a "Go to …" link under the chart; a second tap
  // on the same point (or the link) follows it. A mouse click follows the link at once.

  function tapBar(chart) {
    if (chart.tapBar) return chart.tapBar;
    var bar = document.createElement("p");
    bar.className = "chart__tap";
    bar.hidden = true;
    bar.setAttribute("aria-live", "polite");
    var link = document.createElement("a");
    link.className = "chart__tap-link";
    bar.appendChild(link);
    chart.plot.parentNode.parentNode.insertBefore(bar, chart.plot.parentNode.nextSibling);
    chart.tapBar = bar;
    return bar;
  }

  function pointOf(chart, curve, index) {
    for (var i = 0; i < chart.spec.points.length; i++) {
      var p = chart.spec.points[i];
      if (p[0] === curve && p[1] === index) return p;
    }
    return null;
  }

  function follow(chart, url) {
    var a = document.createElement("a");
    a.href = url;
    chart.figure.appendChild(a);
    a.click();
    a.remove();
  }

  function showTapped(chart, point) {
    var bar = tapBar(chart);
    var link = bar.firstChild;
    var words = (chart.spec.text && chart.spec.text.goTo) || "Go to";
    link.textContent = words + " " + point[2];
    link.href = point[3];
    bar.hidden = false;
    hover(chart, point);
  }

  function listen(chart) {
    chart.plot.addEventListener("pointerdown", function (event) { chart.pointer = event.pointerType; }, true);
    chart.plot.addEventListener("touchstart", function () { chart.pointer = "touch"; }, { capture: true, passive: true });
    chart.plot.on("plotly_click", function (event) {
      var pt = event && event.points && event.points[0];
      if (!pt) return;
      var point = pointOf(chart, pt.curveNumber, pt.pointNumber);
      if (!point || !point[3]) return;
      if (chart.pointer !== "touch") { follow(chart, point[3]); return; }
      var tapped = point[0] + ":" + point[1];
      if (chart.tapped === tapped) { follow(chart, point[3]); return; }
      chart.tapped = tapped;
      // Plotly hides its label when the finger lifts: show it again once the tap is over.
      setTimeout(function () { if (chart.tapped === tapped) showTapped(chart, point); }, 0);
    });
  }

  // Tables ------------------------------------------------------------------------------------

  function sortable(table) {
    if (table.getAttribute("data-sortable") === "ready") return;
    table.setAttribute("data-sortable", "ready");
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "chart__sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        sortRows(table, column, th.getAttribute("data-kind") === "number", ascending);
      });
    });
  }

  function sortRows(table, column, numeric, ascending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.forEach(function (row, i) { if (!row.hasAttribute("data-order")) row.setAttribute("data-order", i); });
    function key(row) {
      var cell = row.cells[column];
      var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
      return numeric ? (value === "" ? NaN : parseFloat(value)) : value.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var empty = (numeric ? isNaN(x) : x === "") - (numeric ? isNaN(y) : y === "");
      if (empty) return empty;
      var order = numeric ? x - y : x.localeCompare(y);
      if (!order) order = a.getAttribute("data-order") - b.getAttribute("data-order");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  // Page life --------------------------------------------------------------------------------

  function render(chart) {
    if (chart.started) return;
    chart.started = true;
    loadPlotly(chart.bundle).then(function () {
      if (!document.body.contains(chart.figure)) return;
      return draw(chart).then(function () { listen(chart); });
    }).catch(function (error) {
      chart.figure.setAttribute("data-error", String(error && error.message || error));
      if (window.console) console.error(error);
    });
  }

  function setUp() {
    live.forEach(function (chart) {
      if (chart.resize) chart.resize.disconnect();
      if (!document.body.contains(chart.figure) && window.Plotly && chart.drawn) window.Plotly.purge(chart.plot);
    });
    live = [];
    var figures = document.querySelectorAll("figure.chart");
    if (!figures.length) return;
    var bundle = pageNeeds(figures);
    figures.forEach(function (figure) {
      var data = figure.querySelector("template.chart__data");
      var plot = figure.querySelector(".chart__plot");
      figure.querySelectorAll("table.chart__table").forEach(sortable);
      if (!data || !plot) return;
      var chart = { figure: figure, plot: plot, spec: JSON.parse(data.content.textContent), bundle: bundle };
      live.push(chart);
      if (window.ResizeObserver) {
        chart.resize = new ResizeObserver(function () {
          var width = plot.clientWidth;
          if (!chart.drawn || !width || width === chart.width) return;
          draw(chart);
        });
        chart.resize.observe(plot);
      }
    });
    live.forEach(function (chart) { whenWanted(chart.figure, function () { render(chart); }); });
  }

  // Intent: plotly.js loads when a reader shows interest ------------------------------------
  // Until then the chart's poster (its static image, made by the build) is the chart: a
  // pointer over it, a focus inside it or a tap loads plotly.js, and so does the chart
  // staying in view for IDLE_AFTER ms while the page is idle. A page that is only read
  // never pays for plotly.js.

  var IDLE_AFTER = 4000;
  window.__explainerCharts.idleAfter = IDLE_AFTER;  // for the tests

  function whenWanted(figure, go) {
    var done = false, timer = null, seen = null;
    function once() {
      if (done || !document.body.contains(figure)) return;
      done = true;
      if (timer) clearTimeout(timer);
      if (seen) seen.disconnect();
      ["pointerover", "focusin", "touchstart", "click"].forEach(function (name) { figure.removeEventListener(name, once); });
      go();
    }
    ["pointerover", "focusin", "touchstart", "click"].forEach(function (name) {
      figure.addEventListener(name, once, { passive: true });
    });
    // A plot a phone hides (the panels stand in for it) is not drawn on idle: nobody would see
    // it, and plotly.js would cost the phone its main thread for nothing. A gesture still draws it.
    var plot = figure.querySelector(".chart__plot");
    if (!window.IntersectionObserver || (plot && !plot.offsetParent)) return;
    var idle = window.requestIdleCallback || function (fn) { return setTimeout(fn, 1); };
    seen = new IntersectionObserver(function (entries) {
      var visible = entries.some(function (entry) { return entry.isIntersecting; });
      if (timer) { clearTimeout(timer); timer = null; }
      if (visible) timer = setTimeout(function () { idle(once, { timeout: 2000 }); }, IDLE_AFTER);
    }, { threshold: 0.5 });
    seen.observe(plot || figure);
  }

  new MutationObserver(function () {
    live.forEach(function (chart) {
      if (chart.drawn && chart.scheme !== isDark()) draw(chart);
    });
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
