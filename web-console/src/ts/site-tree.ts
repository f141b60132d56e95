import type { Api } from './gateway-api';
import { h, replace } from './dom';
import { t } from './i18n';
import type { Camera, Page, Site, Status } from './model';

/** The drag-and-drop type a camera carries from the tree onto a wall tile. */
export const CAMERA_DRAG_TYPE = 'application/x-sharpeye-camera';

/** Online and offline counts of a site's subtree. */
interface Counts {
  online: number;
  offline: number;
  total: number;
}

/**
 * The site tree of what the user may see, with online/offline counts per site (its whole subtree), the cameras of
 * an opened site, and the camera search (name, id or address; `#tag` for a tag; a status). Cameras can be dragged
 * onto a wall tile, or double-clicked to go to the wall's selected tile.
 */
export class SiteTree {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly query: HTMLInputElement;
  private readonly status: HTMLSelectElement;
  private sites: Site[] = [];
  private cameras = new Map<string, Camera>();
  private readonly open = new Set<string>();
  private renderTimer?: number;
  private searchTimer?: number;
  private searchResults: Camera[] | null = null;
  /** Status events that came before the cameras were loaded, applied over the loaded (possibly older) figures. */
  private early: [string, Status][] | null = [];
  /** Bumped by every search, so the answer of an older one (slower than the next) is dropped. */
  private searchSeq = 0;

  constructor(private readonly api: Api, private readonly onPick: (camera: Camera) => void) {
    this.query = h('input', { type: 'search', id: 'camera-search', placeholder: t('search'), oninput: () => this.searchSoon() });
    this.status = h('select', { id: 'camera-status', onchange: () => this.searchSoon() },
      h('option', { value: '' }, t('allStatus')),
      ...(['ONLINE', 'OFFLINE', 'DEGRADED', 'UNKNOWN'] as Status[]).map(s => h('option', { value: s }, t(s))));
    this.body = h('div', { className: 'tree-body', id: 'site-tree' });
    this.element = h('aside', { className: 'tree' }, h('div', { className: 'tree-head' }, this.query, this.status), this.body);
  }

  /** Loads the sites and every visible camera (pages of 1000). */
  async load(): Promise<void> {
    const sites = await this.api.get<Page<Site>>('/sites');
    this.sites = sites.items;
    const cameras: Camera[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await this.api.get<Page<Camera>>(`/cameras?limit=1000&offset=${offset}`);
      cameras.push(...page.items);
      if (page.items.length === 0 || cameras.length >= page.total) {
        break;
      }
    }
    this.cameras = new Map(cameras.map(c => [c.id, c]));
    for (const [id, status] of this.early ?? []) {
      const camera = this.cameras.get(id);
      if (camera) {
        camera.status = status;
      }
    }
    this.early = null;
    // The user's own top sites start open.
    for (const root of this.roots()) {
      this.open.add(root.id);
    }
    this.render();
  }

  /** A camera the tree knows (everything the user may see). */
  camera(id: string | null | undefined): Camera | undefined {
    return id ? this.cameras.get(id) : undefined;
  }

  /** All visible cameras. */
  allCameras(): Camera[] {
    return [...this.cameras.values()];
  }

  /** A site by id. */
  site(id: string): Site | undefined {
    return this.sites.find(s => s.id === id);
  }

  /** The names from the top visible site down to `siteId`. */
  sitePath(siteId: string): string {
    const names: string[] = [];
    for (let s = this.site(siteId); s; s = s.parentId ? this.site(s.parentId) : undefined) {
      names.unshift(s.name);
    }
    return names.join(' / ');
  }

  /** A camera's status changed (event): counts and dots follow within a second. */
  setStatus(cameraId: string, status: Status): void {
    if (this.early) {
      this.early.push([cameraId, status]);
      return;
    }
    const camera = this.cameras.get(cameraId);
    if (camera && camera.status !== status) {
      camera.status = status;
      // At most one render per half second: a steady flow of changes (a fleet coming up) still shows.
      if (this.renderTimer === undefined) {
        this.renderTimer = window.setTimeout(() => {
          this.renderTimer = undefined;
          this.render();
        }, 500);
      }
    }
  }

  /**
   * Reads every camera's status again (after the event stream reconnected, and once a minute): events missed while
   * the stream was down, or dropped by the gateway for a client that could not keep up, do not leave the counts wrong.
   */
  async refreshStatuses(): Promise<void> {
    if (this.early) {
      return; // still loading: load() reads them
    }
    let changed = false;
    for (let offset = 0; ; offset += 1000) {
      const page = await this.api.get<Page<Camera>>(`/cameras?limit=1000&offset=${offset}`);
      for (const c of page.items) {
        const known = this.cameras.get(c.id);
        if (known && known.status !== c.status) {
          known.status = c.status;
          changed = true;
        }
      }
      if (page.items.length === 0 || offset + page.items.length >= page.total) {
        break;
      }
    }
    if (changed) {
      this.render();
    }
  }

  /** The sites below `id`, down to `depth` levels. */
  allSitesUnder(id: string, depth: number): Site[] {
    if (depth <= 0) {
      return [];
    }
    return this.sites.filter(s => s.parentId === id).flatMap(s => [s, ...this.allSitesUnder(s.id, depth - 1)]);
  }

