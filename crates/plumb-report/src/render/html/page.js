// plumb report: draws the page from the JSON document in #plumb-data. Plain DOM and SVG, no
// library, no request: the data and the sources are in the page.
'use strict';

// Milliseconds since the page was opened (`performance.now()`) at each step, for whoever times
// the page: the script starts, the data is read, everything is drawn, the first frame shows it.
const TIMES = (window.plumbTimes = { script: performance.now() });
const D = JSON.parse(document.getElementById('plumb-data').textContent);
TIMES.data = performance.now();
const F = D.files, U = D.functions, X = D.findings, T = D.thresholds;
const nFiles = F.path.length, nFunctions = U.name.length, nFindings = X.rule.length;
const covered = !!D.coverage;
const SVG = 'http://www.w3.org/2000/svg';
const LEVELS = ['error', 'warning', 'note'];

// ---- DOM helpers -----------------------------------------------------------------------------

function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  assign(e, props);
  append(e, kids);
  return e;
}

function s(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const k in attrs || {}) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
  append(e, kids);
  return e;
}

function assign(e, props) {
  for (const k in props || {}) {
    const v = props[k];
    if (v == null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
}

function append(e, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k != null && k !== false) e.append(k instanceof Node ? k : String(k));
  }
}

// One formatter: `toLocaleString` with options builds a new one on every call, which costs
// more than drawing the treemap.
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const fmt = (n) => (n == null ? '–' : NUMBER.format(n));
const percent = (n) => (n == null ? '–' : fmt(n) + '%');
const basename = (p) => p.slice(p.lastIndexOf('/') + 1);
const chartWidth = (svg) => Math.max(320, Math.floor(svg.getBoundingClientRect().width || 1000));
const plural = (n, word) => fmt(n) + ' ' + word + (n === 1 ? '' : 's');

function clip(text, px) {
  const max = Math.floor(px / 6.6);
  if (text.length <= max) return text;
  return max < 2 ? '' : text.slice(0, max - 1) + '…';
}

function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// ---- what the data says about each file and function ----------------------------------------

function derive() {
  const d = {
    fileIndex: new Map(F.path.map((p, i) => [p, i])),
    firstFunction: new Int32Array(nFiles + 1),
    worstCyclomatic: new Int32Array(nFiles).fill(-1),
    worstCognitive: new Int32Array(nFiles).fill(-1),
    functionFindings: new Int32Array(nFunctions),
    fileFindings: new Int32Array(nFiles),
    folderCoverage: new Map(covered ? D.coverage.folders : []),
    // 1 for each function with a changed line (--changed-since).
    changed: new Uint8Array(nFunctions),
  };
  for (const i of D.changed ? D.changed.functions : []) d.changed[i] = 1;
  for (let i = 0; i < nFunctions; i++) {
    const f = U.file[i];
    d.firstFunction[f + 1]++;
    d.worstCyclomatic[f] = Math.max(d.worstCyclomatic[f], U.cyclomatic[i]);
    d.worstCognitive[f] = Math.max(d.worstCognitive[f], U.cognitive[i]);
  }
  for (let f = 0; f < nFiles; f++) d.firstFunction[f + 1] += d.firstFunction[f];
  for (let x = 0; x < nFindings; x++) {
    if (X.function[x] >= 0) d.functionFindings[X.function[x]]++;
    if (X.file[x] >= 0) d.fileFindings[X.file[x]]++;
  }
  return d;
}

const derived = derive();
const functionsOf = (f) => derived.firstFunction[f + 1] - derived.firstFunction[f];

// ---- colours ---------------------------------------------------------------------------------

const GREEN = [45, 164, 78], LIGHT = [150, 200, 90], YELLOW = [236, 196, 56], ORANGE = [235, 130, 45];
const RED = [207, 34, 46], DARK = [110, 14, 28], NONE = 'rgb(190,196,203)';
const COVERAGE_STOPS = [[0, RED], [50, ORANGE], [80, YELLOW], [100, GREEN]];
const complexityStops = (t) => [[0, GREEN], [t / 2, LIGHT], [t, YELLOW], [t * 2, RED], [t * 4, DARK]];
const rgb = (c) => 'rgb(' + c.map(Math.round).join(',') + ')';

function ramp(stops, v) {
  if (v <= stops[0][0]) return rgb(stops[0][1]);
  for (let i = 1; i < stops.length; i++) {
    const [b, cb] = stops[i], [a, ca] = stops[i - 1];
    if (v <= b) return rgb(ca.map((c, j) => c + ((cb[j] - c) * (v - a)) / (b - a || 1)));
  }
  return rgb(stops[stops.length - 1][1]);
}

// ---- header ----------------------------------------------------------------------------------

function buildHeader() {
  const sum = D.summary;
  const totals = [
    ['files', fmt(sum.files)], ['functions', fmt(sum.functions)], ['code lines', fmt(sum.code)],
    ['errors', fmt(sum.errors)], ['warnings', fmt(sum.warnings)], ['notes', fmt(sum.notes)],
  ];
  if (covered) totals.push(['line coverage', percent(D.coverage.percent)]);
  if (D.changed) totals.push(['changed functions', fmt(D.changed.functions.length)]);
  if (covered && D.coverage.changed) totals.push(['changed-line coverage', percent(D.coverage.changed.percent)]);
  if (sum.problems) totals.push(['files with problems', fmt(sum.problems)]);
  const sections = [['treemap', 'Treemap'], ['hotspots', 'Hotspots']];
  if (D.trend && D.trend.length) sections.push(['trend', 'Trend']);
  sections.push(['functions', 'Functions'], ['findings', 'Findings']);
  document.body.append(
    h('header', null,
      h('h1', { text: D.title }),
      h('dl', { class: 'totals' }, totals.map(([k, v]) => h('div', null, h('dt', { text: k }), h('dd', { text: v })))),
      h('p', { class: 'run', text: 'plumb ' + D.version + (D.command ? ' · ' + D.command : '') + (D.changed ? ' · changes ' + D.changed.since : '') })),
    h('nav', null, sections.map(([id, name]) => h('a', { href: '#' + id, text: name }))));
  const main = h('main');
  document.body.append(main);
  return main;
}

