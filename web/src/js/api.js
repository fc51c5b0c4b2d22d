// The HTTP API (docs/http_api.md), with the read token when the server
// needs one (kept for this browser tab only).
const TOKEN_KEY = 'parley.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export function setToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function request(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '' && v !== '*') q.set(k, v);
  }
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.Authorization = `Bearer ${token}`;
  return {url: `/api/${path}${q.toString() ? `?${q}` : ''}`, headers};
}

async function errorOf(res, url) {
  let body = null;
  try {
    body = await res.json();
  } catch {
    return new ApiError(
        res.status, 'bad_response', `${url}: the server did not answer JSON (HTTP ${res.status})`);
  }
  const e = body?.error ?? {};
  return new ApiError(res.status, e.code ?? 'error', e.message ?? `HTTP ${res.status}`);
}

export async function api(path, params = {}, options = {}) {
  const {url, headers} = request(path, params);
  const res = await fetch(url, {headers, method: options.method ?? 'GET', body: options.body});
  if (!res.ok) throw await errorOf(res, url);
  try {
    return await res.json();
  } catch {
    throw new ApiError(
        res.status, 'bad_response', `${url}: the server did not answer JSON (HTTP ${res.status})`);
  }
}

// Fetches a file the API answers (an export) with the token, and has the
// browser save it under the name the server gives.
export async function download(path, params = {}) {
  const {url, headers} = request(path, params);
  const res = await fetch(url, {headers});
  if (!res.ok) throw await errorOf(res, url);
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ??
      'parley-export';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}
