// genlab's page: talks to genlab's JSON API (/genlab/v1) and A1111's sampler list. Everything that comes from
// users or files (prompts, names, parameters) is put in as text, never as markup; no inline scripts or styles,
// so the server's Content-Security-Policy can forbid both.
'use strict';

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const POLL_MS = 300;
const state = { models: [], samplers: [], job: null, selected: null };

/** Calls the API; a failure becomes an Error with the server's one-line reason. */
async function api(method, path, body) {
  const init = { method, headers: {} };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const r = await fetch(path, init);
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!r.ok) {
    const reason = data && data.detail ? data.detail : `${r.status} ${r.statusText}`;
    const retry = r.headers.get('Retry-After');
    throw new Error(retry ? `${reason} (retry in ${retry} s)` : reason);
  }
  return data;
}

/** An element with a class, text and attributes; children appended in order. */
function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  children.forEach((c) => e.append(c));
  return e;
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function fill(select, options, keepFirst = false) {
  const keep = keepFirst ? [...select.options].slice(0, 1) : [];
  select.replaceChildren(...keep, ...options.map(([value, label]) => el('option', { value, text: label })));
}

function fmt(v, digits) {
  return v === null || v === undefined ? '' : Number(v).toFixed(digits);
}

// --- tabs -------------------------------------------------------------------------------------------------

const TABS = ['generate', 'gallery', 'compare', 'bench'];

/** Shows a view; its name goes in the address (#gallery), so a view can be bookmarked and reloaded. */
function showTab(name) {
  if (!TABS.includes(name)) return;
  if (location.hash !== `#${name}`) history.replaceState(null, '', `#${name}`);
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === name));
  if (name === 'gallery') loadGallery();
  if (name === 'bench') loadBench();
}

// --- generate ---------------------------------------------------------------------------------------------

function model(name) {
  return state.models.find((m) => m.name === name);
}

function onModelChange() {
  const m = model($('g-model').value);
  if (!m) return;
  $('g-model-description').textContent = m.description || '';
  document.querySelectorAll('#generate-form .prompt-only').forEach((e) => e.classList.toggle('hidden', !m.takes_prompt));
  document.querySelectorAll('#generate-form .class-only').forEach((e) => e.classList.toggle('hidden', !m.classes.length));
  document.querySelectorAll('#generate-form .sampler-only').forEach((e) => e.classList.toggle('hidden', !m.default_sampler));
  document.querySelectorAll('#generate-form .size-only').forEach((e) => e.classList.toggle('hidden', !m.options.includes('size')));
  fill($('g-class'), [['', 'any (the seed picks)'], ...m.classes.map((c) => [c, c])]);
  if (m.default_sampler) {
    $('g-sampler').value = m.default_sampler.sampler;
    $('g-steps').placeholder = m.default_sampler.steps;
    $('g-cfg').placeholder = m.default_sampler.cfg;
  }
}

function numberOrNull(id) {
  const v = $(id).value.trim();
  return v === '' ? null : Number(v);
}

function generateBody() {
  const m = model($('g-model').value);
  const body = { model: m.name, n: numberOrNull('g-n') || 1 };
  const seed = numberOrNull('g-seed');
  if (seed !== null) body.seed = seed;
  if (m.takes_prompt) {
    body.prompt = $('g-prompt').value;
    if ($('g-negative').value) body.negative_prompt = $('g-negative').value;
  }
  if (m.classes.length && $('g-class').value) body.class = $('g-class').value;
  if (m.default_sampler) {
    body.sampler = $('g-sampler').value;
    if (numberOrNull('g-steps') !== null) body.steps = numberOrNull('g-steps');
    if (numberOrNull('g-cfg') !== null) body.cfg = numberOrNull('g-cfg');
  }
  if (m.options.includes('size')) {
    if (numberOrNull('g-width') !== null) body.width = numberOrNull('g-width');
    if (numberOrNull('g-height') !== null) body.height = numberOrNull('g-height');
  }
  return body;
}

