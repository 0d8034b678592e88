// Sorting and filtering of the findings table. The report stays readable
// without script: this only adds interaction.
(function () {
  "use strict";
  var table = document.getElementById("findings-table");
  if (!table) { return; }
  var bodies = Array.prototype.slice.call(table.querySelectorAll("tbody.finding"));
  var filter = document.getElementById("filter");
  var action = document.getElementById("action-filter");
  var shown = document.getElementById("shown");
  function apply() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(function (t) { return t !== ""; });
    var want = action.value;
    var n = 0;
    bodies.forEach(function (b) {
      var text = b.getAttribute("data-search");
      var ok = terms.every(function (t) { return text.indexOf(t) >= 0; });
      if (want !== "" && !b.classList.contains(want)) { ok = false; }
      b.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n + " of " + bodies.length + " shown";
  }
  filter.addEventListener("input", apply);
  action.addEventListener("change", apply);
  var numeric = { action: true };
  Array.prototype.forEach.call(table.querySelectorAll("th.sortable"), function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      var asc = !th.classList.contains("sorted-asc");
      Array.prototype.forEach.call(table.querySelectorAll("th.sortable"), function (o) { o.classList.remove("sorted-asc", "sorted-desc"); });
      th.classList.add(asc ? "sorted-asc" : "sorted-desc");
      bodies.sort(function (a, b) {
        var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key), c;
        if (numeric[key]) { c = Number(x) - Number(y); } else { c = x < y ? -1 : x > y ? 1 : 0; }
        if (c === 0) { c = Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index")); return c; }
        return asc ? c : -c;
      });
      bodies.forEach(function (b) { table.appendChild(b); });
    });
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.setAttribute("data-was-open", d.open ? "1" : ""); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = d.getAttribute("data-was-open") === "1"; });
  });
})();
