/* casegraph view: legend, filters, search, side panel, badges and timeline axes.
 *
 * Every piece of case text reaches the page through textContent or as a canvas
 * string, never as markup. vis-network shows string tooltips with innerText.
 */
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var meta = data.meta || {};
  var isTimeline = meta.layout === "timeline";
  window.cgReady = null;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function info(node) { return (node && node.cg) || {}; }

  /* ---------- header ---------- */
  document.getElementById("cg-title").textContent = meta.title || "casegraph view";
  var counts = meta.counts || { nodes: data.nodes.length, edges: data.edges.length };
  var sub = [];
  if (meta.period) sub.push(meta.period);
  sub.push((isTimeline ? "Timeline" : "Network") + " view");
  if (isTimeline) sub.push(counts.events + " events in " + (meta.lanes || []).length + " lanes");
  else sub.push(counts.nodes + " nodes, " + counts.edges + " edges");
  if ((meta.gaps || []).length) sub.push(meta.gaps.length + " items with gaps");
  document.getElementById("cg-subtitle").textContent = sub.join(" · ");

  /* ---------- the network ---------- */
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("cg-canvas");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options || {});
  window.cgView = { network: network, nodes: nodes, edges: edges, meta: meta };

  function ready(how) {
    if (window.cgReady) return;
    // ms: from the start of this script; at: from the start of navigation.
    window.cgReady = { ms: performance.now() - started, at: performance.now(), how: how };
    document.body.setAttribute("data-ready", how);
  }

  var physicsBox = document.getElementById("cg-physics");
  var physicsOn = !!(data.options && data.options.physics && data.options.physics.enabled);
  if (isTimeline || meta.offer_physics === false) {
    document.getElementById("cg-physics-wrap").style.display = "none";
  }
  physicsBox.checked = physicsOn;
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  if (physicsOn) {
    // Bounded stabilisation, then physics off: the layout stays put and the page idles.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      physicsBox.checked = false;
      ready("stabilised");
    });
  } else {
    network.once("afterDrawing", function () { ready("fixed"); });
  }

  /* ---------- fitting the view ---------- */
  // whole: everything in view. Otherwise the same when that is readable, else the lanes
  // fill the height (labels at a readable size) from the first event, to be panned right.
  // Labels are drawn at 14 px times the scale: below READABLE they would be under 11 px.
  var READABLE = 11 / 14;
  function fitTimeline(whole) {
    var b = meta.bounds;
    var w = container.clientWidth, h = container.clientHeight;
    var pad = 12;
    var sx = (w - 2 * pad) / Math.max(b.x1 - b.x0, 1);
    var sy = (h - 2 * pad) / Math.max(b.y1 - b.y0, 1);
    var all = Math.min(sx, sy, 1.1);
    var s = whole || all >= READABLE ? all : Math.max(READABLE, Math.min(sy, 1.1));
    s = Math.max(0.02, s);
    // Centred when it all fits; else from the top-left corner (the first events).
    var cx = all >= READABLE || whole ? (b.x0 + b.x1) / 2 : b.x0 + (w / 2 - pad) / s;
    var cy = s * (b.y1 - b.y0) <= h - 2 * pad ? (b.y0 + b.y1) / 2 : b.y0 + (h / 2 - pad) / s;
    network.moveTo({ position: { x: cx, y: cy }, scale: s, animation: false });
  }
  function fit(whole) {
    if (isTimeline && meta.bounds) fitTimeline(whole);
    else network.fit({ animation: false });
  }
  document.getElementById("cg-fit").addEventListener("click", function () { fit(true); });
  if (!physicsOn) fit(false);

  /* ---------- legend and filters ---------- */
  var hiddenGroups = {}, hiddenCats = {};
  var legendBox = document.getElementById("cg-legend");

  function applyFilters() {
    var changes = [];
    nodes.forEach(function (node) {
      var c = info(node);
      var hide = !!(hiddenGroups[c.group] || hiddenCats[c.cat]);
      if (!!node.hidden !== hide) changes.push({ id: node.id, hidden: hide });
    });
    if (changes.length) nodes.update(changes);
  }

  function swatch(item) {
    var sw = el("span", "cg-sw cg-sw-" + item.shape);
    sw.style.background = item.fill;
    sw.style.borderColor = item.border;
    return sw;
  }

  function checkbox(checked, onChange, label) {
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.setAttribute("aria-label", "Show " + label);
    box.addEventListener("change", function () { onChange(box.checked); });
    return box;
  }

  var groupBoxes = {}, catBoxes = {};
  legendBox.appendChild(el("div", "cg-legend-title", isTimeline ? "Events (click to filter)" : "Legend and filters"));
  (meta.legend || []).forEach(function (group) {
    var details = el("details", "cg-group");
    details.open = true;
    var summary = el("summary");
    var total = 0;
    group.items.forEach(function (item) { total += item.count; });
    var gbox = checkbox(true, function (on) {
      hiddenGroups[group.key] = !on;
      details.querySelectorAll(".cg-row").forEach(function (row) { row.classList.toggle("cg-off", !on); });
      applyFilters();
    }, group.label);
    groupBoxes[group.key] = gbox;
    summary.appendChild(gbox);
    summary.appendChild(document.createTextNode(" " + group.label + " "));
    summary.appendChild(el("span", "cg-count", total));
    details.appendChild(summary);
    if (group.items.length > 1 || group.items[0].key !== group.key) {
      group.items.forEach(function (item) {
        var row = el("label", "cg-row");
        var box = checkbox(true, function (on) {
          hiddenCats[item.key] = !on;
          applyFilters();
        }, item.label);
        catBoxes[item.key] = box;
        row.appendChild(box);
        row.appendChild(swatch(item));
        row.appendChild(el("span", null, item.label));
        row.appendChild(el("span", "cg-count", item.count));
        details.appendChild(row);
      });
    } else {
      summary.insertBefore(swatch(group.items[0]), summary.childNodes[1]);
    }
    legendBox.appendChild(details);
  });

  (meta.notes || []).forEach(function (note, i) {
    if (i === 0) legendBox.appendChild(el("div", "cg-legend-title", "Lines"));
    var row = el("div", "cg-row");
    row.appendChild(el("span", "cg-line cg-line-" + note.style));
    row.appendChild(el("span", null, note.label));
    legendBox.appendChild(row);
  });

  var gapsList = meta.gaps || [];
  legendBox.appendChild(el("div", "cg-legend-title", "Gaps found (" + gapsList.length + ")"));
  if (gapsList.length) {
    var key = el("div", "cg-row");
    key.appendChild(el("span", "cg-sw cg-sw-gap"));
    key.appendChild(el("span", null, "red outline and ⚠ n: gaps on that item"));
    legendBox.appendChild(key);
    var absentKey = el("div", "cg-row");
    absentKey.appendChild(el("span", "cg-sw cg-sw-gap-absent"));
    absentKey.appendChild(el("span", null, "dashed outline and ? n: gaps resting only on something not recorded"));
    legendBox.appendChild(absentKey);
    gapsList.forEach(function (entry) {
      // A shown node's gaps are in its own details; an entry carries only those of an
      // item the view does not draw.
      if (entry.node) entry.gaps = info(nodes.get(entry.node)).gaps || [];
      entry.gaps.forEach(function (gap) {
        var item = el("button", "cg-gap-item");
        item.type = "button";
        item.appendChild(el("b", null, (gap.mark || "⚠") + " " + gap.gap));
        item.appendChild(document.createTextNode(" " + entry.label));
        if (gap.actor) item.appendChild(el("span", "cg-for", " for " + (gap.actor_label || gap.actor)));
        if (!entry.node) item.appendChild(el("span", "cg-off-view", " (not on this view)"));
        item.addEventListener("click", function () {
          if (entry.node) focusNode(entry.node);
          else { pinned = null; renderEntry(entry); }
        });
        legendBox.appendChild(item);
      });
    });
  } else {
    legendBox.appendChild(el("p", "cg-hint", "No gaps highlighted. Build the view with highlights "
      + "(casegraph view --highlight gaps) to mark them."));
  }

  /* ---------- side panel ---------- */
  var panel = document.getElementById("cg-panel");
  var pinned = null;

  function placeholder() {
    panel.textContent = "";
    panel.appendChild(el("p", "cg-placeholder",
      "Hover over or click a node to see what the case file says about it, with its sources."));
  }

  function section(title) { panel.appendChild(el("h3", null, title)); }

  function renderGaps(gaps) {
    if (!gaps || !gaps.length) return;
    section("Gaps (" + gaps.length + ")");
    gaps.forEach(function (gap) {
      var box = el("div", "cg-gap");
      box.appendChild(el("b", null, (gap.mark || "⚠") + " " + (gap.gap || "gap")));
      if (gap.actor) box.appendChild(el("span", "cg-for", " for " + (gap.actor_label || gap.actor)));
      if (gap.basis_text) box.appendChild(el("div", "cg-basis", "basis: " + gap.basis_text));
      if (gap.detail) box.appendChild(el("div", null, gap.detail));
      if (gap.evidence && gap.evidence.length) box.appendChild(el("div", "cg-id", "evidence: " + gap.evidence.join(", ")));
      if (gap.findings && gap.findings.length) box.appendChild(el("div", "cg-id", "corroborates: " + gap.findings.join(", ")));
      panel.appendChild(box);
    });
  }

  function renderEntry(entry) {
    panel.textContent = "";
    panel.appendChild(el("h2", null, entry.label));
    panel.appendChild(el("div", "cg-what", entry.type + " (not on this view)"));
    panel.appendChild(el("div", "cg-id", entry.id));
    renderGaps(entry.gaps);
  }

  function render(id) {
    var node = nodes.get(id);
    if (!node) { placeholder(); return; }
    var c = info(node);
    if (c.marker && c.event) { id = c.event; node = nodes.get(id); c = info(node); }
    panel.textContent = "";
    panel.appendChild(el("h2", null, c.label || id));
    panel.appendChild(el("div", "cg-what", [c.type, c.kind, c.when].filter(Boolean).join(" · ")));
    panel.appendChild(el("div", "cg-id", c.id + (c.case && c.case !== c.id ? "  ·  case " + c.case : "")));
    renderGaps(c.gaps);
    (c.texts || []).forEach(function (pair) {
      section(pair[0]);
      panel.appendChild(el("p", null, pair[1]));
    });
    if (c.facts && c.facts.length) {
      section("Details");
      var dl = el("dl", "cg-facts");
      c.facts.forEach(function (pair) {
        dl.appendChild(el("dt", null, pair[0]));
        dl.appendChild(el("dd", null, pair[1]));
      });
      panel.appendChild(dl);
    }
    if (c.sources && c.sources.length) {
      section("Sources (" + c.sources.length + ")");
      c.sources.forEach(function (source) {
        var quote = el("blockquote", "cg-quote");
        quote.appendChild(el("div", null, source.quote ? "“" + source.quote + "”" : "(no quote)"));
        quote.appendChild(el("cite", null, [source.ref, source.locator].filter(Boolean).join(", ")));
        panel.appendChild(quote);
      });
    }
    var links = network.getConnectedEdges(id).map(function (eid) { return edges.get(eid); })
      .filter(function (e) { return e; });
    if (links.length) {
      section("Connections (" + links.length + ")");
      var list = el("ul", "cg-links");
      links.slice(0, 60).forEach(function (edge) {
        var out = edge.from === id;
        var other = nodes.get(out ? edge.to : edge.from);
        if (!other) return;
        var oc = info(other);
        if (oc.marker) return;
        var li = el("li");
        var rel = (edge.cg && edge.cg.relation) || edge.label || "";
        li.appendChild(el("span", "cg-rel", (out ? rel + " → " : "← " + rel + " ")));
        var button = el("button", null, oc.label || other.id);
        button.type = "button";
        button.addEventListener("click", function () { focusNode(other.id); });
        li.appendChild(button);
        list.appendChild(li);
      });
      panel.appendChild(list);
    }
  }

  // For scripts and tests: select a node and show its details, without moving the view.
  window.cgView.select = function (id) {
    network.selectNodes([id]);
    pinned = id;
    render(id);
  };

  network.on("hoverNode", function (p) { if (!pinned) render(p.node); });
  network.on("blurNode", function () { if (!pinned) placeholder(); });
  network.on("click", function (p) {
    if (p.nodes && p.nodes.length) { pinned = p.nodes[0]; render(pinned); }
    else { pinned = null; placeholder(); }
  });
  placeholder();

  /* ---------- search ---------- */
  var search = document.getElementById("cg-search");
  var status = document.getElementById("cg-status");
  var names = document.getElementById("cg-names");
  var searchable = data.nodes.filter(function (n) { return !info(n).marker; });
  if (searchable.length <= 5000) {
    searchable.forEach(function (n) {
      var option = document.createElement("option");
      option.value = info(n).label || n.id;
      option.label = info(n).id || "";
      names.appendChild(option);
    });
  }

  function focusNode(id) {
    var node = nodes.get(id);
    if (!node) return;
    var c = info(node);
    if (node.hidden) {
      hiddenGroups[c.group] = false;
      hiddenCats[c.cat] = false;
      if (groupBoxes[c.group]) groupBoxes[c.group].checked = true;
      if (catBoxes[c.cat]) catBoxes[c.cat].checked = true;
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 350 } });
    pinned = id;
    render(id);
  }

  function find() {
    var q = search.value.trim().toLowerCase();
    status.textContent = "";
    if (!q) return;
    var ranks = [[], [], [], []];
    searchable.forEach(function (n) {
      var c = info(n), id = String(c.id || "").toLowerCase(), label = String(c.label || "").toLowerCase();
      if (id === q || n.id.toLowerCase() === q) ranks[0].push(n);
      else if (label === q) ranks[1].push(n);
      else if (id.indexOf(q) === 0 || label.indexOf(q) === 0) ranks[2].push(n);
      else if (id.indexOf(q) >= 0 || label.indexOf(q) >= 0) ranks[3].push(n);
    });
    var hits = ranks[0].concat(ranks[1], ranks[2], ranks[3]);
    if (!hits.length) { status.textContent = "no match"; return; }
    if (hits.length > 1) status.textContent = hits.length + " matches";
    focusNode(hits[0].id);
  }
  search.addEventListener("keydown", function (e) { if (e.key === "Enter") find(); });
  search.addEventListener("change", find);
  document.getElementById("cg-find").addEventListener("click", find);

  /* ---------- canvas drawing: badges, timeline lanes and axis ---------- */
  var badged = data.nodes.filter(function (n) { return n.badge; }).map(function (n) { return n.id; });
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

  function roundRect(ctx, x, y, w, h, r) {
    ctx.beginPath();
    ctx.moveTo(x + r, y);
    ctx.arcTo(x + w, y, x + w, y + h, r);
    ctx.arcTo(x + w, y + h, x, y + h, r);
    ctx.arcTo(x, y + h, x, y, r);
    ctx.arcTo(x, y, x + w, y, r);
    ctx.closePath();
  }

  function viewBox() {
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var b = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  }

  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    var size = 11 / Math.min(Math.max(scale, 0.45), 1.2);
    ctx.save();
    ctx.font = "bold " + size + "px " + FONT;
    ctx.textBaseline = "middle";
    badged.forEach(function (id) {
      var node = nodes.get(id);
      if (!node || node.hidden) return;
      var box = network.getBoundingBox(id);
      if (!box) return;
      var text = String(node.badge);
      var w = ctx.measureText(text).width + size * 0.9, h = size * 1.55;
      var x = box.right - w * 0.45, y = box.top - h * 0.55;
      if (node.shape !== "box" && node.shape !== "ellipse" && node.shape !== "database") {
        var pos = network.getPosition(id);
        var r = node.size || 14;
        x = pos.x + r * 0.55;
        y = pos.y - r - h * 0.55;
      }
      roundRect(ctx, x, y, w, h, h / 2);
      ctx.fillStyle = node.badgeAbsent ? "#8c5a00" : "#d1001f";
      ctx.fill();
      ctx.lineWidth = size * 0.15;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
      ctx.fillStyle = "#ffffff";
      ctx.fillText(text, x + size * 0.45, y + h / 2 + size * 0.05);
    });
    ctx.restore();
  });

  if (isTimeline) {
    var lanes = meta.lanes || [], ticks = meta.ticks || [], breaks = meta.breaks || [];
    var laneH = meta.lane_height || 100, b = meta.bounds;
    function heightOf(lane) { return lane.height || laneH; }

    network.on("beforeDrawing", function (ctx) {
      var v = viewBox(), scale = network.getScale();
      var x0 = Math.min(v.left, b.x0) - 50, x1 = Math.max(v.right, b.x1) + 50;
      ctx.save();
      lanes.forEach(function (lane, i) {
        ctx.fillStyle = i % 2 ? "#ffffff" : "#f3f6f9";
        ctx.fillRect(x0, lane.y - heightOf(lane) / 2, x1 - x0, heightOf(lane));
      });
      ctx.strokeStyle = "#dfe3e8";
      ctx.lineWidth = 1 / scale;
      lanes.forEach(function (lane) {
        ctx.beginPath();
        ctx.moveTo(x0, lane.y + heightOf(lane) / 2);
        ctx.lineTo(x1, lane.y + heightOf(lane) / 2);
        ctx.stroke();
      });
      var top = b.y0, bottom = b.y1;
      ticks.forEach(function (tick) {
        ctx.strokeStyle = tick.major ? "#aab2bd" : "#dde2e8";
        ctx.lineWidth = (tick.major ? 1.4 : 1) / scale;
        ctx.beginPath();
        ctx.moveTo(tick.x, top);
        ctx.lineTo(tick.x, bottom);
        ctx.stroke();
      });
      breaks.forEach(function (gap) {
        ctx.fillStyle = "rgba(110, 119, 129, 0.10)";
        ctx.fillRect(gap.x0, top, gap.x1 - gap.x0, bottom - top);
        ctx.strokeStyle = "#9aa3ad";
        ctx.setLineDash([6 / scale, 5 / scale]);
        ctx.lineWidth = 1 / scale;
        [gap.x0, gap.x1].forEach(function (x) {
          ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
        });
        ctx.setLineDash([]);
      });
      ctx.restore();
    });

    network.on("afterDrawing", function (ctx) {
      var v = viewBox(), scale = network.getScale();
      var k = 1 / Math.min(scale, 1);
      ctx.save();
      ctx.textBaseline = "middle";
      // Axis labels along the top edge of the view (or of the lanes).
      var ty = Math.max(v.top + 14 * k, b.y0 - 14 * k);
      ctx.fillStyle = "rgba(255, 255, 255, 0.88)";
      ctx.fillRect(v.left, ty - 12 * k, v.right - v.left, 24 * k);
      var lastX = -Infinity;
      ticks.forEach(function (tick) {
        if (tick.labelled === false) return;
        ctx.font = (tick.major ? "600 " : "") + (tick.major ? 12.5 : 11) * k + "px " + FONT;
        ctx.fillStyle = tick.major ? "#1f2328" : "#57606a";
        var w = ctx.measureText(tick.label).width;
        if (tick.x - w / 2 < lastX + 6 * k) return;
        ctx.fillText(tick.label, tick.x - w / 2, ty);
        lastX = tick.x + w / 2;
      });
      breaks.forEach(function (gap) {
        ctx.font = 11 * k + "px " + FONT;
        ctx.fillStyle = "#57606a";
        var label = "≈ " + gap.label;
        var w = ctx.measureText(label).width;
        ctx.fillText(label, (gap.x0 + gap.x1) / 2 - w / 2, Math.min(v.bottom - 12 * k, b.y1 + 12 * k));
      });
      // Lane names stay at the left edge of the view, in the band at the top of each lane.
      var lx = Math.max(v.left + 8 * k, b.x0);
      ctx.font = "600 " + 12.5 * k + "px " + FONT;
      lanes.forEach(function (lane) {
        var text = lane.label, top = lane.y - heightOf(lane) / 2;
        var w = Math.min(ctx.measureText(text).width, 240 * k);
        ctx.fillStyle = "rgba(255, 255, 255, 0.9)";
        roundRect(ctx, lx - 5 * k, top + 4 * k, w + 10 * k, 20 * k, 5 * k);
        ctx.fill();
        ctx.fillStyle = lane.colour || "#1f2328";
        ctx.fillText(text, lx, top + 14 * k, 240 * k);
      });
      ctx.restore();
    });
  }
})();