async function submitGenerate(event) {
  event.preventDefault();
  $('g-status').classList.remove('error');
  $('g-results').replaceChildren();
  $('g-notes').replaceChildren();
  $('g-preview').removeAttribute('src');
  $('g-progress').value = 0;
  try {
    const job = await api('POST', '/genlab/v1/jobs', generateBody());
    state.job = job.id;
    $('g-submit').disabled = true;
    $('g-cancel').disabled = false;
    watchJob(job.id, {
      progress: (j) => {
        $('g-progress').value = j.progress;
        $('g-status').textContent = j.state === 'queued' ? `queued, position ${j.position}`
          : `${j.state}: ${j.steps_done}/${j.steps_total} steps` + (j.eta_seconds > 0 ? `, about ${Math.ceil(j.eta_seconds)} s left` : '');
      },
      image: (image) => {
        $('g-preview').src = image.url;
        $('g-results').append(thumb(image.url, `seed ${image.seed}`, () => { $('g-preview').src = image.url; }));
      },
      done: (j) => {
        $('g-submit').disabled = false;
        $('g-cancel').disabled = true;
        $('g-status').textContent = j.state === 'failed' ? j.error
          : `${j.state}: ${j.images.length} image(s)` + (j.stopped ? ` (${j.stopped})` : '');
        $('g-status').classList.toggle('error', j.state === 'failed');
        $('g-notes').replaceChildren(...j.notes.map((n) => el('li', { text: n })));
      },
    });
  } catch (e) {
    $('g-status').textContent = e.message;
    $('g-status').classList.add('error');
  }
}

/** Scores 200 samples of the chosen model (the same seed and settings as the form) and says the figures. */
async function evaluate() {
  const body = generateBody();
  body.n = 200;
  if (body.seed === undefined) body.seed = 0;
  $('g-eval').disabled = true;
  $('g-eval-result').classList.remove('error');
  try {
    const job = await api('POST', `/genlab/v1/models/${encodeURIComponent(body.model)}/eval`, body);
    watchJob(job.id, {
      progress: (j) => { $('g-eval-result').textContent = `evaluating: ${Math.round(j.progress * 100)}%`; },
      image: () => {},
      done: (j) => {
        $('g-eval').disabled = false;
        if (j.state !== 'done') {
          $('g-eval-result').textContent = j.error || j.state;
          $('g-eval-result').classList.add('error');
          return;
        }
        const m = j.result.metrics;
        const f = j.result.floor;
        $('g-eval-result').textContent = `${j.result.samples} samples, seed ${j.result.seed}: FD-FMNIST ${fmt(m.fd, 2)} `
          + `(real vs real ${fmt(f.fd, 2)}), KID ${fmt(m.kid.mean, 4)}, IS ${fmt(m.is.mean, 2)}, `
          + `precision ${fmt(m.pr.precision, 3)}, recall ${fmt(m.pr.recall, 3)}`;
      },
    });
  } catch (e) {
    $('g-eval').disabled = false;
    $('g-eval-result').textContent = e.message;
    $('g-eval-result').classList.add('error');
  }
}

/** Polls a job until it ends, calling back with its progress and each new image once. */
function watchJob(id, on) {
  let shown = 0;
  const tick = async () => {
    let j;
    try {
      j = await api('GET', `/genlab/v1/jobs/${encodeURIComponent(id)}`);
    } catch (e) {
      on.done({ state: 'failed', error: e.message, images: [], notes: [] });
      return;
    }
    on.progress && on.progress(j);
    for (; shown < j.images.length; shown++) {
      if (j.images[shown].url) on.image(j.images[shown]);
    }
    if (j.state === 'queued' || j.state === 'running') setTimeout(tick, POLL_MS);
    else on.done(j);
  };
  tick();
}

function thumb(url, caption, onClick) {
  const t = el('div', { class: 'thumb', tabindex: '0' }, el('img', { src: url, alt: caption, loading: 'lazy' }),
    el('span', { text: caption }));
  t.addEventListener('click', () => {
    t.parentElement.querySelectorAll('.thumb').forEach((x) => x.classList.remove('selected'));
    t.classList.add('selected');
    onClick();
  });
  return t;
}

// --- gallery ----------------------------------------------------------------------------------------------

