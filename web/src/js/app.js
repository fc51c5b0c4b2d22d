// The dashboard: a hash router over the views. Routes:
//   #/                       overview          #/posts?FILTERS       posts behind a number
//   #/post/SOURCE/ID         one post          #/thread/SOURCE/ID    a thread (people)
//   #/author/SOURCE/HANDLE   an author (people)
//   #/influencers  #/queue   people views
import {api, setToken} from './api.js';
import {browserZone, clock, knownZones, setClock, UTC} from './clock.js';
import {h} from './dom.js';
import {overview} from './views/overview.js';
import {peopleViews} from './views/people.js';
import {post} from './views/post.js';
import {posts} from './views/posts.js';
import {errorBox} from './widgets.js';

const views = {
  '': (root, params) => overview(root, params),
  posts: (root, params) => posts(root, params),
  post: (root, params, rest) => post(root, rest),
  ...peopleViews,
};

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const segments = path.split('/').map((s) => decodeURIComponent(s));
  const params = Object.fromEntries(new URLSearchParams(query));
  return { name: segments[0] ?? '', rest: segments.slice(1), params };
}

function tokenForm(root, message) {
  const input = h('input', { type: 'password', name: 'token', placeholder: 'API token' });
  root.replaceChildren(h('section', { className: 'card' },
    h('h2', {}, 'This server needs a token'), h('p', {}, message),
    h('form', {
      onsubmit: (e) => {
        e.preventDefault();
        setToken(input.value.trim());
        render();
      },
    }, input, ' ', h('button', { type: 'submit' }, 'Use token'))));
}

async function render() {
  loadServedZones();  // (once it has answered, nothing)
  const root = document.getElementById('view');
  const { name, rest, params } = parseHash();
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.getAttribute('href') === `#/${name}`);
  }
  const view = views[name];
  if (!view) {
    root.replaceChildren(errorBox(new Error(`No page '${name}'.`)));
    return;
  }
  try {
    await view(root, params, rest);
  } catch (e) {
    if (e.status === 401) tokenForm(root, e.message);
    else root.replaceChildren(errorBox(e));
  }
  document.body.dataset.view = name || 'overview';
}

// The clock: UTC, this browser's zone (and the one chosen before, should
// the browser have moved since), then every other zone the browser knows;
// once the server has said which zones it takes, only those (a browser may
// know zones newer than the server's ICU).
let served = null;  // the server's zones (GET /api/time_zones), once known
let asking = false;  // that request is on its way (renders meanwhile do not send another)

function clockPicker() {
  const select = document.getElementById('clock');
  if (!select) return;
  const known = (z) => z === UTC || !served || served.has(z);
  const first = [...new Set([UTC, browserZone(), clock()])].filter(known);
  const option = (z) =>
      h('option', {value: z, selected: z === clock()},
        z === UTC || z !== browserZone() ? z : `${z} (this browser)`);
  const others = knownZones().filter((z) => !first.includes(z) && known(z));
  select.replaceChildren(
      ...first.map(option),
      ...(others.length ? [h('optgroup', {label: 'Other zones'}, ...others.map(option))] : []));
  if (served) select.dataset.zones = 'server';  // (the browser test waits for it)
  select.onchange = () => {
    setClock(select.value);
    render();
  };
}

async function loadServedZones() {
  if (served || asking) return;
  asking = true;
  try {
    served = new Set((await api('time_zones')).time_zones);
  } catch {
    return;  // (no token yet, or a server without the list: the browser's zones, asked again later)
  } finally {
    asking = false;
  }
  const stale = !served.has(clock()) && clock() !== UTC;
  if (stale) setClock(UTC);  // a zone this server cannot count days in
  clockPicker();
  if (stale) render();
}

clockPicker();
window.addEventListener('hashchange', render);
// A 401 from any view's request asks for the token.
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason?.status === 401) tokenForm(document.getElementById('view'), e.reason.message);
});
api('summary', { examples: 0, top: 1 }).catch((e) => {
  if (e.status === 401) tokenForm(document.getElementById('view'), e.message);
});
render();
