// The findings table, the unassessed components and the inputs are drawn
// from the data block (#report-data) a page at a time; sorting and
// filtering work on its arrays, not on the page. Every text goes in with
// textContent. Without script the page still shows the summary, the hosts
// and the deny verdicts.
(function () {
  "use strict";
  var block = document.getElementById("report-data");
  if (!block) { return; }
  document.documentElement.className += " js";
  var D = JSON.parse(block.textContent);
  var S = D.s, T = D.t;
  var PAGE = 100;
  // Verdict rows as data.go writes them, with the rule's context (a
  // group of T) spread into the row; hits and evidence stay groups of T
  // until a row is opened.
  var V = D.v.map(function (r) {
    var c = T[r[14]];
    return [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], c[0], c[1], c[2], c[3], c[4], c[5], r[8], r[9], r[10],
      c[6], c[7], c[8], c[9], r[11], r[12], r[13], r[15], r[16], r[17], r[18]];
  });
  // Fields of an expanded row.
  var FP = 0, ACT = 1, ENT = 2, ENTNAME = 3, COMP = 4, KIND = 5, HOST = 6, WHERE = 7, LIST = 8, JUR = 9,
    RULE = 10, WHY = 11, DEADLINE = 12, DAYS = 13, CONF = 14, FLAGS = 15, ALSO = 16, STATUS = 17,
    JUDGED = 18, EFFECTIVE = 19, LISTTITLE = 20, RELATION = 21, PURL = 22, SITE = 23, HITS = 24, EVIDENCE = 25, WAIVER = 26, PLACE = 27;
  var WAIVED = 1, BASELINE = 2, ORGANISATION = 4, UNVERIFIED = 8;
  var SEARCH = [ACT, ENT, ENTNAME, COMP, HOST, WHERE, PLACE, LIST, JUR, RULE, WHY, DEADLINE, CONF, STATUS, SITE];
  var rank = { deny: 3, warn: 2, info: 1 };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== "") { e.textContent = text; }
    return e;
  }
  function add(parent, tag, cls, text) { var e = el(tag, cls, text); parent.appendChild(e); return e; }
  function txt(parent, s) { if (s !== "") { parent.appendChild(document.createTextNode(s)); } }
  function badge(parent, cls, text) { txt(parent, " "); add(parent, "span", "badge " + cls, text); }
  function ruleLink(parent, list, rule) {
    var a = add(parent, "a", "", list + " / " + rule);
    a.setAttribute("href", "#rule-" + list + "-" + rule);
    return a;
  }
  function fmt(n) { return n.toLocaleString("en"); }

  // A pager: page buttons and "rows a-b of n" in each of its elements.
  function Pager(els, onPage) {
    this.els = els; this.page = 0; this.total = 0; this.onPage = onPage;
  }
  Pager.prototype.pages = function () { return Math.max(1, Math.ceil(this.total / PAGE)); };
  Pager.prototype.draw = function () {
    var self = this;
    this.els.forEach(function (host) {
      host.textContent = "";
      if (self.total <= PAGE) { return; }
      var prev = add(host, "button", "", "‹ previous");
      prev.type = "button";
      prev.disabled = self.page === 0;
      prev.addEventListener("click", function () { self.go(self.page - 1); });
      var from = self.page * PAGE;
      add(host, "span", "range", "rows " + fmt(from + 1) + "–" + fmt(Math.min(from + PAGE, self.total)) + " of " + fmt(self.total) + " (page " + (self.page + 1) + " of " + self.pages() + ")");
      var next = add(host, "button", "", "next ›");
      next.type = "button";
      next.disabled = self.page >= self.pages() - 1;
      next.addEventListener("click", function () { self.go(self.page + 1); });
    });
  };
  Pager.prototype.go = function (p) {
    this.page = Math.max(0, Math.min(p, this.pages() - 1));
    this.draw();
    this.onPage(this.page * PAGE, Math.min(this.page * PAGE + PAGE, this.total));
  };

  // A plain paged table (unassessed components, inputs).
  function plainTable(id, heads, rows, cells, decorate) {
    var host = document.getElementById(id);
    if (!host || rows.length === 0) { return; }
    var top = add(host, "div", "pager");
    var table = add(host, "table", "grid");
    var tr = add(add(table, "thead"), "tr");
    heads.forEach(function (h) { add(tr, "th", h[1], h[0]); });
    var body = add(table, "tbody");
    var bottom = add(host, "div", "pager");
    var pager = new Pager([top, bottom], function (a, b) {
      body.textContent = "";
      for (var i = a; i < b; i++) {
        var r = add(body, "tr");
        cells(rows[i]).forEach(function (c, j) { add(r, "td", heads[j][1], String(c)); });
        if (decorate) { decorate(r, rows[i]); }
      }
    });
    pager.total = rows.length;
    pager.go(0);
  }
  plainTable("groups-list", [["group", "key"], ["site", ""], ["components", "n"], ["attributed", "n"], ["unassessed", "n"],
    ["deny", "n"], ["warn", "n"], ["info", "n"], ["entities", ""]], D.g,
    function (r) { return [S[r[0]], S[r[1]], r[2], r[3], r[4], r[5], r[6], r[7], S[r[8]]]; },
    function (tr, r) {
      if (r[5] > 0) { tr.className = "has-deny"; }
      tr.firstChild.title = T[r[9]].map(function (i) { return S[i]; }).join("\n");
    });
  plainTable("unassessed-list", [["component", ""], ["kind", ""], ["host", ""], ["where", "where"]], D.u,
    function (r) { return [S[r[0]], S[r[1]], S[r[2]], S[r[3]] + S[r[4]]]; });
  plainTable("inputs-list", [["file", "where"], ["format", ""], ["components", "n"], ["error", ""]], D.i,
    function (r) { return [S[r[0]], S[r[1]], r[2], S[r[3]]]; });

  var table = document.getElementById("findings-table");
  if (!table || V.length === 0) { return; }
  var filter = document.getElementById("filter");
  var action = document.getElementById("action-filter");
  var shown = document.getElementById("shown");
  var order = V.map(function (_, i) { return i; }); // sorted, unfiltered
  var rows = order; // sorted, filtered
  var lower = null; // S in lower case, made on the first filter
  var ord = null; // the rank of each string of S in sorted order, made on the first sort
  var open = {}; // fingerprints of the rows opened

  function detail(v) {
    var td = el("td");
    td.colSpan = 7;
    var chain = add(td, "div", "chain");
    var p = add(chain, "p");
    add(p, "strong", "", "Rule");
    txt(p, " ");
    ruleLink(p, S[v[LIST]], S[v[RULE]]);
    var when = " (" + S[v[STATUS]] + "; judged at " + S[v[JUDGED]];
    if (v[EFFECTIVE]) { when += "; effective " + S[v[EFFECTIVE]]; }
    txt(p, when + ")");
    if (v[FLAGS] & UNVERIFIED) { badge(p, "unverified", "unverified fact"); }
    txt(p, "; its text and the list's citation are under ");
    add(p, "a", "", S[v[LISTTITLE]] || S[v[LIST]]).setAttribute("href", "#list-" + S[v[LIST]]);
    txt(p, ".");
    p = add(chain, "p");
    add(p, "strong", "", "Rules hit");
    var hits = T[v[HITS]];
    txt(p, " (" + hits.length + ")");
    var ol = add(chain, "ol", "hits");
    hits.forEach(function (i) {
      var h = T[i];
      var li = add(ol, "li");
      add(li, "span", "badge " + S[h[0]], S[h[0]]);
      txt(li, " ");
      ruleLink(li, S[h[1]], S[h[2]]);
      txt(li, ": " + S[h[3]]);
      if (h[4] & WAIVED) { badge(li, "waived", "waived"); }
      if (h[4] & BASELINE) { badge(li, "baseline", "baseline"); }
      if (h[4] & UNVERIFIED) { badge(li, "unverified", "unverified fact"); }
    });
    p = add(chain, "p");
    add(p, "strong", "", "Attribution");
    txt(p, " " + S[v[RELATION]] + " " + S[v[ENTNAME]] + ", " + S[v[CONF]] + " confidence. Evidence:");
    ol = add(chain, "ol", "evidence");
    T[v[EVIDENCE]].forEach(function (i) {
      var e = T[i];
      var li = add(ol, "li");
      add(li, "code", "", S[e[0]]);
      txt(li, " = “" + S[e[1]] + "”");
      if (e[2]) { txt(li, " → "); add(li, "code", "", S[e[2]]); }
      txt(li, " matched ");
      add(li, "q", "", S[e[3]]);
      if (e[4]) { txt(li, " via " + S[e[4]]); }
      txt(li, " by rule ");
      add(li, "code", "", S[e[5]]);
      txt(li, " (" + S[e[6]] + ")");
      if (e[8] & UNVERIFIED) { badge(li, "unverified", "unverified"); }
      if (e[7]) { txt(li, " — " + S[e[7]]); }
    });
    var w = v[WAIVER];
    if (w) {
      p = add(chain, "p");
      add(p, "strong", "", "Waiver");
      txt(p, " " + (w[0] ? S[w[0]] + ": " : "") + S[w[1]] + "; approved by " + S[w[2]] + ", expires " + S[w[3]] + (w[4] ? " (" + S[w[4]] + ")" : ""));
    }
    var fp = "fingerprint " + S[v[FP]];
    if (v[PURL]) { fp += " · " + S[v[PURL]]; }
    if (v[SITE]) { fp += " · site " + S[v[SITE]]; }
    add(chain, "p", "fp", fp);
    var tr = el("tr", "detail");
    tr.appendChild(td);
    return tr;
  }

  function row(v) {
    var act = S[v[ACT]];
    var body = el("tbody", "finding " + act);
    body.setAttribute("data-fingerprint", S[v[FP]]);
    var tr = add(body, "tr", "main");
    var td = add(tr, "td");
    add(td, "span", "badge " + act, act);
    if (v[FLAGS] & WAIVED) { badge(td, "waived", "waived"); }
    if (v[FLAGS] & BASELINE) { badge(td, "baseline", "baseline"); }
    td = add(tr, "td");
    txt(td, S[v[ENTNAME]] + " ");
    add(td, "span", "id", S[v[ENT]]);
    td = add(tr, "td", "comp");
    txt(td, S[v[COMP]] + " ");
    add(td, "span", "kind", S[v[KIND]]);
    td = add(tr, "td", "where");
    if (v[HOST]) { add(td, "span", "host", S[v[HOST]]); add(td, "br"); }
    txt(td, S[v[WHERE]] + S[v[PLACE]]);
    td = add(tr, "td");
    if (v[FLAGS] & ORGANISATION) { txt(td, "organisation policy: "); }
    txt(td, S[v[LIST]] + "/" + S[v[RULE]] + " ");
    add(td, "span", "id", S[v[JUR]]);
    add(td, "br");
    txt(td, S[v[WHY]]);
    if (v[ALSO]) { txt(td, " "); add(td, "span", "id", "+" + v[ALSO] + " rule(s)"); }
    var more = add(td, "button", "more", "why and evidence");
    more.type = "button";
    td = add(tr, "td", "", S[v[DEADLINE]]);
    if (v[DAYS]) { txt(td, " "); add(td, "span", "days", "(" + S[v[DAYS]] + " d)"); }
    add(tr, "td", "", S[v[CONF]]);
    function toggle() {
      var fp = S[v[FP]];
      if (body.childNodes.length > 1) {
        body.removeChild(body.lastChild);
        delete open[fp];
        more.setAttribute("aria-expanded", "false");
      } else {
        body.appendChild(detail(v));
        open[fp] = true;
        more.setAttribute("aria-expanded", "true");
      }
    }
    more.setAttribute("aria-expanded", "false");
    more.addEventListener("click", toggle);
    if (open[S[v[FP]]]) { toggle(); }
    return body;
  }

  var pager = new Pager([document.getElementById("pager-top"), document.getElementById("pager-bottom")], function (a, b) {
    var old = table.querySelectorAll("tbody");
    for (var i = 0; i < old.length; i++) { table.removeChild(old[i]); }
    var frag = document.createDocumentFragment();
    for (var j = a; j < b; j++) { frag.appendChild(row(V[rows[j]])); }
    table.appendChild(frag);
  });

  function apply() {
    var terms = filter.value.toLowerCase().split(/\s+/).filter(function (t) { return t !== ""; });
    var want = action.value;
    if (terms.length === 0 && want === "") {
      rows = order;
    } else {
      // Each term is looked for once per distinct string, not per row.
      if (terms.length > 0 && lower === null) { lower = S.map(function (s) { return s.toLowerCase(); }); }
      var has = terms.map(function (t) {
        var m = new Uint8Array(S.length);
        for (var i = 0; i < lower.length; i++) { if (lower[i].indexOf(t) >= 0) { m[i] = 1; } }
        return m;
      });
      rows = order.filter(function (i) {
        var v = V[i];
        if (want !== "" && S[v[ACT]] !== want) { return false; }
        for (var k = 0; k < has.length; k++) {
          var m = has[k], ok = false;
          for (var f = 0; f < SEARCH.length; f++) { if (m[v[SEARCH[f]]]) { ok = true; break; } }
          if (!ok) { return false; }
        }
        return true;
      });
    }
    shown.textContent = fmt(rows.length) + " of " + fmt(V.length) + " shown";
    pager.total = rows.length;
    pager.go(0);
  }
  filter.addEventListener("input", apply);
  action.addEventListener("change", apply);

  // Sort keys: the fields compared in turn, by the strings' order (the
  // action by its strength).
  var keys = {
    action: [ACT], entity: [ENT], component: [COMP], where: [HOST, WHERE, PLACE],
    list: [LIST, RULE], deadline: [DEADLINE], confidence: [CONF]
  };
  var heads = table.querySelectorAll("th.sortable");
  Array.prototype.forEach.call(heads, function (th) {
    th.addEventListener("click", function () {
      var key = keys[th.getAttribute("data-key")];
      var asc = !th.classList.contains("sorted-asc");
      Array.prototype.forEach.call(heads, function (o) { o.classList.remove("sorted-asc", "sorted-desc"); });
      th.classList.add(asc ? "sorted-asc" : "sorted-desc");
      if (ord === null) {
        var byText = S.map(function (_, i) { return i; });
        byText.sort(function (a, b) { return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0; });
        ord = new Int32Array(S.length);
        byText.forEach(function (s, i) { ord[s] = i; });
      }
      var fields = key, n = fields.length;
      var rankOf = function (v, f) { return f === ACT ? -(rank[S[v[ACT]]] || 0) : ord[v[f]]; };
      order = V.map(function (_, i) { return i; });
      order.sort(function (a, b) {
        var x = V[a], y = V[b];
        for (var f = 0; f < n; f++) {
          var c = rankOf(x, fields[f]) - rankOf(y, fields[f]);
          if (c !== 0) { return asc ? c : -c; }
        }
        return a - b;
      });
      apply();
    });
  });
  // Printing gives the summary, the hosts and the deny verdicts; the rows
  // of this page, with their evidence, only when asked for.
  var printRows = document.getElementById("print-rows");
  var section = document.getElementById("findings");
  printRows.addEventListener("change", function () { section.classList.toggle("print-rows", printRows.checked); });
  window.addEventListener("beforeprint", function () {
    if (!printRows.checked) { return; }
    Array.prototype.forEach.call(table.querySelectorAll('button.more[aria-expanded="false"]'), function (b) { b.click(); });
  });
  apply();
})();