async function loadGallery() {
  const modelName = $('gal-model').value;
  const q = new URLSearchParams({ limit: '200' });
  if (modelName) q.set('model', modelName);
  try {
    const images = await api('GET', `/genlab/v1/images?${q}`);
    const shown = images.filter((i) => i.url);
    $('gal-count').textContent = `${images.length} image(s), newest first` + (shown.length < images.length
      ? `; ${images.length - shown.length} lie outside the server's outputs folder and are not shown` : '');
    $('gal-grid').replaceChildren(...shown.map((i) =>
      thumb(i.url, `${i.model} · ${i.seed}`, () => showImage(i))));
  } catch (e) {
    $('gal-count').textContent = e.message;
  }
}

function showImage(i) {
  state.selected = i;
  $('gal-detail').hidden = false;
  $('gal-image').src = i.url;
  $('gal-parameters').textContent = i.parameters;
  $('gal-meta').textContent = `${i.model} (${i.family}), ${i.width}x${i.height}, ${fmt(i.seconds, 3)} s, `
    + `made ${i.created.replace('T', ' ').slice(0, 19)} UTC by the ${i.source}; ${i.path}`;
}

async function copyParameters() {
  const text = state.selected ? state.selected.parameters : '';
  try {
    await navigator.clipboard.writeText(text);
    $('gal-copy').textContent = 'Copied';
  } catch (e) {
    const range = document.createRange();
    range.selectNodeContents($('gal-parameters'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    $('gal-copy').textContent = 'Selected: press Ctrl-C';
  }
  setTimeout(() => { $('gal-copy').textContent = 'Copy parameters'; }, 1500);
}

function reuseSeed() {
  const i = state.selected;
  if (!i || !model(i.model)) return;
  $('g-model').value = i.model;
  onModelChange();
  $('g-seed').value = i.seed;
  $('g-n').value = 1;
  if (i.prompt !== null) $('g-prompt').value = i.prompt;
  if (i.class_name) $('g-class').value = i.class_name;
  if (i.sampler) $('g-sampler').value = i.sampler;
  if (i.steps) $('g-steps').value = i.steps;
  if (i.cfg !== null) $('g-cfg').value = i.cfg;
  showTab('generate');
}

// --- compare ----------------------------------------------------------------------------------------------

function onAxisChange() {
  const axis = $('c-axis').value;
  $('c-steps-label').hidden = axis !== 'steps';
  $('c-model-label').hidden = axis === 'model';
  const iterative = state.models.filter((m) => m.default_sampler);
  if (axis !== 'model') fill($('c-model'), iterative.map((m) => [m.name, m.name]));
  let choices = [];
  if (axis === 'model') choices = state.models.map((m) => [m.name, m.name]);
  if (axis === 'sampler') choices = state.samplers.map((s) => [s.alias, s.name]);
  $('c-choices').replaceChildren(...choices.map(([value, label], i) =>
    el('label', {}, el('input', { type: 'checkbox', value, ...(i < 3 ? { checked: '' } : {}) }), label)));
}

async function submitCompare(event) {
  event.preventDefault();
  const axis = $('c-axis').value;
  const base = { prompt: $('c-prompt').value, seed: Number($('c-seed').value || 0), n: Number($('c-n').value || 1) };
  let variants;
  if (axis === 'steps') {
    variants = $('c-steps').value.split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => ({ label: `${s} steps`, body: { ...base, model: $('c-model').value, steps: Number(s) } }));
  } else {
    const picked = [...$('c-choices').querySelectorAll('input:checked')].map((i) => i.value);
    variants = picked.map((v) => axis === 'model'
      ? { label: v, body: { ...base, model: v } }
      : { label: v, body: { ...base, model: $('c-model').value, sampler: v } });
  }
  if (!variants.length) {
    $('c-status').textContent = 'choose at least one';
    return;
  }
  $('c-grid').replaceChildren();
  $('c-status').textContent = `${variants.length} job(s), seed ${base.seed}`;
  for (const v of variants) {
    const column = el('div', { class: 'compare-col' }, el('h3', { text: v.label }));
    const status = el('p', { class: 'muted', text: 'queued' });
    column.append(status);
    $('c-grid').append(column);
    const m = model(v.body.model);
    if (m && !m.takes_prompt) delete v.body.prompt;
    try {
      const job = await api('POST', '/genlab/v1/jobs', v.body);
      watchJob(job.id, {
        progress: (j) => { status.textContent = j.state === 'running' ? `${Math.round(j.progress * 100)}%` : j.state; },
        image: (image) => column.insertBefore(el('img', { src: image.url, alt: `${v.label}, seed ${image.seed}` }), status),
        done: (j) => {
          status.textContent = j.state === 'failed' ? j.error : j.notes.join('; ');
          status.classList.toggle('error', j.state === 'failed');
        },
      });
    } catch (e) {
      status.textContent = e.message;
      status.classList.add('error');
    }
  }
}

// --- bench ------------------------------------------------------------------------------------------------

async function loadBench() {
  let runs;
  try {
    runs = await api('GET', '/genlab/v1/bench?limit=200');
  } catch (e) {
    $('b-count').textContent = e.message;
    return;
  }
  state.runs = runs;
  $('b-count').textContent = `${runs.length} run(s)`;
  $('b-runs').tBodies[0].replaceChildren(...runs.map((r) => {
    const report = r.report_url ? el('a', { href: r.report_url, target: '_blank', rel: 'noopener', text: 'report' }) : '';
    const tr = el('tr', {}, el('td', { text: r.id }), el('td', { text: r.created.replace('T', ' ').slice(0, 19) }),
      el('td', { class: 'num', text: r.rows.length }), el('td', { text: r.device || '' }),
      el('td', { class: 'num', text: fmt(r.wall_seconds, 0) }), el('td', {}, report));
    tr.addEventListener('click', () => showRun(r));
    return tr;
  }));
  const labels = [...new Set(runs.flatMap((r) => r.rows.filter((w) => w.seconds_per_image).map((w) => w.label)))].sort();
  const current = $('b-history-row').value;
  fill($('b-history-row'), labels.map((l) => [l, l]));
  if (labels.includes(current)) $('b-history-row').value = current;
  drawHistory();
  if (runs.length) showRun(runs[0]);
}

function showRun(r) {
  $('b-run-panel').hidden = false;
  $('b-run-title').textContent = `Run ${r.id}, ${r.created.replace('T', ' ').slice(0, 19)} UTC`;
  $('b-rows').tBodies[0].replaceChildren(...r.rows.map((w) => (w.failure
    ? el('tr', {}, el('td', { text: w.label }), el('td', { colspan: '4', class: 'error', text: `failed: ${w.failure}` }))
    : el('tr', {}, el('td', { text: w.label }), el('td', { class: 'num', text: fmt(w.seconds_per_image, 4) }),
      el('td', { class: 'num', text: fmt(w.images_per_second, 1) }),
      el('td', { class: 'num', text: fmt(w.peak_rss_mb, 0) }), el('td', { class: 'num', text: fmt(w.fd, 2) })))));
  barChart($('b-chart'), r.rows.filter((w) => w.seconds_per_image > 0).map((w) => [w.label, w.seconds_per_image]));
}

/** Horizontal bars on a log scale: the rows of one run span four orders of magnitude. */
function barChart(chart, data) {
  const width = chart.clientWidth || 800;
  const rowHeight = 22;
  const left = 260;
  const height = Math.max(60, data.length * rowHeight + 30);
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  chart.style.height = `${height}px`; // CSSOM, which the page's CSP allows (a style attribute it would not)
  chart.replaceChildren();
  if (!data.length) return;
  const logs = data.map(([, v]) => Math.log10(v));
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.ceil(Math.max(...logs)) + (Math.min(...logs) === Math.max(...logs) ? 1 : 0);
  const x = (v) => left + (Math.log10(v) - lo) / (hi - lo) * (width - left - 70);
  for (let p = lo; p <= hi; p++) {
    chart.append(svg('line', { class: 'axis', x1: x(10 ** p), x2: x(10 ** p), y1: 0, y2: height - 20 }),
      svg('text', { x: x(10 ** p), y: height - 5, 'text-anchor': 'middle' }, `${10 ** p >= 1 ? 10 ** p : (10 ** p).toPrecision(1)} s`));
  }
  data.forEach(([label, v], i) => {
    const y = i * rowHeight + 4;
    chart.append(svg('text', { x: left - 8, y: y + 13, 'text-anchor': 'end' }, label.length > 40 ? `${label.slice(0, 39)}…` : label),
      svg('rect', { class: 'bar', x: left, y, height: rowHeight - 6, width: Math.max(1, x(v) - left) }),
      svg('text', { x: x(v) + 4, y: y + 13 }, v >= 1 ? v.toFixed(2) : v.toPrecision(2)));
  });
}

/** One row's seconds per image across runs, oldest to newest. */
function drawHistory() {
  const chart = $('b-history');
  const label = $('b-history-row').value;
  const points = (state.runs || []).slice().reverse().flatMap((r) => r.rows
    .filter((w) => w.label === label && w.seconds_per_image > 0).map((w) => [r.created, w.seconds_per_image]));
  const width = chart.clientWidth || 800;
  const height = 220;
  chart.setAttribute('viewBox', `0 0 ${width} ${height}`);
  chart.style.height = `${height}px`;
  chart.replaceChildren();
  if (!points.length) return;
  const max = Math.max(...points.map(([, v]) => v)) * 1.1;
  const x = (i) => 50 + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (width - 80);
  const y = (v) => height - 30 - v / max * (height - 50);
  chart.append(svg('line', { class: 'axis', x1: 50, x2: width - 20, y1: height - 30, y2: height - 30 }),
    svg('text', { x: 4, y: y(max / 1.1) + 4 }, `${(max / 1.1).toPrecision(2)} s`), svg('text', { x: 4, y: height - 26 }, '0'));
  chart.append(svg('polyline', { class: 'line', points: points.map(([, v], i) => `${x(i)},${y(v)}`).join(' ') }));
  points.forEach(([t, v], i) => {
    const dot = svg('circle', { class: 'dot', cx: x(i), cy: y(v), r: 4 });
    dot.append(svg('title', {}, `${t.slice(0, 19)}: ${v.toPrecision(3)} s`));
    chart.append(dot);
  });
  chart.append(svg('text', { x: 50, y: height - 8 }, points[0][0].slice(0, 10)),
    svg('text', { x: width - 20, y: height - 8, 'text-anchor': 'end' }, points[points.length - 1][0].slice(0, 10)));
}

// --- start ------------------------------------------------------------------------------------------------

async function start() {
  document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('generate-form').addEventListener('submit', submitGenerate);
  $('g-cancel').addEventListener('click', () => state.job && api('DELETE', `/genlab/v1/jobs/${state.job}`).catch(() => {}));
  $('g-model').addEventListener('change', onModelChange);
  $('g-eval').addEventListener('click', evaluate);
  $('gal-refresh').addEventListener('click', loadGallery);
  $('gal-model').addEventListener('change', loadGallery);
  $('gal-copy').addEventListener('click', copyParameters);
  $('gal-reuse').addEventListener('click', reuseSeed);
  $('c-axis').addEventListener('change', onAxisChange);
  $('compare-form').addEventListener('submit', submitCompare);
  $('b-refresh').addEventListener('click', loadBench);
  $('b-history-row').addEventListener('change', drawHistory);
  try {
    const [server, models, samplers] = await Promise.all([api('GET', '/genlab/v1/server'),
      api('GET', '/genlab/v1/models'), api('GET', '/sdapi/v1/samplers')]);
    state.models = models;
    state.samplers = samplers.map((s) => ({ name: s.name, alias: s.aliases[0] }));
    $('server-status').textContent = `genlab ${server.version} · ${server.device}, ${server.threads} thread(s)`;
    fill($('g-model'), models.map((m) => [m.name, `${m.name} (${m.family})`]));
    fill($('gal-model'), models.map((m) => [m.name, m.name]), true);
    fill($('g-sampler'), state.samplers.map((s) => [s.alias, s.name]));
    $('g-model').value = server.model;
    onModelChange();
    onAxisChange();
    showTab(location.hash.slice(1) || 'generate');
  } catch (e) {
    $('server-status').textContent = e.message;
    $('server-status').classList.add('error');
  }
}

document.addEventListener('DOMContentLoaded', start);
