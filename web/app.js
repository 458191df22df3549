/*
 * Dateline web map.
 *
 * One classic script (no build step) that uses the vendored globals L (Leaflet, with the
 * markercluster and heat plugins), d3 and topojson. It talks only to the server that served
 * it, through relative URLs:
 *   collections/events/items  events in the view (a list page of 500; up to 2000 as markers)
 *   clusters                  server-side grid clusters when the view holds more than that
 *   timeline                  histogram of events per day / week / month
 *   export.geojson, export.csv downloads with the current filters
 *   config.json               optional raster tiles
 *
 * Rules kept throughout:
 *   - Text that comes from articles is put in the page with textContent / createElement only,
 *     never innerHTML; links are made only for http(s) URLs.
 *   - Never fetch more than is shown: items are always asked for with the view's bbox and a
 *     limit; with more matches the map draws the server's clusters instead.
 *   - The whole state (view, filters, brushed range, display toggles) lives in the URL hash so
 *     a copied link reopens the same map.
 *
 * Sections: constants · small helpers · state & URL · API · map · markers & list · popup ·
 * timeline · filter panel · start-up · test hook.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------------------

  /** Maximum number of events fetched for one view (the server's page size for us). */
  const LIMIT = 2000;
  /** How many rows the list panel renders at a time. */
  const LIST_PAGE = 500;
  const DAY = 86400000;

  /**
   * PLOVER event types grouped by quad class. Each quad is a colour family
   * (verbal cooperation: greens, material cooperation: blues, verbal conflict: oranges,
   * material conflict: reds); the types get shades of it.
   */
  const QUADS = [
    { id: 'verbal_cooperation', label: 'Verbal cooperation', color: '#2e7d32',
      types: { AGREE: '#1b5e20', CONSULT: '#2e7d32', SUPPORT: '#43a047', CONCEDE: '#7cc47f' } },
    { id: 'material_cooperation', label: 'Material cooperation', color: '#1e6fd0',
      types: { COOPERATE: '#0d3f91', AID: '#1e6fd0', RETREAT: '#5fa8ef' } },
    { id: 'verbal_conflict', label: 'Verbal conflict', color: '#f08c00',
      types: { INVESTIGATE: '#f7b955', DEMAND: '#f5a623', DISAPPROVE: '#f08c00',
        REJECT: '#e06c00', THREATEN: '#c05200' } },
    { id: 'material_conflict', label: 'Material conflict', color: '#c62828',
      types: { SANCTION: '#e57373', PROTEST: '#ef5350', MOBILIZE: '#e53935', COERCE: '#c62828',
        ASSAULT: '#a31515', FIGHT: '#6d0000' } },
  ];
  /** type → { color, quad } */
  const TYPE_INFO = {};
  for (const q of QUADS) {
    for (const [t, c] of Object.entries(q.types)) TYPE_INFO[t] = { color: c, quad: q };
  }
  const ALL_TYPES = Object.keys(TYPE_INFO);
  const UNKNOWN_COLOR = '#777';

  const typeColor = (t) => (TYPE_INFO[t] ? TYPE_INFO[t].color : UNKNOWN_COLOR);
  const typeQuad = (t) => (TYPE_INFO[t] ? TYPE_INFO[t].quad : null);

  // ---------------------------------------------------------------------------------------
  // Small helpers
  // ---------------------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);
  const nf = new Intl.NumberFormat('en');
  const fmtN = (n) => nf.format(n);

  /**
   * Create an element. Text children become text nodes, so data can never be parsed as HTML.
   * attrs: className, dataset (object), on* (listener) or plain attributes.
   */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'className') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k === 'style') Object.assign(node.style, v);
      else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  /** Only http(s) URLs become links; anything else (javascript:, data:, relative junk) is text. */
  function safeHttpUrl(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      const url = new URL(u);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** Dates are handled as UTC milliseconds at midnight; ISO day strings at the edges. */
  const parseDay = (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s || '');
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
  };
  const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

  /** Move a bin boundary by n bins. */
  function addBins(bin, t, n) {
    if (bin === 'month') {
      const d = new Date(t);
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate());
    }
    return t + n * (bin === 'week' ? 7 : 1) * DAY;
  }

  function debounce(fn, ms) {
    let timer = null;
    const wrapped = (...args) => {
      clearTimeout(timer);
      pendingTimers.add(wrapped);
      timer = setTimeout(() => {
        pendingTimers.delete(wrapped);
        fn(...args);
      }, ms);
    };
    return wrapped;
  }

  // ---------------------------------------------------------------------------------------
  // State and the URL
  // ---------------------------------------------------------------------------------------

  /** Everything the user chose; written to the URL hash on each change. */
  const state = {
    types: new Set(ALL_TYPES), // selected types (all = no type filter)
    country: '',
    actor: '',
    q: '',
    minFatalities: 0,
    range: null, // [startMs, endMsExclusive] brushed on the timeline, or null = all dates
    undated: false, // show undated events too
    bin: '', // '' = let the server choose
    heat: false,
    limitToView: false, // downloads limited to the current view's bbox
  };

  /** What the last answers held. */
  const data = {
    features: [], // features returned for the view (≤ LIMIT)
    byId: new Map(),
    matched: 0,
    returned: 0,
    mode: 'markers', // 'markers' (client clusters) or 'server' (server clusters)
    clusters: [], // server clusters when mode === 'server'
    timeline: null, // { bin, bins:[{start,end,count}], edges, undated, total }
  };

  /** Hash parameters, also the server's parameter names where they overlap. */
  function stateToHash() {
    const parts = [];
    const add = (k, v) => parts.push(k + '=' + encodeURIComponent(v).replace(/%2C/g, ',').replace(/%2F/g, '/'));
    if (map) {
      const c = map.getCenter();
      add('map', [map.getZoom().toFixed(2).replace(/\.?0+$/, ''), c.lat.toFixed(4), c.lng.toFixed(4)].join('/'));
    }
    if (state.types.size !== ALL_TYPES.length) add('type', state.types.size ? [...state.types].join(',') : 'none');
    if (state.country) add('country', state.country);
    if (state.actor) add('actor', state.actor);
    if (state.q) add('q', state.q);
    if (state.minFatalities > 0) add('min_fatalities', state.minFatalities);
    if (state.range) add('datetime', rangeParam(state.range));
    if (state.undated) add('undated', '1');
    if (state.bin) add('bin', state.bin);
    if (state.heat) add('heat', '1');
    if (state.limitToView) add('limit_view', '1');
    return parts.join('&');
  }

  let lastWrittenHash = null;
  function writeHash() {
    const h = stateToHash();
    lastWrittenHash = h;
    if (location.hash.slice(1) !== h) history.replaceState(null, '', '#' + h);
  }

  /** Read the hash into `state`; returns the view {zoom, lat, lng} if the hash has one. */
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const tp = p.get('type');
    if (tp === null) state.types = new Set(ALL_TYPES);
    else if (tp === 'none' || tp === '') state.types = new Set();
    else state.types = new Set(tp.split(',').map((s) => s.trim().toUpperCase()).filter((t) => TYPE_INFO[t]));
    state.country = (p.get('country') || '').toUpperCase().slice(0, 2);
    state.actor = p.get('actor') || '';
    state.q = p.get('q') || '';
    state.minFatalities = Math.max(0, parseInt(p.get('min_fatalities') || '0', 10) || 0);
    state.range = parseRangeParam(p.get('datetime'));
    state.undated = p.get('undated') === '1' || p.get('undated') === 'true';
    state.bin = ['day', 'week', 'month'].includes(p.get('bin')) ? p.get('bin') : '';
    state.heat = p.get('heat') === '1';
    state.limitToView = p.get('limit_view') === '1';
    const m = /^(-?[\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(p.get('map') || '');
    return m ? { zoom: +m[1], lat: +m[2], lng: +m[3] } : null;
  }

  /** [start, endExclusive] → the server's closed interval "YYYY-MM-DD/YYYY-MM-DD". */
  const rangeParam = (r) => isoDay(r[0]) + '/' + isoDay(r[1] - DAY);

  function parseRangeParam(s) {
    if (!s) return null;
    const [a, b] = s.includes('/') ? s.split('/') : [s, s];
    const t0 = parseDay(a);
    const t1 = parseDay(b);
    if (Number.isNaN(t0) || Number.isNaN(t1) || t1 < t0) return null;
    return [t0, t1 + DAY];
  }

  // ---------------------------------------------------------------------------------------
  // Server API
  // ---------------------------------------------------------------------------------------

  /** Requests in flight and debounced calls not yet run (the test hook waits for both). */
  let inFlight = 0;
  const pendingTimers = new Set();
  const controllers = {};

  /** GET JSON; a newer request on the same channel aborts the older one. */
  async function getJSON(url, channel) {
    if (channel) {
      if (controllers[channel]) controllers[channel].abort();
      controllers[channel] = new AbortController();
    }
    const signal = channel ? controllers[channel].signal : undefined;
    inFlight++;
    try {
      const res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
      let body = null;
      try {
        body = await res.json();
      } catch (_) {
        /* not JSON */
      }
      if (!res.ok) {
        const msg = body && body.description ? body.description : res.status + ' ' + res.statusText;
        throw new Error(msg);
      }
      return body;
    } finally {
      inFlight--;
    }
  }

  /** The view's bbox, clamped to the world (a view wider than the world asks for all of it). */
  function viewBbox() {
    const b = map.getBounds();
    let w = b.getWest();
    let e = b.getEast();
    if (e - w >= 360) {
      w = -180;
      e = 180;
    } else {
      // Bring the west edge into [-180, 180); a view crossing the antimeridian asks for the
      // whole longitude band (a little more than shown, never less).
      const shift = Math.floor((w + 180) / 360) * 360;
      w -= shift;
      e -= shift;
      if (e > 180) {
        w = -180;
        e = 180;
      }
    }
    const s = Math.max(-90, b.getSouth());
    const n = Math.min(90, b.getNorth());
    const r = (x) => Math.round(x * 1e5) / 1e5;
    return [r(w), r(s), r(e), r(n)].join(',');
  }

  /**
   * The datetime parameter for the current state. Without a brushed range, undated events are
   * hidden (unless shown) by asking for everything from the first timeline bin on: dated
   * events all fall there, undated ones match no interval. Returns undefined when no datetime
   * is needed, null when nothing at all can match (only undated events, hidden).
   */
  function datetimeParam() {
    if (state.range) return rangeParam(state.range);
    if (state.undated) return undefined;
    const tl = data.timeline;
    if (!tl) return undefined;
    if (!tl.bins.length) return null;
    return isoDay(tl.bins[0].start) + '/..';
  }

  /**
   * Query parameters for the current filters.
   * opts.datetime: include the datetime/undated parameters; opts.bbox: a bbox string or null.
   */
  function filterParams(opts) {
    const p = new URLSearchParams();
    if (opts.bbox) p.set('bbox', opts.bbox);
    if (state.types.size !== ALL_TYPES.length) p.set('type', ALL_TYPES.filter((t) => state.types.has(t)).join(','));
    if (state.country) p.set('country', state.country);
    if (state.actor) p.set('actor', state.actor);
    if (state.q) p.set('q', state.q);
    if (state.minFatalities > 0) p.set('min_fatalities', String(state.minFatalities));
    if (opts.datetime) {
      const dt = datetimeParam();
      if (dt) {
        p.set('datetime', dt);
        if (state.undated) p.set('undated', 'true');
      }
    }
    return p;
  }

  /** True when the filters can match nothing, so nothing is asked for. */
  const matchesNothing = () => state.types.size === 0 || datetimeParam() === null;

  const qs = (p) => {
    const s = p.toString();
    return s ? '?' + s : '';
  };

  // ---------------------------------------------------------------------------------------
  // The map
  // ---------------------------------------------------------------------------------------

  let map = null;
  let clusterLayer = null; // L.markerClusterGroup of event markers
  let serverLayer = null; // L.layerGroup of server clusters
  let heatLayer = null; // L.heatLayer
  let openPopup = null; // the event popup open on the map, if any
  let rendering = false; // render() is replacing layers: popups it closes are not the user's doing
  const markers = new Map(); // event id → L.marker (kept between fetches)

  function initMap(view) {
    map = L.map('map', {
      zoomSnap: 0.25,
      zoomDelta: 1,
      worldCopyJump: true,
      // Must be a whole number: Leaflet.markercluster 1.5.3 puts its top level at
      // floor(minZoom) - 1 but re-adds markers from getMinZoom() - 1 on (re)clustering, so with
      // a fractional minZoom a marker that is alone at every zoom (a child of the top level) is
      // left off the map after removeLayers or a zoom: counted but not drawn
      // (Leaflet/Leaflet.markercluster#983 is the same mismatch).
      minZoom: 0,
      maxZoom: 17,
      preferCanvas: false,
    });
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">Leaflet</a>');
    if (view) map.setView([view.lat, view.lng], view.zoom, { animate: false });
    else fitWorld();

    // Offline basemap: Natural Earth countries drawn on a canvas in a pane below tiles.
    map.createPane('basemap').style.zIndex = 150;
    fetch('vendor/world-atlas/countries-50m.json')
      .then((r) => r.json())
      .then((topo) => {
        const countries = topojson.feature(topo, topo.objects.countries);
        for (const f of countries.features) unwrapAntimeridian(f.geometry);
        const layer = L.geoJSON(countries, {
          pane: 'basemap',
          interactive: false,
          renderer: L.canvas({ pane: 'basemap', padding: 0.5 }),
          style: { color: '#a89f8c', weight: 0.6, fillColor: '#f3efe4', fillOpacity: 1 },
          attribution: 'Countries: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
        });
        layer.addTo(map);
        basemaps['Countries (offline)'] = layer;
        updateLayerControl();
      })
      .catch((e) => showError('Could not load the basemap: ' + e.message));

    clusterLayer = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 48,
      spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon,
    });
    serverLayer = L.layerGroup();
    heatLayer = L.heatLayer([], { radius: 22, blur: 18, minOpacity: 0.3, maxZoom: 9 });
    clusterLayer.addTo(map);

    map.addControl(legendControl());
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);

    map.on('moveend', () => {
      writeHash();
      updateDownloads();
      loadItemsSoon();
    });
    map.on('popupopen', (e) => {
      const id = e.popup.options.eventId;
      if (id) {
        openPopup = e.popup;
        highlightRow(id);
      }
    });
    map.on('popupclose', (e) => {
      if (!rendering && e.popup === openPopup) openPopup = null;
    });
  }

  /**
   * Natural Earth rings that cross the antimeridian (Russia's far east, Fiji) jump from +180 to
   * -180; Leaflet would draw that jump as a line across the world. Make such rings continuous
   * (longitudes past 180) unless the ring circles the pole (Antarctica), which is left as is.
   */
  function unwrapAntimeridian(geom) {
    if (!geom) return;
    const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.type === 'MultiPolygon' ? geom.coordinates : [];
    for (const poly of polys) {
      for (let r = 0; r < poly.length; r++) {
        const ring = poly[r];
        let jumps = 0;
        for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jumps++;
        if (!jumps) continue;
        const out = [ring[0].slice()];
        for (let i = 1; i < ring.length; i++) {
          let lon = ring[i][0];
          const prev = out[i - 1][0];
          while (lon - prev > 180) lon -= 360;
          while (prev - lon > 180) lon += 360;
          out.push([lon, ring[i][1]]);
        }
        // A ring that does not close after unwrapping goes round the pole: keep it.
        if (Math.abs(out[out.length - 1][0] - out[0][0]) < 1) {
          // Keep most of the ring in [-180, 180].
          const mean = out.reduce((s, p) => s + p[0], 0) / out.length;
          if (mean > 180) for (const p of out) p[0] -= 360;
          poly[r] = out;
        }
      }
    }
  }

  function fitWorld() {
    map.fitBounds([[-58, -170], [75, 180]], { animate: false });
  }

  // Base layers: the offline countries, plus raster tiles when config.json names some.
  const basemaps = {};
  let layerControl = null;
  function updateLayerControl() {
    if (Object.keys(basemaps).length < 2) return;
    if (layerControl) map.removeControl(layerControl);
    layerControl = L.control.layers(basemaps, null, { position: 'topright' }).addTo(map);
  }

  async function loadConfig() {
    let cfg = null;
    try {
      cfg = await getJSON('config.json');
    } catch (_) {
      return; // no config: offline basemap only
    }
    if (!cfg || typeof cfg.tiles !== 'string' || !cfg.tiles) return;
    // The attribution is shown as text (Leaflet would otherwise parse it as HTML).
    const attribution = String(cfg.attribution || '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
    const tiles = L.tileLayer(cfg.tiles, { attribution, maxZoom: 19 });
    basemaps['Tiles'] = tiles;
    tiles.addTo(map); // above the countries pane
    updateLayerControl();
  }

  /** Legend: the four quad colour families and their types. */
  function legendControl() {
    const ctl = L.control({ position: 'bottomright' });
    ctl.onAdd = () => {
      const details = el('details', { className: 'legend' }, el('summary', {}, 'Legend'));
      if (window.matchMedia('(min-width: 760px)').matches) details.open = true;
      for (const q of QUADS) {
        const row = el('div', { className: 'legend-quad' }, el('span', { className: 'legend-title' }, q.label));
        const chips = el('div', { className: 'legend-types' });
        for (const [t, c] of Object.entries(q.types)) {
          chips.appendChild(el('span', { className: 'legend-type' }, el('span', { className: 'swatch', style: { background: c } }), t.toLowerCase()));
        }
        row.appendChild(chips);
        details.appendChild(row);
      }
      L.DomEvent.disableClickPropagation(details);
      L.DomEvent.disableScrollPropagation(details);
      return details;
    };
    return ctl;
  }

  // ---------------------------------------------------------------------------------------
  // Loading events, markers, clusters, heat and the list
  // ---------------------------------------------------------------------------------------

  let timelinePromise = Promise.resolve();
  // The latest call of loadItems, and the latest one that replaced what is drawn: a page of
  // the list that "more" fetched is dropped only when the data it extends was replaced.
  let loadSeq = 0;
  let itemsSeq = 0;
  // The query (filters, view, zoom) of what is drawn, and whether the next load must fetch
  // even when the query is the same (the filters or the store changed).
  let shownKey = null;
  let forceItems = true;
  // Whether a fetch of the view's events is under way, and whether "more" was clicked
  // meanwhile (its page is fetched once they are drawn).
  let loadingItems = false;
  let moreAfterLoad = false;

  function runMoreAfterLoad() {
    if (!moreAfterLoad) return;
    moreAfterLoad = false;
    moreListRows();
  }

  /** Refresh the timeline (filters changed) and then the events. */
  function refreshAll() {
    timelinePromise = loadTimeline();
    forceItems = true;
    loadItemsSoon();
  }

  async function loadItems() {
    const call = ++loadSeq;
    // Without a range and with undated hidden, the datetime parameter needs the timeline.
    if (!state.range && !state.undated) await timelinePromise;
    if (call !== loadSeq) return;
    if (matchesNothing()) {
      ++itemsSeq;
      shownKey = null;
      loadingItems = false;
      moreAfterLoad = false;
      if (controllers.items) controllers.items.abort();
      if (controllers.clusters) controllers.clusters.abort();
      render({ features: [], numberMatched: 0, numberReturned: 0 }, []);
      return;
    }
    const bbox = viewBbox();
    const zoom = Math.round(map.getZoom());
    const p = filterParams({ datetime: true, bbox });
    // A move that did not move (a resize of the same view) keeps what is drawn, with the
    // list pages "more" added to it.
    const key = qs(p) + '|' + zoom;
    if (key === shownKey && !forceItems) return;
    forceItems = false;
    const seq = ++itemsSeq;
    // First one list page; the rest only when the map will draw them as markers. A view with
    // more than LIMIT events is drawn from the server's clusters, and its list pages in from
    // the server as it is scrolled, so no answer is larger than what is shown.
    p.set('limit', String(LIST_PAGE));
    setBusy(true);
    loadingItems = true;
    try {
      const fc = await getJSON('collections/events/items' + qs(p), 'items');
      if (seq !== itemsSeq) return;
      let features = Array.isArray(fc.features) ? fc.features : [];
      const matched = Number.isFinite(fc.numberMatched) ? fc.numberMatched : features.length;
      if (matched > features.length && matched <= LIMIT && features.length === LIST_PAGE) {
        p.set('offset', String(features.length));
        p.set('limit', String(LIMIT - features.length));
        const rest = await getJSON('collections/events/items' + qs(p), 'items');
        if (seq !== itemsSeq) return;
        if (Array.isArray(rest.features)) features = features.concat(rest.features);
      }
      const returned = features.length;
      let clusters = null;
      if (matched > returned) {
        // More than we may draw: the server aggregates them for us.
        const cp = filterParams({ datetime: true, bbox });
        cp.set('zoom', String(zoom));
        const cfc = await getJSON('clusters' + qs(cp), 'clusters');
        if (seq !== itemsSeq) return;
        clusters = Array.isArray(cfc.features) ? cfc.features : [];
      }
      render({ features, numberMatched: matched, numberReturned: returned }, clusters);
      shownKey = key;
      showError(null);
    } catch (e) {
      // Only the current load's failure leaves the view to fetch again: a superseded load,
      // aborted by the one that replaced it, says nothing of what is drawn.
      if (seq === itemsSeq) forceItems = true;
      if (e.name !== 'AbortError') showError('Could not load events: ' + e.message);
    } finally {
      if (seq === itemsSeq) {
        setBusy(false);
        loadingItems = false;
        runMoreAfterLoad();
      }
    }
  }
  const loadItemsSoon = debounce(loadItems, 120);

  function setBusy(b) {
    document.body.dataset.state = b ? 'loading' : 'ready';
  }

  function showError(msg) {
    const note = $('note');
    if (msg) {
      note.hidden = false;
      note.className = 'note error';
      note.setAttribute('role', 'alert');
      note.textContent = msg;
    } else if (note.classList.contains('error')) {
      note.hidden = true;
      note.className = 'note';
      note.removeAttribute('role');
    }
  }

  /** Draw one answer: markers or server clusters (or heat), the count, the note and the list. */
  function render(fc, clusters) {
    rendering = true;
    try {
      renderLayers(fc, clusters);
    } finally {
      rendering = false;
    }
    // A popup whose marker the new answer moved into a cluster closed with it: the event is
    // still in view, so its popup stays open, on its own.
    if (openPopup && !map.hasLayer(openPopup)) {
      const id = openPopup.options.eventId;
      const f = data.byId.get(id);
      openPopup = null;
      if (f && f.geometry) standalonePopup(id, f);
    }
  }

  /** A popup for event `id` at its place, tied to no marker. */
  function standalonePopup(id, f) {
    const [lon, lat] = f.geometry.coordinates;
    L.popup({ maxWidth: 360, minWidth: 240, eventId: id }).setLatLng(L.latLng(lat, lon)).setContent(buildPopup(f)).openOn(map);
  }

  function renderLayers(fc, clusters) {
    data.features = fc.features;
    data.byId = new Map(fc.features.map((f) => [String(f.id ?? f.properties.id), f]));
    data.matched = fc.numberMatched;
    data.returned = fc.numberReturned;
    data.mode = clusters ? 'server' : 'markers';
    data.clusters = clusters || [];

    // Markers: keep the ones still wanted (an open popup survives), add the new ones.
    const wanted = data.mode === 'markers' ? data.byId : new Map();
    const stale = [];
    for (const [id, m] of markers) {
      if (!wanted.has(id)) {
        stale.push(m);
        markers.delete(id);
      } else {
        m.feature = wanted.get(id);
      }
    }
    if (stale.length) clusterLayer.removeLayers(stale);
    const fresh = [];
    for (const [id, f] of wanted) {
      if (markers.has(id) || !f.geometry || !Array.isArray(f.geometry.coordinates)) continue;
      const m = makeMarker(id, f);
      markers.set(id, m);
      fresh.push(m);
    }
    if (fresh.length) clusterLayer.addLayers(fresh);
    if (stale.length || fresh.length) clusterLayer.refreshClusters();

    // Server clusters.
    serverLayer.clearLayers();
    for (const c of data.clusters) {
      if (!c.geometry || !c.properties) continue;
      serverLayer.addLayer(serverClusterMarker(c));
    }
    applyDisplayMode();

    // Count and note.
    const count = $('count');
    count.dataset.count = String(data.matched);
    count.textContent = fmtN(data.matched) + (data.matched === 1 ? ' event' : ' events') + ' in view';
    const note = $('note');
    if (!note.classList.contains('error')) {
      if (data.matched > data.returned) {
        note.hidden = false;
        note.textContent = 'Zoom in for more (' + fmtN(data.returned) + ' of ' + fmtN(data.matched) + ' shown)';
      } else {
        note.hidden = true;
      }
    }
    renderList();
    updateDownloads();
  }

  /** Markers, server clusters or the heatmap, as chosen. */
  function applyDisplayMode() {
    const want = state.heat ? heatLayer : data.mode === 'server' ? serverLayer : clusterLayer;
    for (const l of [clusterLayer, serverLayer, heatLayer]) {
      if (l === want && !map.hasLayer(l)) map.addLayer(l);
      else if (l !== want && map.hasLayer(l)) map.removeLayer(l);
    }
    if (state.heat) {
      let pts;
      if (data.mode === 'server') {
        const max = Math.max(1, ...data.clusters.map((c) => c.properties.count || 0));
        pts = data.clusters.map((c) => [c.geometry.coordinates[1], c.geometry.coordinates[0], (c.properties.count || 0) / max]);
      } else {
        pts = data.features.filter((f) => f.geometry).map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0], 0.6]);
      }
      heatLayer.setLatLngs(pts);
    }
  }

  function makeMarker(id, f) {
    const p = f.properties || {};
    const [lon, lat] = f.geometry.coordinates;
    const dot = el('span', { className: 'dl-dot', style: { background: typeColor(p.type) } });
    const icon = L.divIcon({ className: 'dl-marker', html: dot, iconSize: [16, 16], iconAnchor: [8, 8], popupAnchor: [0, -6] });
    const m = L.marker([lat, lon], {
      icon,
      title: (p.type || 'event') + ' — ' + (p.place_name || ''),
      alt: p.type || 'event',
      keyboard: true,
      riseOnHover: true,
    });
    m.eventId = id;
    m.feature = f;
    m.quad = typeQuad(p.type);
    m.bindPopup(() => buildPopup(m.feature), { maxWidth: 360, minWidth: 240, eventId: id, autoPanPadding: [24, 24] });
    return m;
  }

  /** Client cluster icon: a ring showing the share of each quad class, with the count. */
  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const n = children.length;
    const tally = new Map();
    for (const m of children) {
      const q = m.quad ? m.quad.color : UNKNOWN_COLOR;
      tally.set(q, (tally.get(q) || 0) + 1);
    }
    let acc = 0;
    const stops = [];
    for (const q of QUADS.map((x) => x.color).concat(UNKNOWN_COLOR)) {
      const k = tally.get(q);
      if (!k) continue;
      const a = (acc / n) * 360;
      acc += k;
      const b = (acc / n) * 360;
      stops.push(q + ' ' + a.toFixed(1) + 'deg ' + b.toFixed(1) + 'deg');
    }
    const size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 44 : 52;
    const ring = el('div', { className: 'dl-cluster', dataset: { count: String(n) }, style: { background: 'conic-gradient(' + stops.join(',') + ')', width: size + 'px', height: size + 'px' } },
      el('span', {}, fmtN(n)));
    return L.divIcon({ html: ring, className: 'dl-cluster-icon', iconSize: [size, size] });
  }

  /** A server cluster: a grey disc with its count; click (or Enter) zooms in. */
  function serverClusterMarker(c) {
    const n = Number(c.properties.count) || 0;
    const [lon, lat] = c.geometry.coordinates;
    const size = Math.round(Math.min(64, 26 + 6 * Math.log10(Math.max(1, n)) * 2));
    const disc = el('div', { className: 'dl-server-cluster', dataset: { count: String(n) }, style: { width: size + 'px', height: size + 'px' } }, el('span', {}, fmtN(n)));
    const m = L.marker([lat, lon], {
      icon: L.divIcon({ html: disc, className: 'dl-server-cluster-icon', iconSize: [size, size] }),
      title: fmtN(n) + ' events — zoom in',
      keyboard: true,
    });
    m.on('click', () => map.setView([lat, lon], Math.min(map.getMaxZoom(), map.getZoom() + 2)));
    return m;
  }

  // The list panel: events in the current answer, newest first, synced with the map.
  let listShown = 0;
  let listSorted = [];

  function renderList() {
    listSorted = data.features.slice().sort((a, b) => {
      const da = a.properties.date || '';
      const db = b.properties.date || '';
      return da < db ? 1 : da > db ? -1 : 0;
    });
    const ol = $('list-items');
    ol.textContent = '';
    listShown = 0;
    appendListRows();
    listHeading();
    if (!data.features.length) ol.appendChild(el('li', { className: 'empty' }, 'No events match here.'));
  }

  function listHeading() {
    $('list-heading').textContent = 'Events in view (' + fmtN(data.returned) + (data.matched > data.returned ? ' of ' + fmtN(data.matched) : '') + ')';
  }

  function appendListRows() {
    const ol = $('list-items');
    const frag = document.createDocumentFragment();
    const end = Math.min(listSorted.length, listShown + LIST_PAGE);
    for (let i = listShown; i < end; i++) frag.appendChild(listRow(listSorted[i]));
    ol.appendChild(frag);
    listShown = end;
    $('list-more').hidden = listShown >= listSorted.length && !moreOnServer();
  }

  /** The view is drawn from server clusters and the list holds only some of its events. */
  function moreOnServer() {
    return data.mode === 'server' && data.features.length < data.matched;
  }

  /** "More": the next rows already here, or the next page from the server. */
  async function moreListRows() {
    if (listShown < listSorted.length || !moreOnServer()) return appendListRows();
    // While the view's events are being replaced, the click waits for them: the next page is
    // of what will be drawn.
    if (loadingItems) {
      moreAfterLoad = true;
      return;
    }
    const seq = itemsSeq;
    const p = filterParams({ datetime: true, bbox: viewBbox() });
    p.set('limit', String(LIST_PAGE));
    p.set('offset', String(data.features.length));
    try {
      const fc = await getJSON('collections/events/items' + qs(p), 'list');
      if (seq !== itemsSeq) {
        // The data it extends was replaced meanwhile: the click is not lost, it asks again.
        moreAfterLoad = true;
        if (!loadingItems) runMoreAfterLoad();
        return;
      }
      if (!Array.isArray(fc.features)) return;
      for (const f of fc.features) {
        const id = String(f.id ?? f.properties.id);
        if (data.byId.has(id)) continue;
        data.byId.set(id, f);
        data.features.push(f);
        listSorted.push(f);
      }
      data.returned = data.features.length;
      appendListRows();
      listHeading();
    } catch (e) {
      if (e.name !== 'AbortError') showError('Could not load more events: ' + e.message);
    }
  }

  function listRow(f) {
    const p = f.properties || {};
    const id = String(f.id ?? p.id);
    const btn = el('button', { type: 'button', className: 'row', dataset: { id } },
      el('span', { className: 'swatch', style: { background: typeColor(p.type) }, 'aria-hidden': 'true' }),
      el('span', { className: 'row-main' },
        el('span', { className: 'row-top' },
          el('strong', {}, p.type || 'EVENT'), ' ',
          el('span', { className: 'row-date' }, p.date || 'undated'),
          p.fatalities > 0 ? el('span', { className: 'row-fat' }, ' · ' + p.fatalities + ' killed') : null),
        el('span', { className: 'row-place' }, [p.place_name, p.country].filter(Boolean).join(', ') || 'unknown place'),
        el('span', { className: 'row-title' }, p.article_title || '')));
    btn.addEventListener('click', () => focusEvent(id));
    return el('li', {}, btn);
  }

  /** List → map: fly to the event and open its popup. */
  function focusEvent(id) {
    const f = data.byId.get(id);
    if (!f || !f.geometry) return;
    const [lon, lat] = f.geometry.coordinates;
    const ll = L.latLng(lat, lon);
    const open = () => {
      const m = markers.get(id);
      if (m && !state.heat && map.hasLayer(clusterLayer) && clusterLayer.hasLayer(m)) {
        clusterLayer.zoomToShowLayer(m, () => m.openPopup());
      } else {
        standalonePopup(id, f);
      }
    };
    const zoom = Math.max(map.getZoom(), 7);
    if (map.getBounds().pad(-0.1).contains(ll) && map.getZoom() >= zoom) open();
    else {
      map.once('moveend', open);
      map.flyTo(ll, zoom, { duration: 0.8 });
    }
  }

  /** Map → list: mark the row of the event whose popup opened. */
  function highlightRow(id) {
    const ol = $('list-items');
    for (const b of ol.querySelectorAll('button.row[aria-current]')) b.removeAttribute('aria-current');
    const row = ol.querySelector('button.row[data-id="' + CSS.escape(id) + '"]');
    if (row) {
      row.setAttribute('aria-current', 'true');
      row.scrollIntoView({ block: 'nearest' });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Popup (built from DOM nodes only: article text is never parsed as HTML)
  // ---------------------------------------------------------------------------------------

  function actorText(list) {
    if (!Array.isArray(list) || !list.length) return null;
    return list.map((a) => {
      if (!a) return '';
      if (a.name && a.country) return a.name + ' (' + a.country + ')';
      return a.name || a.country || '';
    }).filter(Boolean).join(', ');
  }

  /**
   * The sentence with the place and the trigger marked. Offsets count characters (Unicode code
   * points, as Rust's chars()), so the sentence is split into code points first.
   */
  function highlightedSentence(p) {
    const chars = Array.from(String(p.sentence || ''));
    const spans = [];
    const addSpan = (s, e, cls, label) => {
      if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e > s && e <= chars.length) spans.push({ s, e, cls, label });
    };
    addSpan(p.trigger_start, p.trigger_end, 'hl-trigger', 'trigger');
    addSpan(p.place_start, p.place_end, 'hl-place', 'place');
    spans.sort((a, b) => a.s - b.s);
    const q = el('blockquote', { className: 'pp-sentence' });
    let pos = 0;
    for (const sp of spans) {
      if (sp.s < pos) continue; // overlapping spans: keep the first
      if (sp.s > pos) q.appendChild(document.createTextNode(chars.slice(pos, sp.s).join('')));
      q.appendChild(el('mark', { className: sp.cls, title: sp.label }, chars.slice(sp.s, sp.e).join('')));
      pos = sp.e;
    }
    if (pos < chars.length) q.appendChild(document.createTextNode(chars.slice(pos).join('')));
    return q;
  }

  function buildPopup(f) {
    const p = (f && f.properties) || {};
    const quad = typeQuad(p.type);
    const flags = [];
    if (p.negated) flags.push('negated');
    if (p.future) flags.push('future');
    if (p.hypothetical) flags.push('hypothetical');
    const rows = [];
    const row = (k, v) => {
      if (v !== null && v !== undefined && v !== '') rows.push(el('dt', {}, k), el('dd', {}, v));
    };
    let date = p.date || 'undated';
    const dq = [];
    if (p.date && p.date_precision) dq.push(p.date_precision + ' precision');
    if (p.date_approximate) dq.push('approximate');
    if (dq.length) date += ' (' + dq.join(', ') + ')';
    row('Date', date);
    // A street or a place the gazetteer lacks is named first, then the known place it lies in.
    let place = [p.place_text, p.place_name, p.country].filter(Boolean).join(', ');
    const pq = [p.place_kind, p.precision && p.precision !== p.place_kind ? p.precision + ' precision' : null].filter(Boolean);
    if (place && pq.length) place += ' (' + pq.join(', ') + ')';
    row('Place', place || null);
    const src = actorText(p.source_actors);
    const tgt = actorText(p.target_actors);
    row('Actors', src || tgt ? (src || '?') + (tgt ? ' → ' + tgt : '') : Array.isArray(p.actors) && p.actors.length ? p.actors.join(', ') : null);
    const cas = [];
    if (Number.isFinite(p.fatalities)) cas.push(p.fatalities + ' killed');
    if (Number.isFinite(p.injured) && p.injured > 0) cas.push(p.injured + ' injured');
    row('Fatalities', cas.join(', ') || null);
    if (Number.isFinite(p.confidence)) row('Confidence', Math.round(p.confidence * 100) + '%');

    const url = safeHttpUrl(p.article_url);
    const title = p.article_title || p.article_url || 'article';
    const titleNode = url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, title) : el('span', {}, title);
    const meta = [p.source, p.published ? String(p.published).slice(0, 10) : null].filter(Boolean).join(', ');

    return el('div', { className: 'dl-popup', dataset: { id: String(f.id ?? p.id ?? '') } },
      el('div', { className: 'pp-head' },
        el('span', { className: 'swatch', style: { background: typeColor(p.type) }, 'aria-hidden': 'true' }),
        el('strong', { className: 'pp-type' }, p.type || 'EVENT'),
        quad ? el('span', { className: 'pp-quad' }, quad.label.toLowerCase()) : null,
        flags.map((x) => el('span', { className: 'pp-flag' }, x))),
      el('dl', { className: 'pp-facts' }, rows),
      p.sentence ? highlightedSentence(p) : null,
      el('p', { className: 'pp-source' }, titleNode, meta ? el('span', { className: 'pp-meta' }, ' — ' + meta) : null));
  }

  // ---------------------------------------------------------------------------------------
  // Timeline: histogram, brush, play
  // ---------------------------------------------------------------------------------------

  const tl = { svg: null, x: null, brush: null, gBrush: null, programmatic: false, playTimer: null };

  async function loadTimeline() {
    const p = filterParams({ datetime: false, bbox: null });
    if (state.bin) p.set('bin', state.bin);
    try {
      const t = await getJSON('timeline' + qs(p), 'timeline');
      const bin = ['day', 'week', 'month'].includes(t.bin) ? t.bin : 'day';
      const bins = (Array.isArray(t.bins) ? t.bins : [])
        .map((b) => ({ start: parseDay(b.start), count: Number(b.count) || 0 }))
        .filter((b) => !Number.isNaN(b.start))
        .sort((a, b) => a.start - b.start);
      for (const b of bins) b.end = addBins(bin, b.start, 1);
      data.timeline = { bin, bins, edges: [], undated: Number(t.undated) || 0, total: Number(t.total) || 0 };
      data.timeline.edges = timelineEdges(data.timeline, state.range);
      $('undated-count').textContent = fmtN(data.timeline.undated);
      drawTimeline();
    } catch (e) {
      if (e.name !== 'AbortError') showError('Could not load the timeline: ' + e.message);
    }
  }

  /**
   * Every bin boundary from the first bin to the end of the last (empty bins included), used
   * for the axis and to snap the brush. The grid is widened (same bins, same alignment) to take
   * in the brushed range when that lies outside the filtered events' span (a range kept from
   * other filters, or typed, or from a link), so the brush always shows the range in use.
   */
  function timelineEdges(t, range) {
    const edges = [];
    if (!t || !t.bins.length) return edges;
    const first = t.bins[0].start;
    const last = t.bins[t.bins.length - 1].end;
    const MAX = 5000;
    const hi = range ? Math.max(last, range[1]) : last;
    let lo = 0; // bins to step back from the first bin
    if (range) {
      while (lo <= MAX && addBins(t.bin, first, -lo) > range[0]) lo++;
    }
    for (let i = -lo; ; i++) {
      const e = addBins(t.bin, first, i);
      edges.push(e);
      if (e >= hi) break;
      // Too wide a range for this bin size: keep the events' own span (the brush is clamped).
      if (edges.length > MAX) return range ? timelineEdges(t, null) : edges;
    }
    return edges;
  }

  /** True when the drawn axis does not span the edges the current range needs. */
  function timelineNeedsRedraw() {
    const t = data.timeline;
    if (!t || !t.bins.length || !tl.x) return false;
    const want = timelineEdges(t, state.range);
    const have = t.edges;
    return want.length !== have.length || want[0] !== have[0] || want[want.length - 1] !== have[have.length - 1];
  }

  function drawTimeline() {
    const t = data.timeline;
    if (t) t.edges = timelineEdges(t, state.range);
    const svgEl = $('tl-svg');
    const width = svgEl.clientWidth || 600;
    const height = svgEl.clientHeight || 80;
    const m = { l: 40, r: 14, t: 6, b: 20 };
    const svg = d3.select(svgEl);
    svg.selectAll('*').remove();
    svg.attr('viewBox', [0, 0, width, height].join(' '));
    tl.x = null;
    if (!t || !t.bins.length) {
      svg.append('text').attr('x', width / 2).attr('y', height / 2).attr('text-anchor', 'middle').attr('class', 'tl-empty')
        .text(t ? 'No dated events match the filters' : 'Loading…');
      return;
    }
    const domain = [t.edges[0], t.edges[t.edges.length - 1]];
    const x = d3.scaleUtc().domain(domain).range([m.l, width - m.r]);
    const y = d3.scaleLinear().domain([0, d3.max(t.bins, (b) => b.count) || 1]).nice().range([height - m.b, m.t]);
    tl.x = x;

    svg.append('g').attr('class', 'tl-bars').selectAll('rect').data(t.bins).join('rect')
      .attr('x', (b) => x(b.start) + 0.5)
      .attr('width', (b) => Math.max(1, x(b.end) - x(b.start) - 1))
      .attr('y', (b) => y(b.count))
      .attr('height', (b) => y(0) - y(b.count))
      .append('title').text((b) => isoDay(b.start) + ': ' + b.count + ' events');
    svg.append('g').attr('class', 'tl-axis').attr('transform', 'translate(0,' + (height - m.b) + ')')
      .call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    svg.append('g').attr('class', 'tl-axis').attr('transform', 'translate(' + m.l + ',0)')
      .call(d3.axisLeft(y).ticks(3).tickFormat(d3.format('~s')));

    tl.brush = d3.brushX()
      .extent([[m.l, m.t], [width - m.r, height - m.b]])
      .on('brush', onBrush)
      .on('end', onBrushEnd);
    tl.gBrush = svg.append('g').attr('class', 'tl-brush').call(tl.brush);
    placeBrush();
    shadeBars();
  }

  /** Snap a time to the nearest bin boundary. */
  function snap(tm) {
    const edges = data.timeline.edges;
    let best = edges[0];
    for (const e of edges) if (Math.abs(e - tm) < Math.abs(best - tm)) best = e;
    return best;
  }

  function snappedSelection(sel) {
    const edges = data.timeline.edges;
    let a = snap(tl.x.invert(sel[0]).getTime());
    let b = snap(tl.x.invert(sel[1]).getTime());
    if (b <= a) {
      const i = edges.indexOf(a);
      if (i < edges.length - 1) b = edges[i + 1];
      else {
        b = a;
        a = edges[Math.max(0, i - 1)];
      }
    }
    return [a, b];
  }

  function onBrush(event) {
    if (tl.programmatic || !event.sourceEvent || !event.selection) return;
    const r = snappedSelection(event.selection);
    if (!state.range || r[0] !== state.range[0] || r[1] !== state.range[1]) setRange(r, { fromBrush: true });
  }

  function onBrushEnd(event) {
    if (tl.programmatic || !event.sourceEvent) return;
    if (!event.selection) {
      setRange(null, { fromBrush: true });
      return;
    }
    setRange(snappedSelection(event.selection), { fromBrush: true });
    placeBrush(); // snap the drawn selection to the bin boundaries
  }

  /** Move the brush to state.range without triggering a new selection. */
  function placeBrush() {
    if (!tl.gBrush || !tl.x) return;
    tl.programmatic = true;
    try {
      if (state.range) {
        const [lo, hi] = tl.x.range();
        const a = Math.max(lo, Math.min(hi, tl.x(state.range[0])));
        const b = Math.max(lo, Math.min(hi, tl.x(state.range[1])));
        tl.gBrush.call(tl.brush.move, b > a ? [a, b] : null);
      } else {
        tl.gBrush.call(tl.brush.move, null);
      }
    } finally {
      tl.programmatic = false;
    }
  }

  function shadeBars() {
    const r = state.range;
    d3.select('#tl-svg').selectAll('.tl-bars rect')
      .classed('out', (b) => !!r && (b.end <= r[0] || b.start >= r[1]));
  }

  /** Set (or clear) the brushed range and refresh what depends on it. */
  function setRange(r, opts) {
    state.range = r;
    $('tl-from').value = r ? isoDay(r[0]) : '';
    $('tl-to').value = r ? isoDay(r[1] - DAY) : '';
    // A range set from the brush lies on the drawn axis; one typed or set otherwise may not:
    // then the axis is redrawn to take it in (or to drop a widening no longer needed).
    if (!(opts && opts.fromBrush)) {
      if (timelineNeedsRedraw()) drawTimeline();
      else placeBrush();
    }
    shadeBars();
    writeHash();
    updateDownloads();
    loadItemsSoon();
  }

  /** Play: step the brushed range forward one bin at a time until it reaches the end. */
  function togglePlay(on) {
    const btn = $('play');
    const playing = on !== undefined ? on : !tl.playTimer;
    clearInterval(tl.playTimer);
    tl.playTimer = null;
    btn.setAttribute('aria-pressed', String(playing));
    btn.firstChild.textContent = playing ? '❚❚ ' : '▶ ';
    btn.querySelector('.btn-text').textContent = playing ? 'Pause' : 'Play';
    if (!playing) return;
    const t = data.timeline;
    if (!t || t.edges.length < 2) return togglePlay(false);
    const edges = t.edges;
    let i;
    let j;
    if (!state.range || snap(state.range[1]) >= edges[edges.length - 1]) {
      // Start from the beginning with a window of about an eighth of the span.
      i = 0;
      j = Math.max(1, Math.round((edges.length - 1) / 8));
      setRange([edges[i], edges[j]]);
    } else {
      i = edges.indexOf(snap(state.range[0]));
      j = Math.max(i + 1, edges.indexOf(snap(state.range[1])));
    }
    tl.playTimer = setInterval(() => {
      if (j + 1 > edges.length - 1) return togglePlay(false);
      i++;
      j++;
      setRange([edges[i], edges[j]]);
    }, 1000);
  }

  // ---------------------------------------------------------------------------------------
  // Filter panel, toggles, downloads
  // ---------------------------------------------------------------------------------------

  function buildTypeCheckboxes() {
    const box = $('type-groups');
    for (const q of QUADS) {
      const groupId = 'quad-' + q.id;
      const group = el('div', { className: 'type-group', role: 'group', 'aria-labelledby': groupId + '-l' });
      const all = el('input', { type: 'checkbox', id: groupId, dataset: { quad: q.id } });
      group.appendChild(el('label', { className: 'check quad-label', id: groupId + '-l', for: groupId },
        all, el('span', { className: 'swatch', style: { background: q.color } }), q.label));
      const list = el('div', { className: 'type-list' });
      for (const [t, c] of Object.entries(q.types)) {
        const cb = el('input', { type: 'checkbox', id: 'type-' + t, name: 'type', value: t });
        list.appendChild(el('label', { className: 'check', for: 'type-' + t }, cb,
          el('span', { className: 'swatch', style: { background: c } }), t.toLowerCase()));
        cb.addEventListener('change', () => {
          if (cb.checked) state.types.add(t);
          else state.types.delete(t);
          syncTypeBoxes();
          filtersChanged();
        });
      }
      all.addEventListener('change', () => {
        for (const t of Object.keys(q.types)) {
          if (all.checked) state.types.add(t);
          else state.types.delete(t);
        }
        syncTypeBoxes();
        filtersChanged();
      });
      group.appendChild(list);
      box.appendChild(group);
    }
  }

  /** Make the checkboxes show state.types (group boxes may be indeterminate). */
  function syncTypeBoxes() {
    for (const q of QUADS) {
      const ts = Object.keys(q.types);
      const on = ts.filter((t) => state.types.has(t)).length;
      const g = $('quad-' + q.id);
      g.checked = on === ts.length;
      g.indeterminate = on > 0 && on < ts.length;
      for (const t of ts) $('type-' + t).checked = state.types.has(t);
    }
  }

  /** Put state into every control (start-up and hash changes). */
  function syncControls() {
    syncTypeBoxes();
    $('f-country').value = state.country;
    $('f-actor').value = state.actor;
    $('f-q').value = state.q;
    $('f-minfat').value = state.minFatalities > 0 ? String(state.minFatalities) : '';
    $('f-undated').checked = state.undated;
    $('f-heat').checked = state.heat;
    $('f-limitview').checked = state.limitToView;
    $('tl-bin').value = state.bin;
    $('tl-from').value = state.range ? isoDay(state.range[0]) : '';
    $('tl-to').value = state.range ? isoDay(state.range[1] - DAY) : '';
  }

  /** A filter (not the range) changed: new timeline and new events. */
  function filtersChanged() {
    writeHash();
    updateDownloads();
    refreshAll();
  }

  function bindControls() {
    $('filter-form').addEventListener('submit', (e) => e.preventDefault());
    $('types-all').addEventListener('click', () => {
      state.types = new Set(ALL_TYPES);
      syncTypeBoxes();
      filtersChanged();
    });
    $('types-none').addEventListener('click', () => {
      state.types = new Set();
      syncTypeBoxes();
      filtersChanged();
    });

    const textInput = (id, key, transform) => {
      const input = $(id);
      const apply = debounce(() => {
        const v = transform(input.value);
        if (v === state[key]) return;
        state[key] = v;
        filtersChanged();
      }, 350);
      input.addEventListener('input', apply);
      input.addEventListener('change', apply);
    };
    textInput('f-country', 'country', (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? v.trim().toUpperCase() : ''));
    textInput('f-actor', 'actor', (v) => v.trim());
    textInput('f-q', 'q', (v) => v.trim());
    textInput('f-minfat', 'minFatalities', (v) => Math.max(0, parseInt(v, 10) || 0));

    $('f-undated').addEventListener('change', (e) => {
      state.undated = e.target.checked;
      writeHash();
      updateDownloads();
      loadItemsSoon();
    });
    $('f-heat').addEventListener('change', (e) => {
      state.heat = e.target.checked;
      applyDisplayMode();
      writeHash();
    });
    $('f-limitview').addEventListener('change', (e) => {
      state.limitToView = e.target.checked;
      writeHash();
      updateDownloads();
    });
    $('reset').addEventListener('click', () => {
      Object.assign(state, { types: new Set(ALL_TYPES), country: '', actor: '', q: '', minFatalities: 0 });
      syncControls();
      filtersChanged();
    });

    // Timeline controls.
    $('tl-bin').addEventListener('change', (e) => {
      state.bin = e.target.value;
      writeHash();
      timelinePromise = loadTimeline();
    });
    const dateInputs = () => {
      const a = parseDay($('tl-from').value);
      const b = parseDay($('tl-to').value);
      if (Number.isNaN(a) && Number.isNaN(b)) return setRange(null);
      const t = data.timeline;
      const lo = Number.isNaN(a) ? (t && t.edges.length ? t.edges[0] : b) : a;
      const hi = Number.isNaN(b) ? (t && t.edges.length ? t.edges[t.edges.length - 1] - DAY : a) : b;
      if (hi >= lo) setRange([lo, hi + DAY]);
    };
    $('tl-from').addEventListener('change', dateInputs);
    $('tl-to').addEventListener('change', dateInputs);
    $('tl-clear').addEventListener('click', () => {
      togglePlay(false);
      setRange(null);
    });
    $('play').addEventListener('click', () => togglePlay());
    $('list-more').addEventListener('click', moreListRows);

    // Panels: open/closed, remembered per session; on small screens they overlay the map.
    // After the panel's slide: a timer the test hook waits for, like every debounced update.
    const invalidateSoon = debounce(() => map && map.invalidateSize(), 220);
    const small = window.matchMedia('(max-width: 759px)');
    const medium = window.matchMedia('(max-width: 1099px)');
    const setPanel = (name, open) => {
      document.body.classList.toggle(name + '-closed', !open);
      $('toggle-' + name).setAttribute('aria-expanded', String(open));
      invalidateSoon();
    };
    setPanel('filters', !small.matches);
    setPanel('list', !medium.matches);
    for (const name of ['filters', 'list']) {
      $('toggle-' + name).addEventListener('click', () => {
        const open = document.body.classList.contains(name + '-closed');
        if (open && small.matches) setPanel(name === 'filters' ? 'list' : 'filters', false); // one overlay at a time
        setPanel(name, open);
      });
    }
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && small.matches) {
        setPanel('filters', false);
        setPanel('list', false);
      }
    });

    // The timeline follows the window's width.
    new ResizeObserver(debounce(() => {
      drawTimeline();
      if (map) map.invalidateSize();
    }, 100)).observe($('tl-svg'));

    // A pasted link with another hash: apply it.
    window.addEventListener('hashchange', () => {
      if (location.hash.slice(1) === lastWrittenHash) return;
      const view = readHash();
      syncControls();
      if (view) map.setView([view.lat, view.lng], view.zoom);
      if (state.heat !== map.hasLayer(heatLayer)) applyDisplayMode();
      refreshAll();
    });
  }

  /** The download buttons carry exactly the current filters and range (and bbox if asked). */
  function updateDownloads() {
    const p = filterParams({ datetime: true, bbox: state.limitToView && map ? viewBbox() : null });
    const nothing = matchesNothing();
    for (const [id, path] of [['dl-geojson', 'export.geojson'], ['dl-csv', 'export.csv']]) {
      const a = $(id);
      a.href = path + qs(p);
      a.classList.toggle('disabled', nothing);
      if (nothing) a.setAttribute('aria-disabled', 'true');
      else a.removeAttribute('aria-disabled');
      a.title = nothing ? 'Nothing matches the filters' : 'Download the events matching the filters (' + (state.limitToView ? 'this view' : 'everywhere') + ')';
    }
  }
  // A disabled download link does nothing.
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('#dl-geojson, #dl-csv');
    if (a && a.classList.contains('disabled')) e.preventDefault();
  });

  // ---------------------------------------------------------------------------------------
  // Start-up
  // ---------------------------------------------------------------------------------------

  function start() {
    const view = readHash();
    buildTypeCheckboxes();
    bindControls();
    syncControls();
    initMap(view);
    drawTimeline();
    loadConfig();
    writeHash();
    updateDownloads();
    refreshAll();
  }

  // ---------------------------------------------------------------------------------------
  // Test hook (used by tests/e2e; harmless otherwise)
  // ---------------------------------------------------------------------------------------

  window.datelineApp = {
    /** Resolves once no request is in flight and no debounced update is waiting. */
    settled(timeoutMs = 15000) {
      const t0 = Date.now();
      return new Promise((resolve, reject) => {
        let quiet = 0;
        const tick = () => {
          if (inFlight === 0 && pendingTimers.size === 0) quiet++;
          else quiet = 0;
          if (quiet >= 3) return resolve(true);
          if (Date.now() - t0 > timeoutMs) return reject(new Error('not settled'));
          setTimeout(tick, 50);
        };
        tick();
      });
    },
    /** Set the range from ISO days (inclusive), as the date inputs do. */
    setRange(a, b) {
      setRange(a ? [parseDay(a), parseDay(b) + DAY] : null);
    },
    stats() {
      return {
        matched: data.matched,
        returned: data.returned,
        mode: data.mode,
        markers: markers.size,
        serverClusterTotal: data.clusters.reduce((s, c) => s + (Number(c.properties.count) || 0), 0),
        range: state.range ? rangeParam(state.range) : null,
        types: [...state.types],
      };
    },
    get map() {
      return map;
    },
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
