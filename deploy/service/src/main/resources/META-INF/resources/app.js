// The moderator page: plain DOM, no build step. Every API call carries the API key from session storage;
// pictures and videos are fetched the same way and shown through blob: URLs, so no secret goes in a URL.
'use strict';

const KEY = 'vcd.apiKey';
const main = document.getElementById('main');
const blobs = new Map();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children.flat(Infinity)) { // nested lists too: a segment's frame pairs are a list of pairs
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(path, options = {}) {
  const headers = Object.assign({'X-API-Key': sessionStorage.getItem(KEY) || ''}, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, {headers}));
  if (response.status === 401) {
    sessionStorage.removeItem(KEY);
    signIn('That API key was not accepted.');
    throw new Error('unauthorised');
  }
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { message = (await response.json()).error || message; } catch (ignored) { /* not JSON */ }
    throw new Error(message);
  }
  return response;
}

/** An object URL for an API resource, fetched once with the key. */
async function blobUrl(path) {
  if (!blobs.has(path)) {
    blobs.set(path, api(path).then(r => r.blob()).then(b => URL.createObjectURL(b)));
  }
  return blobs.get(path);
}

function showImage(img, path) {
  blobUrl(path).then(url => { img.src = url; }).catch(e => { img.alt = 'unavailable: ' + e.message; });
  return img;
}

function signIn(error) {
  document.getElementById('sign-out').hidden = true;
  document.getElementById('who').textContent = '';
  main.replaceChildren(document.getElementById('sign-in').content.cloneNode(true));
  const message = document.getElementById('key-error');
  if (error) { message.textContent = error; message.hidden = false; }
  document.getElementById('key-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(KEY, document.getElementById('api-key').value.trim());
    route();
  });
}