const main = buildHeader();

// ---- treemap ---------------------------------------------------------------------------------

function newFolder(name, path, parent) {
  return { name, path, parent, kids: new Map(), files: [], value: 0, cyclomatic: -1, cognitive: -1 };
}

// The folder a file's path puts it in, made on the way.
function folderOf(root, all, path) {
  const parts = path.split('/').filter((p) => p && p !== '.');
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    let next = node.kids.get(parts[i]);
    if (!next) {
      next = newFolder(parts[i], node.path ? node.path + '/' + parts[i] : parts[i], node);
      node.kids.set(parts[i], next);
      all.push(next);
    }
    node = next;
  }
  return node;
}

// Code lines and worst complexity of each folder; children come after their parents in `all`.
function addUp(all) {
  for (let i = all.length - 1; i >= 0; i--) {
    const n = all[i];
    for (const f of n.files) {
      n.value += F.code[f];
      n.cyclomatic = Math.max(n.cyclomatic, derived.worstCyclomatic[f]);
      n.cognitive = Math.max(n.cognitive, derived.worstCognitive[f]);
    }
    if (!n.parent) continue;
    n.parent.value += n.value;
    n.parent.cyclomatic = Math.max(n.parent.cyclomatic, n.cyclomatic);
    n.parent.cognitive = Math.max(n.parent.cognitive, n.cognitive);
  }
}

function buildTree() {
  const root = newFolder('', '', null);
  const all = [root];
  for (let f = 0; f < nFiles; f++) folderOf(root, all, F.path[f]).files.push(f);
  addUp(all);
  return { root, folders: new Map(all.map((n) => [n.path, n])) };
}

// Squarified treemap (Bruls, Huizing and van Wijk): `values` sorted largest first, one
// rectangle [x, y, width, height] each.
function squarify(values, x, y, w, h) {
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0 || w <= 0 || h <= 0) return values.map(() => [x, y, 0, 0]);
  const out = [], box = { x, y, w, h }, scale = (w * h) / total;
  for (let i = 0; i < values.length;) i = layRow(values, i, scale, box, out);
  return out;
}

// Lays the next row along the shorter side of what is left; the index after it.
function layRow(values, i, scale, box, out) {
  const side = Math.min(box.w, box.h);
  if (!(side > 1e-9)) {
    for (let k = i; k < values.length; k++) out.push([box.x, box.y, 0, 0]);
    return values.length;
  }
  const [j, rowSum] = rowEnd(values, i, scale, side);
  const thick = rowSum / side, across = box.w >= box.h;
  let at = 0;
  for (let k = i; k < j; k++) {
    const len = (values[k] * scale) / thick;
    out.push(across ? [box.x, box.y + at, thick, len] : [box.x + at, box.y, len, thick]);
    at += len;
  }
  if (across) Object.assign(box, { x: box.x + thick, w: box.w - thick });
  else Object.assign(box, { y: box.y + thick, h: box.h - thick });
  return j;
}

// Where the row from `i` ends: the values it takes before its worst aspect ratio grows.
function rowEnd(values, i, scale, side) {
  const first = values[i] * scale, side2 = side * side;
  let rowSum = 0, worst = Infinity, j = i;
  while (j < values.length) {
    const a = values[j] * scale, sum = rowSum + a;
    const ratio = Math.max((side2 * first) / (sum * sum), (sum * sum) / (side2 * a));
    if (j > i && ratio > worst) break;
    worst = ratio;
    rowSum = sum;
    j++;
  }
  return [j, rowSum];
}

const TM = {
  tree: buildTree(),
  zoom: null,
  colourBy: 'cyclomatic',
  svg: s('svg', { class: 'chart treemap', role: 'img', 'aria-label': 'treemap of the files' }),
  crumbs: h('span', { class: 'crumbs' }),
  legend: h('div', { class: 'legend' }),
};
TM.zoom = TM.tree.root;

function colourChoice(value, label, enabled) {
  const input = h('input', { type: 'radio', name: 'colour', value, checked: value === TM.colourBy, disabled: !enabled });
  input.addEventListener('change', () => {
    TM.colourBy = value;
    drawTreemap();
  });
  return h('label', null, input, label);
}

function buildTreemapSection() {
  main.append(h('section', { id: 'treemap' },
    h('h2', { text: 'Treemap' }),
    h('p', { class: 'hint', text: 'Area: code lines. Click a folder to zoom in, a file to read it.' }),
    h('div', { class: 'toolbar' },
      h('span', null, 'Colour: ',
        colourChoice('cyclomatic', 'worst cyclomatic', true),
        colourChoice('cognitive', 'worst cognitive', true),
        colourChoice('coverage', covered ? 'line coverage' : 'line coverage (no --coverage)', covered)),
      TM.crumbs),
    TM.svg, TM.legend));
  TM.svg.addEventListener('click', onTreemapClick);
  TM.crumbs.addEventListener('click', (e) => {
    e.preventDefault();
    onTreemapClick(e);
  });
}

function complexityColour(worst) {
  return worst < 0 ? NONE : ramp(complexityStops(T[TM.colourBy]), worst);
}

function coverageColour(p) {
  return p == null ? NONE : ramp(COVERAGE_STOPS, p);
}

function fileColour(f) {
  if (TM.colourBy === 'coverage') return coverageColour(F.coverage ? F.coverage[f] : null);
  return complexityColour(TM.colourBy === 'cyclomatic' ? derived.worstCyclomatic[f] : derived.worstCognitive[f]);
}

function folderColour(n) {
  if (TM.colourBy === 'coverage') return coverageColour(derived.folderCoverage.get(n.path || '.'));
  return complexityColour(n[TM.colourBy]);
}

function fileTip(f) {
  const parts = [F.path[f], fmt(F.code[f]) + ' code lines', plural(functionsOf(f), 'function')];
  const worst = derived.worstCyclomatic[f];
  if (worst >= 0) parts.push('worst cyclomatic ' + worst + ', cognitive ' + derived.worstCognitive[f]);
  if (covered) parts.push('line coverage ' + percent(F.coverage[f]));
  if (derived.fileFindings[f]) parts.push(plural(derived.fileFindings[f], 'finding'));
  return parts.join('\n');
}

