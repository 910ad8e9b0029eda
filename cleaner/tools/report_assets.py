"""The HTML report's stylesheet and script, inlined into every report by :func:`cleaner.tools.explain.to_html`.

One job: how the report looks and what its controls do. The script filters blocks (dropped, kept,
one family at a time from the legend, or ``#hide-dropped``, ``#hide-kept``, ``#hide=FAMILY`` in
the address) and writes what it sees (blocks shown, kept, dropped per family, blocks wider than
the page) into ``#computed`` for people and for the browser test.
"""

__all__ = ["CSS", "SCRIPT", "KEPT_COLOUR"]

# Kept blocks are green; no family of dropped blocks gets a green (a green drop reads as "kept").
KEPT_COLOUR = "#2b8a3e"

CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#212529;background:#fff}
header{position:sticky;top:0;background:#f8f9fa;border-bottom:1px solid #dee2e6;padding:.6em 1.2em;z-index:1}
h1{font-size:1.1em;margin:0 0 .3em;overflow-wrap:anywhere}
#legend{list-style:none;margin:.3em 0;padding:0;display:flex;flex-wrap:wrap;gap:.4em}
#legend li{border-left:.8em solid var(--c);padding:0 .5em;background:#fff;border-radius:3px}
#legend li.off{opacity:.45}
main{max-width:60em;margin:1em auto;padding:0 1.2em}
.block{margin:.5em 0;padding:.3em .6em;border-left:4px solid transparent}
.block.keep{border-left-color:#2b8a3e}
.block .label{font-size:.8em;color:#495057;overflow-wrap:anywhere}
.block .verdict{color:#2b8a3e;font-weight:600}
.block.drop{border-left-color:var(--c);background:#f1f3f5;color:#868e96}
.block.drop .family{background:var(--c);color:#fff;border-radius:3px;padding:0 .4em;font-weight:600}
.block .reason{font-family:monospace;color:inherit}
.block .where{font-family:monospace;color:#868e96}
.block .score{font-family:monospace;color:#495057;margin-left:.5em}
.text{white-space:pre-wrap;overflow-wrap:anywhere}
.text del{color:#c92a2a}
#output{margin:.5em 0;padding:.3em .6em;border:1px solid #dee2e6;border-radius:3px}
#output .text{margin-top:.4em}
body.hide-dropped .block.drop,body.hide-kept .block.keep,.block.hidden-family{display:none}
table{border-collapse:collapse;font-size:.85em;margin:.3em 0}
td,th{padding:0 .6em;text-align:right}
td:first-child,th:first-child{text-align:left;font-family:monospace;overflow-wrap:anywhere}
"""

SCRIPT = """
(function () {
  var dropped = document.getElementById("show-dropped"), kept = document.getElementById("show-kept");
  var families = document.querySelectorAll("#legend input");
  location.hash.replace(/^#/, "").split("&").forEach(function (part) {
    if (part === "hide-dropped") { dropped.checked = false; }
    if (part === "hide-kept") { kept.checked = false; }
    if (part.indexOf("hide=") === 0) {
      var name = decodeURIComponent(part.slice(5));
      families.forEach(function (box) { if (box.dataset.family === name) { box.checked = false; } });
    }
  });
  function apply() {
    document.body.classList.toggle("hide-dropped", !dropped.checked);
    document.body.classList.toggle("hide-kept", !kept.checked);
    var off = {};
    families.forEach(function (box) {
      off[box.dataset.family] = !box.checked;
      box.closest("li").classList.toggle("off", !box.checked);
    });
    var blocks = document.querySelectorAll("main .block"), visible = 0, keptCount = 0, droppedCount = 0, counts = {};
    var overflowing = 0;
    blocks.forEach(function (b) {
      b.classList.toggle("hidden-family", b.dataset.kept === "false" && off[b.dataset.family] === true);
      if (getComputedStyle(b).display !== "none") {
        visible += 1;
        if (b.scrollWidth > b.clientWidth) { overflowing += 1; }  // a long URL must wrap, not overflow
      }
      if (b.dataset.kept === "true") { keptCount += 1; }
      else { droppedCount += 1; counts[b.dataset.family] = (counts[b.dataset.family] || 0) + 1; }
    });
    var out = document.getElementById("computed");
    out.dataset.visible = visible; out.dataset.kept = keptCount; out.dataset.dropped = droppedCount;
    out.dataset.families = JSON.stringify(counts);
    out.dataset.overflowing = overflowing;
    out.textContent = "showing " + visible + " of " + blocks.length + " blocks";
  }
  [dropped, kept].concat(Array.prototype.slice.call(families)).forEach(function (box) {
    box.addEventListener("change", apply);
  });
  apply();
})();
"""