  /** The top sites of the user's view (their parents are not visible). */
  roots(): Site[] {
    const ids = new Set(this.sites.map(s => s.id));
    return this.sites.filter(s => !s.parentId || !ids.has(s.parentId));
  }

  render(): void {
    const results = this.searchResults;
    if (results && results.length === 0) {
      replace(this.body, h('p', { className: 'muted' }, t('none')));
      return;
    }
    const counts = this.counts();
    const children = new Map<string, Site[]>();
    for (const s of this.sites) {
      children.set(s.parentId ?? '', [...(children.get(s.parentId ?? '') ?? []), s]);
    }
    // While searching, the tree holds only the matches, under their sites, with every site on the way open.
    const shown = results ?? [...this.cameras.values()];
    const byCameraSite = new Map<string, Camera[]>();
    for (const c of shown) {
      byCameraSite.set(c.siteId, [...(byCameraSite.get(c.siteId) ?? []), c]);
    }
    let matchedSites: Set<string> | null = null;
    if (results) {
      const parent = new Map(this.sites.map(s => [s.id, s.parentId]));
      matchedSites = new Set<string>();
      for (const c of results) {
        for (let id: string | null | undefined = c.siteId; id && !matchedSites.has(id); id = parent.get(id)) {
          matchedSites.add(id);
        }
      }
    }
    const visible = (site: Site) => !matchedSites || matchedSites.has(site.id);
    const node = (site: Site): HTMLElement => {
      const c = counts.get(site.id) ?? { online: 0, offline: 0, total: 0 };
      const isOpen = matchedSites !== null || this.open.has(site.id);
      const kids = (children.get(site.id) ?? []).filter(visible);
      const own = byCameraSite.get(site.id) ?? [];
      return h('li', {
        className: `site${isOpen ? ' open' : ''}`,
        dataset: { siteId: site.id, kind: site.kind, online: String(c.online), offline: String(c.offline), total: String(c.total) },
      },
        h('div', {
          className: 'site-row', onclick: () => {
            if (matchedSites) {
              return; // a search result shows every site on the way open
            }
            if (isOpen) {
              this.open.delete(site.id);
            } else {
              this.open.add(site.id);
            }
            this.render();
          },
        },
        h('span', { className: 'twisty' }, kids.length || own.length ? (isOpen ? '▾' : '▸') : ''),
        h('span', { className: 'site-name' }, site.name),
        h('span', { className: 'counts', title: `${t('ONLINE')} / ${t('OFFLINE')} / ${t('total')}` },
          h('b', { className: 'on' }, c.online), ' / ', h('b', { className: 'off' }, c.offline), ` / ${c.total}`)),
        isOpen && kids.length ? h('ul', {}, kids.map(node)) : null,
        isOpen && own.length ? h('ul', { className: 'cameras' }, own.map(cam => this.cameraItem(cam))) : null);
    };
    replace(this.body, h('ul', { className: 'sites' }, this.roots().filter(visible).map(node)));
  }

  private cameraItem(camera: Camera): HTMLElement {
    return h('li', {
      className: `camera status-${camera.status}`, draggable: 'true', title: `${camera.id} ${camera.tags.join(' ')}`,
      dataset: { cameraId: camera.id },
      ondragstart: (e: DragEvent) => {
        e.dataTransfer?.setData(CAMERA_DRAG_TYPE, camera.id);
        e.dataTransfer?.setData('text/plain', camera.id);
      },
      ondblclick: () => this.onPick(camera),
    }, h('span', { className: 'dot' }), camera.name);
  }

  private counts(): Map<string, Counts> {
    const parent = new Map(this.sites.map(s => [s.id, s.parentId]));
    const counts = new Map<string, Counts>();
    for (const c of this.cameras.values()) {
      for (let id: string | null | undefined = c.siteId; id; id = parent.get(id)) {
        const n = counts.get(id) ?? { online: 0, offline: 0, total: 0 };
        n.total++;
        if (c.status === 'ONLINE' || c.status === 'DEGRADED') {
          n.online++;
        } else if (c.status === 'OFFLINE') {
          n.offline++;
        }
        counts.set(id, n);
      }
    }
    return counts;
  }

  private searchSoon(): void {
    window.clearTimeout(this.searchTimer);
    this.searchTimer = window.setTimeout(() => void this.search(), 250);
  }

  /** Asks the API (its filters are the user's scope): q for name/id/address, #tag for a tag, and the status. */
  private async search(): Promise<void> {
    const seq = ++this.searchSeq;
    const text = this.query.value.trim();
    const status = this.status.value;
    if (!text && !status) {
      this.searchResults = null;
      this.render();
      return;
    }
    const params = new URLSearchParams({ limit: '200' });
    if (text.startsWith('#')) {
      params.set('tag', text.slice(1));
    } else if (text) {
      params.set('q', text);
    }
    if (status) {
      params.set('status', status);
    }
    let results: Camera[];
    try {
      results = (await this.api.get<Page<Camera>>(`/cameras?${params}`)).items;
    } catch (e) {
      results = [];
      console.error(e);
    }
    if (seq !== this.searchSeq) {
      return;
    }
    // The tree's own copies (their status follows the events), for cameras it knows.
    this.searchResults = results.map(c => this.cameras.get(c.id) ?? c);
    this.render();
  }
}
