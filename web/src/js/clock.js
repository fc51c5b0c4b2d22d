// The clock the dashboard shows times on: UTC (the store's, the default),
// this browser's zone or any other (a team reading another office's or a
// market's days), remembered in this browser. On a zone's clock the
// overview's days and weeks are that zone's (the API's `tz`), and every time
// shown is its wall-clock time.
const KEY = 'parley.clock';

export const UTC = 'UTC';

// The browser's zone ('UTC' where it has none).
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || UTC;
  } catch {
    return UTC;
  }
}

// The IANA zones this browser knows, for the menu ([] where it cannot list
// them: the menu then offers UTC and its own zone).
export function knownZones() {
  try {
    return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  } catch {
    return [];
  }
}

// (Where the browser keeps no storage for the page, the choice lasts until
// the page is left.)
let unstored = UTC;

export function clock() {
  try {
    const zone = localStorage.getItem(KEY);
    return zone && zone !== UTC ? zone : UTC;
  } catch {
    return unstored;
  }
}

export function setClock(zone) {
  unstored = zone || UTC;
  try {
    if (zone && zone !== UTC)
      localStorage.setItem(KEY, zone);
    else
      localStorage.removeItem(KEY);
  } catch {
    // no storage: `unstored` holds it
  }
}

// The `tz` parameter for the clock: none for UTC.
export function tzParam(zone = clock()) {
  return zone === UTC ? undefined : zone;
}

const formats = new Map();

// "2026-03-05 10:00:00 UTC", or on a zone's clock "2026-03-05 02:00:00 PST".
export function formatTime(iso, zone = clock()) {
  if (zone === UTC) return iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC');
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'short',
    });
    formats.set(zone, f);
  }
  const part = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second} ${
      part.timeZoneName}`;
}