function folderTip(n) {
  const parts = [(n.path || '.') + '/', fmt(n.value) + ' code lines', 'worst cyclomatic ' + n.cyclomatic + ', cognitive ' + n.cognitive];
  if (covered) parts.push('line coverage ' + percent(derived.folderCoverage.get(n.path || '.')));
  return parts.join('\n');
}

function layout(node, x, y, w, h, g) {
  const items = [];
  node.kids.forEach((k) => k.value > 0 && items.push({ v: k.value, folder: k }));
  for (const f of node.files) if (F.code[f] > 0) items.push({ v: F.code[f], file: f });
  items.sort((a, b) => b.v - a.v);
  const rects = squarify(items.map((i) => i.v), x, y, w, h);
  items.forEach((item, i) => (item.folder ? drawFolder(item.folder, rects[i], g) : drawFile(item.file, rects[i], g)));
}

// Whether white reads better than black on a colour `rgb(r,g,b)`.
function dark(colour) {
  const [r, g, b] = colour.slice(4, -1).split(',').map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b < 120;
}

function drawFile(f, [x, y, w, h], g) {
  if (w * h < 0.5) return;
  const fill = fileColour(f);
  g.append(s('rect', { x, y, width: w, height: h, class: 'file', fill, 'data-file': f },
    s('title', null, fileTip(f))));
  if (w > 44 && h > 14) {
    g.append(s('text', { x: x + 3, y: y + 12, class: dark(fill) ? 'file-label on-dark' : 'file-label' }, clip(basename(F.path[f]), w - 6)));
  }
}

// A folder large enough shows its name and its contents; a smaller one is one block.
function drawFolder(n, [x, y, w, h], g) {
  const HEAD = 16;
  const open = w * h >= 2500 && w >= 30 && h >= HEAD + 10;
  g.append(s('rect', {
    x, y, width: w, height: h, class: open ? 'folder' : 'block', fill: open ? null : folderColour(n), 'data-folder': n.path,
  }, s('title', null, folderTip(n))));
  if (!open) return;
  g.append(s('text', { x: x + 4, y: y + 12, class: 'folder-label' }, clip(n.name + '/', w - 8)));
  layout(n, x + 1, y + HEAD, w - 2, h - HEAD - 1, g);
}

function drawTreemap() {
  const W = chartWidth(TM.svg), H = Math.round(Math.min(640, Math.max(360, W * 0.5)));
  TM.svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  TM.svg.setAttribute('height', H);
  const g = s('g');
  if (TM.zoom.value > 0) layout(TM.zoom, 0, 0, W, H, g);
  else g.append(s('text', { x: 12, y: 24 }, 'No code lines here.'));
  TM.svg.replaceChildren(g);
  drawCrumbs();
  drawLegend();
}

function drawCrumbs() {
  const path = [];
  for (let n = TM.zoom; n; n = n.parent) path.unshift(n);
  TM.crumbs.replaceChildren(...path.flatMap((n, i) => {
    const name = i === 0 ? '(all)' : n.name;
    const item = n === TM.zoom ? h('strong', { text: name }) : h('a', { href: '#treemap', text: name, 'data-folder': n.path });
    return i ? [' / ', item] : [item];
  }));
}

function zoomTo(n) {
  TM.zoom = n;
  drawTreemap();
}

function onTreemapClick(e) {
  const d = e.target.dataset || {};
  if (d.file != null) openFile(+d.file, 0);
  else if (TM.tree.folders.has(d.folder)) zoomTo(TM.tree.folders.get(d.folder));
}

function drawLegend() {
  const t = TM.colourBy === 'coverage' ? null : T[TM.colourBy];
  const stops = t == null ? COVERAGE_STOPS : complexityStops(t);
  const max = t == null ? 100 : t * 4, W = 260;
  const bar = s('svg', { width: W + 20, height: 30 });
  for (let i = 0; i < 52; i++) {
    bar.append(s('rect', { x: 10 + (i * W) / 52, y: 2, width: W / 52 + 0.5, height: 12, fill: ramp(stops, (i / 51) * max) }));
  }
  for (const v of t == null ? [0, 50, 80, 100] : [0, t / 2, t, t * 2, t * 4]) {
    bar.append(s('text', { x: 10 + (v / max) * W, y: 26, 'text-anchor': 'middle' }, fmt(v)));
  }
  const what = t == null ? 'line coverage (%)' : 'worst ' + TM.colourBy + ' complexity of the file (threshold ' + fmt(t) + ')';
  TM.legend.replaceChildren(bar, h('span', { text: what }), s('svg', { width: 12, height: 12 }, s('rect', { width: 12, height: 12, fill: NONE })),
    h('span', { text: t == null ? 'no coverage data' : 'no functions' }));
}

// ---- axes ------------------------------------------------------------------------------------

function niceTicks(max, count) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count, pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw);
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(+(ticks.length * step).toPrecision(12));
  return ticks;
}

function logTicks(max) {
  const ticks = [0];
  for (let p = 1; p <= max; p *= 10) ticks.push(...[p, 2 * p, 5 * p].filter((v) => v <= max));
  return ticks;
}