function fmt(seconds) {
  const s = Math.max(0, seconds);
  return Math.floor(s / 60) + ':' + (s % 60).toFixed(1).padStart(4, '0');
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

let timer = null;

async function checksPage() {
  const list = await (await api('/api/v1/checks?limit=100')).json();
  const upload = el('form', {class: 'card', id: 'submit-form'},
    el('h2', {}, 'Check a video'),
    el('input', {type: 'file', id: 'submit-file', accept: 'video/*', required: ''}), ' ',
    el('button', {type: 'submit'}, 'Submit'), ' ',
    el('span', {id: 'submit-state', class: 'muted'}));
  upload.addEventListener('submit', async event => {
    event.preventDefault();
    const file = document.getElementById('submit-file').files[0];
    const form = new FormData();
    form.append('file', file, file.name);
    const state = document.getElementById('submit-state');
    state.textContent = 'uploading...';
    try {
      const check = await (await api('/api/v1/checks', {method: 'POST', body: form})).json();
      location.hash = '#/checks/' + check.id;
    } catch (e) {
      state.textContent = e.message;
    }
  });
  const rows = list.map(c => el('tr', {class: 'row', 'data-check': c.id, onclick: () => { location.hash = '#/checks/' + c.id; }},
    el('td', {class: 'clip query', title: c.query || c.id}, el('a', {href: '#/checks/' + c.id}, c.query || c.id)),
    el('td', {}, el('span', {class: 'status ' + c.status}, c.status)),
    el('td', {}, c.matches ? c.matches + ' (best ' + c.top_score.toFixed(2) + ')' : (c.status === 'done' ? 'none' : '')),
    el('td', {}, c.verdict ? el('span', {class: 'verdict ' + c.verdict}, c.verdict) : ''),
    el('td', {}, when(c.submitted_at))));
  main.replaceChildren(upload, el('section', {class: 'card'}, el('h2', {}, 'Recent checks'),
    list.length ? el('table', {id: 'checks'},
      el('thead', {}, el('tr', {}, el('th', {}, 'Query'), el('th', {}, 'Status'), el('th', {}, 'Matches'),
        el('th', {}, 'Verdict'), el('th', {}, 'Submitted'))),
      el('tbody', {}, rows)) : el('p', {class: 'muted'}, 'No checks yet.')));
  if (list.some(c => c.status === 'queued' || c.status === 'running')) {
    timer = setTimeout(route, 2000);
  }
}

async function checkPage(id) {
  const check = await (await api('/api/v1/checks/' + encodeURIComponent(id))).json();
  const head = el('section', {class: 'card'},
    el('h1', {class: 'clip', title: check.query || check.id}, check.query || check.id),
    el('p', {}, el('span', {class: 'status ' + check.status, id: 'check-status'}, check.status),
      ' submitted ', when(check.submitted_at), check.finished_at ? ', finished ' + when(check.finished_at) : ''),
    check.error ? el('p', {class: 'error'}, check.error) : null);
  const parts = [head];
  if (check.status === 'queued' || check.status === 'running') {
    timer = setTimeout(route, 1500);
  } else if (check.result && check.result.matches.length === 0) {
    parts.push(el('section', {class: 'card'}, el('p', {}, 'No reference is copied in this video.')));
  }
  if (check.result) {
    check.result.matches.forEach((match, m) => parts.push(matchCard(check, match, m)));
  }
  main.replaceChildren(...parts);
}

function matchCard(check, match, m) {
  const evidence = check.evidence[m];
  const reference = check.references[match.reference];
  const verdict = check.verdicts.find(v => v.reference === match.reference);
  const queryVideo = el('video', {controls: '', muted: '', preload: 'none', class: 'query-video'});
  const referenceVideo = el('video', {controls: '', muted: '', preload: 'none', class: 'reference-video'});
  const playFrom = async (segment) => {
    try {
      queryVideo.src = await blobUrl(check.video);
      if (reference) referenceVideo.src = await blobUrl(reference.video);
    } catch (e) { return; }
    for (const [video, start] of [[queryVideo, segment.query_start], [referenceVideo, segment.reference_start]]) {
      if (!video.src) continue;
      const seek = () => { video.currentTime = start; video.play().catch(() => {}); };
      if (video.readyState >= 1) seek(); else video.addEventListener('loadedmetadata', seek, {once: true});
    }
  };
  for (const video of [queryVideo, referenceVideo]) {
    video.addEventListener('error', () => {
      video.parentElement.querySelector('figcaption').append(' - this browser cannot play this video (codec); '
        + 'the frames above are decoded by the server');
    }, {once: true});
  }
  const note = el('textarea', {rows: '2', placeholder: 'Note (optional)', class: 'note'}, verdict ? verdict.note || '' : '');
  const decide = async (decision) => {
    await api('/api/v1/checks/' + check.id + '/verdicts/' + encodeURIComponent(match.reference), {
      method: 'PUT', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({decision, note: note.value || null})});
    route();
  };
  const segments = match.segments.map((segment, s) => el('div', {class: 'segment'},
    el('h4', {}, 'Segment ' + (s + 1) + ': query ' + fmt(segment.query_start) + '-' + fmt(segment.query_end)
      + ' copies reference ' + fmt(segment.reference_start) + '-' + fmt(segment.reference_end)
      + ' (score ' + segment.score.toFixed(2) + ') ',
      el('button', {type: 'button', class: 'play', onclick: () => playFrom(segment)}, 'Play both from segment start')),
    // Which view of the query found the copy; a region is also outlined on the query frames by the server.
    evidence.segments[s].where_found
      ? el('p', {class: 'where-found'}, evidence.segments[s].where_found
        + (segment.query_region ? ' (outlined on the query frames)' : ''))
      : null,
    el('div', {class: 'pairs'}, evidence.segments[s].frames.map(pair => [
      el('figure', {}, showImage(el('img', {class: 'thumb query-thumb', alt: 'query frame'}), pair.query),
        el('figcaption', {}, 'query at ' + fmt(pair.query_time))),
      el('figure', {}, showImage(el('img', {class: 'thumb reference-thumb', alt: 'reference frame'}), pair.reference),
        el('figcaption', {}, 'reference at ' + fmt(pair.reference_time)))]))));
  return el('section', {class: 'card', 'data-match': String(m)},
    el('h2', {}, 'Copies ', reference ? (reference.title || reference.id) : match.reference + ' (taken down)',
      ' - score ' + match.score.toFixed(2) + ' ',
      el('span', {class: 'verdict ' + (verdict ? verdict.decision : 'pending'), id: 'verdict-' + m},
        verdict ? verdict.decision + ' by ' + verdict.decided_by : 'no verdict')),
    el('div', {class: 'match'},
      el('div', {class: 'heat-map'},
        showImage(el('img', {id: 'heat-map-' + m, alt: 'similarity heat map'}), evidence.heat_map),
        el('p', {class: 'axis'}, 'Similarity: query time downwards, reference time to the right; detected copies boxed.')),
      el('div', {}, segments,
        el('div', {class: 'players'},
          el('figure', {}, queryVideo, el('figcaption', {}, 'query')),
          el('figure', {}, referenceVideo, el('figcaption', {}, 'reference'))),
        el('div', {class: 'decide'}, note,
          el('button', {type: 'button', class: 'confirm', 'data-decision': 'confirmed', onclick: () => decide('confirmed')}, 'Confirm copy'), ' ',
          el('button', {type: 'button', class: 'dismiss', 'data-decision': 'dismissed', onclick: () => decide('dismissed')}, 'Dismiss')))));
}

/** Who is signed in: the key's role and its label or id, fetched once per sign-in (signIn clears it). */
function showWho() {
  const who = document.getElementById('who');
  if (who.textContent) return;
  api('/api/v1/me').then(r => r.json()).then(me => {
    who.dataset.role = me.role;
    who.textContent = me.role + ': ' + (me.label ? me.label + ' (' + me.id + ')' : me.id);
  }).catch(() => { /* a refused key is handled by api(); the page works without the name */ });
}

async function route() {
  clearTimeout(timer);
  if (!sessionStorage.getItem(KEY)) {
    signIn();
    return;
  }
  document.getElementById('sign-out').hidden = false;
  showWho();
  const match = location.hash.match(/^#\/checks\/([0-9a-f-]{36})$/);
  try {
    if (match) await checkPage(match[1]); else await checksPage();
  } catch (e) {
    if (e.message !== 'unauthorised') main.replaceChildren(el('p', {class: 'error card'}, e.message));
  }
}

document.getElementById('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  blobs.clear();
  route();
});
window.addEventListener('hashchange', route);
route();
