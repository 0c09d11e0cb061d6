// Zoom and pan of the hall map by rewriting the SVG viewBox (no library).
(function () {
  function init() {
    var wrap = document.getElementById("map-wrap");
    if (!wrap) return;
    var svg = wrap.querySelector("svg");
    var full = svg.getAttribute("data-full").split(" ").map(Number);
    var vb = svg.getAttribute("viewBox").split(" ").map(Number);
    function set() { svg.setAttribute("viewBox", vb.join(" ")); }
    function zoom(f, cx, cy) {
      if (cx === undefined) { cx = vb[0] + vb[2] / 2; cy = vb[1] + vb[3] / 2; }
      vb = [cx - (cx - vb[0]) / f, cy - (cy - vb[1]) / f, vb[2] / f, vb[3] / f];
      set();
    }
    document.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var z = b.getAttribute("data-zoom");
        if (z === "reset") { vb = full.slice(); set(); } else { zoom(parseFloat(z)); }
      });
    });
    function point(e) {
      var r = svg.getBoundingClientRect();
      var s = Math.max(vb[2] / r.width, vb[3] / r.height);
      return [vb[0] + (e.clientX - r.left) * s, vb[1] + (e.clientY - r.top) * s, s];
    }
    wrap.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = point(e);
      zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, p[0], p[1]);
    }, { passive: false });
    var drag = null;
    wrap.addEventListener("pointerdown", function (e) { drag = point(e); wrap.setPointerCapture(e.pointerId); });
    wrap.addEventListener("pointermove", function (e) {
      if (!drag) return;
      var p = point(e);
      vb[0] -= p[0] - drag[0]; vb[1] -= p[1] - drag[1];
      set();
    });
    wrap.addEventListener("pointerup", function () { drag = null; });
    var hit = svg.querySelector(".booth.highlight rect");
    if (hit) {
      var x = +hit.getAttribute("x"), y = +hit.getAttribute("y");
      var w = +hit.getAttribute("width"), h = +hit.getAttribute("height");
      var size = Math.max(60, w * 4, h * 4);
      vb = [x + w / 2 - size / 2, y + h / 2 - size / 2, size, size];
      set();
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