// Grid, ticks and labels: `frame` has the plot's box, ticks, scales X and Y, and labels.
function axes(g, frame) {
  const { box, X, Y } = frame;
  for (const v of frame.yTicks) {
    g.append(s('line', { x1: box.l, x2: box.r, y1: Y(v), y2: Y(v), class: 'grid' }));
    g.append(s('text', { x: box.l - 6, y: Y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  }
  frame.xTicks.forEach((v, i) => {
    g.append(s('line', { x1: X(v), x2: X(v), y1: box.t, y2: box.b, class: 'grid' }));
    const anchor = frame.xAnchor ? frame.xAnchor(i) : 'middle';
    g.append(s('text', { x: X(v), y: box.b + 15, 'text-anchor': anchor }, frame.xText ? frame.xText(i) : fmt(v)));
  });
  const middle = (box.t + box.b) / 2;
  g.append(s('path', { d: 'M' + box.l + ',' + box.t + 'V' + box.b + 'H' + box.r, fill: 'none', class: 'axis' }));
  g.append(s('text', { x: (box.l + box.r) / 2, y: box.b + 32, 'text-anchor': 'middle' }, frame.xLabel));
  g.append(s('text', { x: 12, y: middle, transform: 'rotate(-90 12 ' + middle + ')', 'text-anchor': 'middle' }, frame.yLabel));
}

// ---- hotspots --------------------------------------------------------------------------------

const HS = { data: D.hotspots, kind: 'files', svg: s('svg', { class: 'chart scatter', role: 'img', 'aria-label': 'hotspot scatter plot' }) };

function scatterChoice(value, label) {
  const input = h('input', { type: 'radio', name: 'scatter', value, checked: value === HS.kind });
  input.addEventListener('change', () => {
    HS.kind = value;
    drawScatter();
  });
  return h('label', null, input, label);
}

function buildHotspotSection() {
  const section = h('section', { id: 'hotspots' }, h('h2', { text: 'Hotspots' }));
  main.append(section);
  if (!HS.data) {
    section.append(h('p', { class: 'empty', text: 'No history in this report: run plumb report --history in a git repository to plot each file by how often it changed and how complex it is.' }));
    return;
  }
  section.append(
    h('p', { class: 'hint', text: 'How often each file or function changed ' + HS.data.since + ' (' + plural(HS.data.commits, 'commit') + ') against its complexity, both on log scales; the ten highest scores (changes × complexity) are labelled. Click a point to read it.' }),
    h('div', { class: 'toolbar' }, scatterChoice('files', 'files'), scatterChoice('functions', 'functions')),
    HS.svg);
  HS.svg.addEventListener('click', (e) => {
    const d = e.target.dataset || {};
    if (d.file != null) openFile(+d.file, +d.line || 0);
  });
}

// The rows of the plot: files (commits, sum of cyclomatic) or functions (changes, cyclomatic).
function scatterRows() {
  const rows = HS.kind === 'files' ? HS.data.files : HS.data.functions;
  if (HS.kind === 'files') {
    return {
      n: rows.file.length, xs: rows.commits, ys: rows.complexity, score: rows.score, files: true,
      file: (r) => rows.file[r], line: () => 0, name: (r) => basename(F.path[rows.file[r]]),
    };
  }
  return {
    n: rows.function.length, xs: rows.changes, ys: rows.function.map((i) => U.cyclomatic[i]), score: rows.score, files: false,
    file: (r) => U.file[rows.function[r]], line: (r) => U.line[rows.function[r]], name: (r) => U.name[rows.function[r]],
  };
}

// Points at the same place are drawn once, larger.
function groupPoints(rows) {
  const groups = new Map();
  for (let r = 0; r < rows.n; r++) {
    const key = rows.xs[r] + ',' + rows.ys[r];
    if (!groups.has(key)) groups.set(key, { x: rows.xs[r], y: rows.ys[r], rows: [] });
    groups.get(key).rows.push(r);
  }
  return groups;
}

function drawScatter() {
  if (!HS.data) return;
  const rows = scatterRows(), groups = groupPoints(rows);
  const hot = [];
  for (let r = 0; r < rows.n && hot.length < 10; r++) if (rows.score[r] > 0) hot.push(r);
  const W = chartWidth(HS.svg), H = 440, box = { l: 64, r: W - 20, t: 14, b: H - 46 };
  const lg = (v) => Math.log10(1 + v), most = (vs) => vs.reduce((m, v) => Math.max(m, v), 10);
  const xMax = most(rows.xs), yMax = most(rows.ys);
  // A little room beyond the largest values, for their points and labels.
  const X = (v) => box.l + (lg(v) / (lg(xMax) * 1.04)) * (box.r - box.l);
  const Y = (v) => box.b - (lg(v) / (lg(yMax) * 1.06)) * (box.b - box.t);
  HS.svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  HS.svg.setAttribute('height', H);
  const g = s('g');
  axes(g, {
    box, X, Y, xTicks: logTicks(xMax), yTicks: logTicks(yMax),
    xLabel: rows.files ? 'commits that changed the file' : 'commits that changed the function',
    yLabel: rows.files ? 'complexity (sum of cyclomatic)' : 'cyclomatic complexity',
  });
  const hotSet = new Set(hot);
  for (const group of groups.values()) g.append(point(group, rows, hotSet, X, Y));
  labelHotspots(g, hot, rows, X, Y, W);
  HS.svg.replaceChildren(g);
}

function point(group, rows, hotSet, X, Y) {
  const isHot = group.rows.some((r) => hotSet.has(r)), first = group.rows[0];
  const names = group.rows.slice(0, 5).map(rows.name).join(', ') + (group.rows.length > 5 ? ', …' : '');
  const what = plural(group.rows.length, rows.files ? 'file' : 'function') + ': ' + plural(group.x, 'commit') + ', complexity ' + group.y;
  return s('circle', {
    cx: X(group.x), cy: Y(group.y), r: Math.min(16, 3 + Math.sqrt(group.rows.length)),
    fill: isHot ? '#cf222e' : '#0969da', class: isHot ? 'hot' : null, 'data-file': rows.file(first), 'data-line': rows.line(first),
  }, s('title', null, what + '\n' + names));
}

// Labels right of their points, moved up or down off the labels already placed.
function labelHotspots(g, hot, rows, X, Y, W) {
  const placed = [];
  for (const r of hot) {
    const text = clip(rows.name(r), 220), width = text.length * 6.2, at = X(rows.xs[r]);
    // Right of the point, or left of it when the plot ends first.
    const x = at + 8 + width <= W - 4 ? at + 8 : at - 8 - width;
    const y = freeLine(placed, x, Y(rows.ys[r]) + 4, width);
    placed.push({ x, y, w: width });
    g.append(s('text', { x, y, class: 'label' }, text));
  }
}

function freeLine(placed, x, y, width) {
  const taken = (at) => placed.some((p) => x < p.x + p.w && p.x < x + width && Math.abs(p.y - at) < 12);
  for (let k = 0; k < 12; k++) {
    const at = y + (k % 2 ? -1 : 1) * 12 * Math.ceil(k / 2);
    if (!taken(at)) return at;
  }
  return y;
}

// ---- trend -----------------------------------------------------------------------------------

function lineChart(caption, series) {
  const P = D.trend, W = 520, H = 220, box = { l: 56, r: W - 12, t: 10, b: H - 42 };
  // The measured commits one after another, oldest first, whatever their dates.
  const xs = P.map((_, i) => i), x1 = P.length - 1;
  const X = (v) => (x1 === 0 ? (box.l + box.r) / 2 : box.l + (v / x1) * (box.r - box.l));
  const yTicks = niceTicks(Math.max(1, ...series.flatMap((line) => P.map(line.get))), 4);
  const Y = (v) => box.b - (v / yTicks[yTicks.length - 1]) * (box.b - box.t);
  const shown = [...new Set([0, Math.round((P.length - 1) / 3), Math.round((2 * (P.length - 1)) / 3), P.length - 1])];
  const g = s('g');
  axes(g, {
    box, X, Y, xTicks: shown.map((i) => xs[i]), yTicks, xLabel: 'measured commits, oldest first', yLabel: '',
    xText: (i) => String(P[shown[i]].date).slice(0, 10),
    xAnchor: (i) => (shown.length > 1 && i === 0 ? 'start' : i === shown.length - 1 && i > 0 ? 'end' : 'middle'),
  });
  for (const line of series) drawLine(g, line, xs.map(X), P.map((p) => Y(line.get(p))));
  return h('figure', null,
    h('figcaption', null, caption, series.map((line) => [h('span', { class: 'key', 'data-colour': line.colour }), line.name])),
    s('svg', { class: 'chart trend', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': caption }, g));
}

function drawLine(g, line, xs, ys) {
  const d = xs.map((x, i) => (i ? 'L' : 'M') + x.toFixed(1) + ',' + ys[i].toFixed(1)).join('');
  g.append(s('path', { d, fill: 'none', stroke: line.colour, 'stroke-width': 2, 'stroke-dasharray': line.dash || null }));
  D.trend.forEach((p, i) => g.append(s('circle', { cx: xs[i], cy: ys[i], r: 2.5, fill: line.colour },
    s('title', null, line.name + ': ' + fmt(line.get(p)) + '\n' + String(p.commit).slice(0, 12) + ' ' + p.date))));
}

function spread(metric) {
  return [
    { name: 'mean', colour: '#0969da', get: (p) => p[metric].mean },
    { name: '90th percentile', colour: '#bf8700', get: (p) => p[metric].p90 },
    { name: 'max', colour: '#cf222e', dash: '4 3', get: (p) => p[metric].max },
  ];
}

function buildTrendSection() {
  if (!D.trend || !D.trend.length) return;
  const grid = h('div', { class: 'trend-grid' },
    lineChart('Cyclomatic complexity', spread('cyclomatic')),
    lineChart('Cognitive complexity', spread('cognitive')),
    lineChart('Functions over the thresholds (%)', [
      { name: 'cyclomatic > ' + fmt(T.cyclomatic), colour: '#cf222e', get: (p) => p.over_threshold.cyclomatic },
      { name: 'cognitive > ' + fmt(T.cognitive), colour: '#8250df', get: (p) => p.over_threshold.cognitive },
    ]),
    lineChart('Code lines', [{ name: 'code lines', colour: '#1a7f37', get: (p) => p.code }]),
    lineChart('Functions', [{ name: 'functions', colour: '#0969da', get: (p) => p.functions }]));
  // The keys take their colour through the CSSOM, which the page's policy allows.
  for (const key of grid.querySelectorAll('.key')) key.style.background = key.dataset.colour;
  const first = String(D.trend[0].date).slice(0, 10), last = String(D.trend[D.trend.length - 1].date).slice(0, 10);
  main.append(h('section', { id: 'trend' },
    h('h2', { text: 'Trend' }),
    h('p', { class: 'hint', text: plural(D.trend.length, 'measured commit') + ', from ' + first + ' to ' + last + '.' }),
    grid));
}

// ---- virtual list ----------------------------------------------------------------------------

// A list of fixed-height rows of which only those in view (and a few around) exist: scrolling
// refills them, so that a hundred thousand rows cost a few dozen elements.
class VirtualList {
  constructor(viewport, rowHeight, makeRow, fillRow) {
    Object.assign(this, { viewport, rowHeight, makeRow, fillRow, count: 0, frame: 0, pool: [] });
    this.spacer = h('div', { class: 'spacer' });
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => this.schedule());
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  setCount(n) {
    this.count = n;
    this.spacer.style.height = n * this.rowHeight + 'px';
    this.render();
  }

  render() {
    this.frame = 0;
    const top = this.viewport.scrollTop, height = this.viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / this.rowHeight) - 8);
    const last = Math.min(this.count, Math.ceil((top + height) / this.rowHeight) + 8);
    const need = Math.max(0, last - first);
    while (this.pool.length < need) this.spacer.append(this.pool[this.pool.push(this.makeRow()) - 1]);
    this.pool.forEach((row, k) => {
      row.hidden = k >= need;
      if (row.hidden) return;
      row.style.top = (first + k) * this.rowHeight + 'px';
      this.fillRow(row, first + k);
    });
  }

  scrollToRow(i) {
    this.viewport.scrollTop = Math.max(0, i * this.rowHeight - this.viewport.clientHeight / 3);
    this.render();
  }
}

// ---- function table --------------------------------------------------------------------------

const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

function tableColumns() {
  const columns = [
    { key: 'name', label: 'function', width: 'minmax(180px, 3fr)', text: (i) => U.name[i], compare: (a, b) => compareText(U.name[a], U.name[b]) },
    { key: 'at', label: 'path:line', width: 'minmax(180px, 3fr)', text: (i) => '\u200e' + F.path[U.file[i]] + ':' + U.line[i] + '\u200e', compare: (a, b) => U.file[a] - U.file[b] || U.line[a] - U.line[b] },
    { key: 'cyclomatic', label: 'cyclomatic', values: U.cyclomatic, over: T.cyclomatic },
    { key: 'cognitive', label: 'cognitive', values: U.cognitive, over: T.cognitive },
    { key: 'code', label: 'code lines', values: U.code },
  ];
  if (covered) columns.push({ key: 'coverage', label: 'coverage %', values: U.coverage }, { key: 'crap', label: 'CRAP', values: U.crap });
  columns.push({ key: 'findings', label: 'findings', values: derived.functionFindings });
  if (D.changed) columns.push({ key: 'changed', label: 'changed', values: derived.changed, text: (i) => (derived.changed[i] ? 'changed' : '') });
  for (const c of columns.filter((column) => column.values)) {
    c.width = 'minmax(70px, 1fr)';
    c.text = c.text || ((i) => fmt(c.values[i]));
  }
  return columns;
}

const FILTERS = {
  cc: U.cyclomatic, cyclomatic: U.cyclomatic, cog: U.cognitive, cognitive: U.cognitive, code: U.code,
  lines: U.code, params: U.params, nesting: U.nesting, findings: derived.functionFindings,
};
if (covered) Object.assign(FILTERS, { cov: U.coverage, coverage: U.coverage, crap: U.crap });
if (D.changed) FILTERS.changed = derived.changed;

const TB = {
  columns: tableColumns(), sortKey: 'cyclomatic', sortDir: -1, order: new Int32Array(0), lower: null,
  count: h('span', { class: 'hint' }),
  filter: h('input', { type: 'search', placeholder: 'filter: name or path, cc>10, cog>=15, findings>0' + (covered ? ', cov<50' : '') + (D.changed ? ', changed=1' : ''), 'aria-label': 'filter functions' }),
  viewport: h('div', { class: 'viewport body', role: 'rowgroup' }),
  head: null,
  list: null,
};

function buildTableSection() {
  const numeric = (c) => 'cell' + (c.values ? ' num' : ' ' + c.key);
  TB.head = h('div', { class: 'row head', role: 'row' }, TB.columns.map((c) =>
    h('div', { class: numeric(c), role: 'columnheader', 'data-key': c.key, text: c.label, title: 'sort by ' + c.label })));
  const table = h('div', { class: 'table', role: 'table', 'aria-label': 'functions' }, TB.head, TB.viewport);
  table.style.setProperty('--columns', TB.columns.map((c) => c.width).join(' '));
  TB.viewport.style.height = '520px';
  const keys = 'cc, cog, code, params, nesting, findings' + (covered ? ', cov, crap' : '') + (D.changed ? ', changed (1 or 0)' : '');
  main.append(h('section', { id: 'functions' },
    h('h2', { text: 'Functions' }),
    h('p', { class: 'hint', text: 'Click a heading to sort, a row to read the function. Filters: words match the name or path; ' + keys + ' with <, <=, =, >=, >.' }),
    h('div', { class: 'toolbar' }, TB.filter, TB.count),
    table));
  TB.list = new VirtualList(TB.viewport, 24,
    () => h('div', { class: 'row', role: 'row' }, TB.columns.map((c) => h('div', { class: numeric(c), role: 'cell' }))),
    fillTableRow);
  TB.viewport.addEventListener('click', (e) => {
    const row = e.target.closest('.row');
    if (row && row.dataset.function != null) openFunction(+row.dataset.function);
  });
  TB.head.addEventListener('click', (e) => sortBy(e.target.dataset && e.target.dataset.key));
  TB.filter.addEventListener('input', debounce(filterRows, 120));
}

function fillTableRow(row, k) {
  const i = TB.order[k];
  row.dataset.function = i;
  TB.columns.forEach((c, n) => {
    const cell = row.children[n];
    cell.textContent = c.text(i);
    cell.classList.toggle('over', c.over != null && c.values[i] > c.over);
  });
  row.children[0].title = U.name[i];
  row.children[1].title = F.path[U.file[i]] + ':' + U.line[i];
}

function sortBy(key) {
  if (!key) return;
  if (key === TB.sortKey) TB.sortDir = -TB.sortDir;
  else Object.assign(TB, { sortKey: key, sortDir: key === 'name' || key === 'at' ? 1 : -1 });
  sortRows();
}

function compare(op, x, v) {
  if (op === '<') return x < v;
  if (op === '<=') return x <= v;
  if (op === '>') return x > v;
  if (op === '>=') return x >= v;
  return x === v;
}

// `cc>10` tests a number; any other word must be in the name or the path.
function rowTest(token) {
  const m = /^([a-z]+)(<=|>=|<|>|=)(-?\d+(?:\.\d+)?)$/.exec(token);
  const values = m && FILTERS[m[1]];
  if (values) return (i) => values[i] != null && compare(m[2], values[i], +m[3]);
  TB.lower = TB.lower || { names: U.name.map((n) => n.toLowerCase()), paths: F.path.map((p) => p.toLowerCase()) };
  const { names, paths } = TB.lower;
  return (i) => names[i].includes(token) || paths[U.file[i]].includes(token);
}

function filterRows() {
  const tests = TB.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean).map(rowTest);
  const kept = new Int32Array(nFunctions);
  let n = 0;
  for (let i = 0; i < nFunctions; i++) if (tests.every((t) => t(i))) kept[n++] = i;
  TB.order = kept.slice(0, n);
  sortRows();
}

// Rows without a value (no coverage) go last whichever the direction; ties keep report order.
function comparator(column, dir) {
  if (!column.values) return (a, b) => dir * column.compare(a, b) || a - b;
  const v = column.values;
  return (a, b) => {
    const x = v[a], y = v[b];
    if (x == null || y == null) return (x == null) - (y == null) || a - b;
    return dir * (x - y) || a - b;
  };
}

function sortRows() {
  TB.order.sort(comparator(TB.columns.find((c) => c.key === TB.sortKey), TB.sortDir));
  for (const cell of TB.head.children) {
    const sorted = cell.dataset.key === TB.sortKey;
    cell.setAttribute('aria-sort', sorted ? (TB.sortDir > 0 ? 'ascending' : 'descending') : 'none');
  }
  const all = TB.order.length === nFunctions;
  TB.count.textContent = all ? plural(nFunctions, 'function') : fmt(TB.order.length) + ' of ' + plural(nFunctions, 'function');
  TB.viewport.scrollTop = 0;
  TB.list.setCount(TB.order.length);
}

// ---- findings --------------------------------------------------------------------------------

function findingItem(x) {
  const f = X.file[x], level = LEVELS[X.level[x]];
  const where = (f >= 0 ? F.path[f] : X.path[x]) + ':' + X.line[x];
  const place = f >= 0 ? h('a', { href: fileLink(f, X.line[x]), class: 'mono', text: where }) : h('span', { class: 'mono', text: where });
  const changed = X.function[x] >= 0 && derived.changed[X.function[x]];
  return h('li', null, h('span', { class: 'level ' + level, text: level }), place, ' ', X.message[x],
    changed ? h('span', { class: 'tag', text: 'changed' }) : null);
}

function levelCounts(items) {
  const counts = [0, 0, 0];
  for (const x of items) counts[X.level[x]]++;
  return counts.map((c, l) => (c ? plural(c, LEVELS[l]) : null)).filter(Boolean).join(', ');
}

// A rule's findings, listed 500 at a time when opened.
function ruleGroup(id, summary, items) {
  const group = { items, shown: 0, list: h('ul'), more: h('button', { type: 'button' }) };
  const details = h('details', { class: 'rule', 'data-rule': id },
    h('summary', null, h('code', { text: id }), ' ', h('span', { class: 'count', text: fmt(items.length) }),
      ' (' + levelCounts(items) + ') ', h('span', { class: 'hint', text: summary })),
    group.list, group.more);
  group.more.addEventListener('click', () => showMore(group));
  details.addEventListener('toggle', () => details.open && !group.shown && showMore(group));
  return details;
}

function showMore(group) {
  const next = Math.min(group.items.length, group.shown + 500);
  const fragment = document.createDocumentFragment();
  for (let k = group.shown; k < next; k++) fragment.append(findingItem(group.items[k]));
  group.list.append(fragment);
  group.shown = next;
  const left = group.items.length - next;
  group.more.hidden = left === 0;
  group.more.textContent = 'show ' + fmt(Math.min(500, left)) + ' more of ' + fmt(left);
}

function buildFindingsSection() {
  const section = h('section', { id: 'findings' }, h('h2', { text: 'Findings' }));
  main.append(section);
  const byRule = D.rules.map(() => []), other = [];
  for (let x = 0; x < nFindings; x++) (byRule[X.rule[x]] || other).push(x);
  if (!nFindings) section.append(h('p', { class: 'empty', text: 'No findings.' }));
  D.rules.forEach((rule, r) => byRule[r].length && section.append(ruleGroup(rule.id, rule.summary, byRule[r])));
  if (other.length) section.append(ruleGroup('other', '', other));
  if (!D.problems.length) return;
  section.append(h('details', { class: 'rule problems' },
    h('summary', null, plural(D.problems.length, 'file') + ' skipped or read with problems'),
    h('ul', null, D.problems.map((p) => h('li', null, h('span', { class: 'mono', text: p.path }), ' ', p.message)))));
}

// ---- source view -----------------------------------------------------------------------------

const SRC = {
  chunks: new Map(), decoder: new TextDecoder(), opening: 0,
  // Whether the view was opened by moving within the page, so that closing it goes back.
  navigated: false,
  title: h('h3'), info: h('p', { class: 'hint' }), view: h('div', { class: 'viewport' }), overlay: null,
};

// The sources come after the script: those of a file opened before the page has loaded are
// read once it has.
const loaded = new Promise((resolve) => {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', resolve);
  else resolve();
});

async function inflate(c) {
  await loaded;
  const binary = atob(document.getElementById('plumb-source-' + c).textContent);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(c) {
  if (!SRC.chunks.has(c)) SRC.chunks.set(c, inflate(c));
  return SRC.chunks.get(c);
}

function buildSourceView() {
  SRC.overlay = h('div', { id: 'source', role: 'dialog', 'aria-modal': 'true', hidden: true },
    h('div', { class: 'src-head' }, SRC.title, SRC.info, h('button', { type: 'button', text: 'Close', onclick: closeSource })),
    SRC.view);
  document.body.append(SRC.overlay);
  document.addEventListener('keydown', (e) => e.key === 'Escape' && closeSource());
  window.addEventListener('hashchange', () => {
    SRC.navigated = true;
    route();
  });
}

function fileLink(f, line) {
  return '#file=' + encodeURIComponent(F.path[f]) + (line ? '&line=' + line : '');
}

function openFile(f, line) {
  location.hash = fileLink(f, line);
}

function openFunction(i) {
  openFile(U.file[i], U.line[i]);
}

function closeSource() {
  if (SRC.overlay.hidden) return;
  if (SRC.navigated) {
    SRC.navigated = false;
    history.back();
    return;
  }
  SRC.overlay.hidden = true;
  history.replaceState(null, '', location.pathname + location.search);
}

function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  const f = derived.fileIndex.get(params.get('file'));
  if (f == null) SRC.overlay.hidden = true;
  else showSource(f, +params.get('line') || 0).catch((e) => console.error(e));
}

// A function's numbers, one piece per line of the margin: its name, its complexity, its size,
// its coverage, and whether it changed.
function functionParts(i) {
  const parts = [U.name[i], 'cc ' + U.cyclomatic[i] + ' · cog ' + U.cognitive[i], plural(U.code[i], 'code line')];
  if (covered && U.coverage[i] != null) parts.push(percent(U.coverage[i]) + ' covered · CRAP ' + fmt(U.crap[i]));
  if (derived.changed[i]) parts.push('changed');
  return parts;
}

// The margin's text by line. A function's numbers go down from its first line, a piece per
// line, within its own lines and above the next function's first (the last line it has takes
// what is left); functions that start on the same line share it.
function marginNotes(f) {
  const notes = new Map(), starts = new Map();
  for (let i = derived.firstFunction[f]; i < derived.firstFunction[f + 1]; i++) {
    if (!starts.has(U.line[i])) starts.set(U.line[i], []);
    starts.get(U.line[i]).push(i);
  }
  const lines = [...starts.keys()].sort((a, b) => a - b);
  lines.forEach((line, k) => {
    const here = starts.get(line);
    const over = here.some((i) => U.cyclomatic[i] > T.cyclomatic || U.cognitive[i] > T.cognitive);
    const title = here.map((i) => functionParts(i).join(' · ')).join('\n');
    let pieces = [title.replace(/\n/g, '; ')];
    if (here.length === 1) {
      const parts = functionParts(here[0]), next = k + 1 < lines.length ? lines[k + 1] : Infinity;
      const room = Math.max(1, Math.min(U.end[here[0]], next - 1) - line + 1);
      pieces = room >= parts.length ? parts : parts.slice(0, room - 1).concat(parts.slice(room - 1).join(' · '));
    }
    const numbers = Math.min(1, pieces.length - 1);
    pieces.forEach((text, n) => notes.set(line + n, { text, first: n === 0, over: over && n === numbers, title }));
  });
  return notes;
}

function lineFindings(f) {
  const at = new Map();
  for (let x = 0; x < nFindings; x++) {
    if (X.file[x] !== f) continue;
    if (!at.has(X.line[x])) at.set(X.line[x], []);
    at.get(X.line[x]).push(x);
  }
  return at;
}

// 1 for a line the tests ran, 2 for one they did not, 0 for the rest.
function lineStates(f, count) {
  const states = new Uint8Array(count + 2), runs = F.line_coverage ? F.line_coverage[f] || [] : [];
  for (let k = 0; k + 2 < runs.length; k += 3) states.fill(runs[k + 2] ? 1 : 2, runs[k], Math.min(runs[k + 1], count) + 1);
  return states;
}

// 1 for each line changed since the base revision (--changed-since).
function changedLines(f, count) {
  const changed = new Uint8Array(count + 2), runs = D.changed ? D.changed.lines[f] : [];
  for (let k = 0; k + 1 < runs.length; k += 2) changed.fill(1, runs[k], Math.min(runs[k + 1], count) + 1);
  return changed;
}

async function sourceLines(f, flagged) {
  if (!F.source[f]) return Array(Math.max(F.lines[f], ...flagged.keys())).fill('');
  const [c, offset, length] = F.source[f];
  const bytes = await chunk(c);
  const lines = SRC.decoder.decode(bytes.subarray(offset, offset + length)).split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function sourceInfo(f) {
  const info = [F.language[f], plural(F.lines[f], 'line'), fmt(F.code[f]) + ' code lines', plural(functionsOf(f), 'function')];
  if (covered) info.push('line coverage ' + percent(F.coverage[f]));
  if (derived.fileFindings[f]) info.push(plural(derived.fileFindings[f], 'finding'));
  if (!F.source[f]) info.push('the source is not in this report');
  return info.join(' · ');
}

async function showSource(f, line) {
  const ticket = ++SRC.opening;
  SRC.overlay.hidden = false;
  SRC.overlay.dataset.file = f;
  SRC.title.textContent = F.path[f];
  SRC.info.textContent = sourceInfo(f);
  const flagged = lineFindings(f);
  const lines = await sourceLines(f, flagged);
  if (ticket !== SRC.opening) return;
  const page = {
    lines, flagged, line, notes: marginNotes(f), states: lineStates(f, lines.length), changed: changedLines(f, lines.length),
  };
  const longest = lines.reduce((m, l) => Math.max(m, Math.min(l.length, 2000)), 0);
  SRC.view.replaceChildren();
  const view = new VirtualList(SRC.view, 18, () => h('div', { class: 'src-line row' },
    h('span', { class: 'margin' }), h('span', { class: 'no' }), h('span', { class: 'src-code' })), (row, k) => fillSourceRow(page, row, k));
  view.spacer.style.minWidth = Math.ceil(longest * 7.7 + 420) + 'px';
  view.setCount(lines.length);
  view.scrollToRow(Math.max(0, line - 1));
}

// A function's name, else the rules of the line's findings, else the function's numbers.
function marginText(note, marks) {
  if (note && (note.first || !marks)) return note.text;
  return marks ? marks.map((x) => (D.rules[X.rule[x]] || { id: 'finding' }).id).join(', ') : '';
}

function lineClass(page, n, marks) {
  const state = ['', ' covered', ' uncovered'][page.states[n]];
  const flag = marks ? ' flagged' + (marks.every((x) => X.level[x] > 0) ? ' warning' : '') : '';
  return 'src-line row' + state + flag + (page.changed[n] ? ' changed' : '') + (n === page.line ? ' target' : '');
}

function fillSourceRow(page, row, k) {
  const n = k + 1, note = page.notes.get(n), marks = page.flagged.get(n);
  const [margin, number, code] = row.children;
  margin.textContent = marginText(note, marks);
  margin.className = 'margin' + (note ? (note.first ? ' fn' : ' fn-more') : '') + (note && note.over ? ' over' : '');
  const messages = marks ? marks.map((x) => LEVELS[X.level[x]] + ': ' + X.message[x]) : [];
  margin.title = (note ? [note.title] : []).concat(messages).join('\n');
  number.textContent = n;
  const text = page.lines[k].replace(/\r$/, '');
  code.textContent = text.length > 2000 ? text.slice(0, 2000) + ' …' : text;
  row.className = lineClass(page, n, marks);
}

// ---- start -----------------------------------------------------------------------------------

buildTreemapSection();
buildHotspotSection();
buildTrendSection();
buildTableSection();
buildFindingsSection();
buildSourceView();
drawTreemap();
drawScatter();
filterRows();
window.addEventListener('resize', debounce(() => {
  drawTreemap();
  drawScatter();
}, 150));
route();
TIMES.drawn = performance.now();
document.documentElement.dataset.ready = 'true';
requestAnimationFrame(() => setTimeout(() => {
  TIMES.shown = performance.now();
  document.documentElement.dataset.shown = 'true';
}));
