import { h, replace } from './dom';
import { ApiError, type Api } from './gateway-api';
import { t } from './i18n';
import type { Camera, ConsoleEvent, Status, Tile, Tour, TourRun, Wall } from './model';
import type { SiteTree } from './site-tree';
import { WallTile, type TileStats } from './tile';

/** The named layouts (WALLS-API.md): grid, and the span of tile 0 for the big-tile-plus-small ones. */
const LAYOUTS: Record<string, { rows: number; cols: number; span?: number }> = {
  1: { rows: 1, cols: 1 }, 4: { rows: 2, cols: 2 }, 6: { rows: 3, cols: 3, span: 2 }, 8: { rows: 4, cols: 4, span: 3 },
  9: { rows: 3, cols: 3 }, 16: { rows: 4, cols: 4 },
};

/** The tiles of a layout: one per grid cell, less the cells tile 0's span covers. */
export function layoutTiles(layout: string, rows: number, cols: number, old: Tile[] = []): { grid: { rows: number; cols: number }; tiles: Tile[] } {
  const named = LAYOUTS[layout];
  const grid = named ? { rows: named.rows, cols: named.cols } : { rows, cols };
  const span = named?.span ?? 1;
  const count = grid.rows * grid.cols - span * span + 1;
  const tiles: Tile[] = [];
  for (let i = 0; i < count; i++) {
    tiles.push({ index: i, cameraId: old[i]?.cameraId ?? null, profile: null, ...(i === 0 && span > 1 ? { span: { rows: span, cols: span } } : {}) });
  }
  return { grid, tiles };
}

/** The profile a tile plays: its own, else sub from 9 tiles up, else main. */
export function effectiveProfile(tile: Tile, tileCount: number): 'main' | 'sub' {
  return tile.profile ?? (tileCount >= 9 ? 'sub' : 'main');
}

/**
 * The live wall: a layout of tiles, cameras dragged from the tree, saved walls (versions; 409 loads the latest),
 * tours started and stopped on the wall or one tile, and other operators' changes applied live (wall.updated).
 */
export class WallView {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly toolbar: HTMLElement;
  private readonly message: HTMLElement;
  private tiles: WallTile[] = [];
  private wall: Wall;
  private walls: Wall[] = [];
  private tours: Tour[] = [];
  private runs: TourRun[] = [];
  private selected = 0;
  private enlarged: number | null = null;
  /** The layout was changed here and not saved yet: another operator's change does not overwrite it. */
  private edited = false;
  private readonly clockTimer: number;

  constructor(private readonly api: Api, private readonly tree: SiteTree) {
    this.grid = h('div', { className: 'grid', id: 'wall-grid' });
    this.toolbar = h('div', { className: 'toolbar', id: 'wall-toolbar' });
    this.message = h('span', { className: 'message', id: 'wall-message' });
    this.element = h('section', { className: 'wall-view' }, this.toolbar, this.grid);
    const site = tree.roots()[0]?.id ?? api.user.siteId ?? '';
    this.wall = { id: '', name: '', siteId: site, layout: '4', ...layoutTiles('4', 2, 2), alarmTile: null, version: 0 };
    this.clockTimer = window.setInterval(() => this.tick(), 1000);
  }

  /** Loads the saved walls and tours (a missing walls API leaves a local wall) and shows the first wall. */
  async load(): Promise<void> {
    try {
      this.walls = (await this.api.get<{ items: Wall[] }>('/walls')).items;
      this.tours = (await this.api.get<{ items: Tour[] }>('/tours')).items;
    } catch (e) {
      this.say(String(e instanceof Error ? e.message : e));
    }
    if (this.walls.length) {
      await this.open(this.walls[0].id);
    } else {
      this.apply(this.wall, true);
    }
  }

  /** Opens a saved wall by id. */
  async open(id: string): Promise<void> {
    const wall = await this.api.get<Wall>(`/walls/${encodeURIComponent(id)}`);
    this.edited = false;
    this.apply(wall, true);
    await this.loadRuns();
  }

  /** Stops every tile's player (the view is dropped). */
  close(): void {
    window.clearInterval(this.clockTimer);
    for (const tile of this.tiles) {
      tile.close();
    }
  }

  /** What the tests read: the wall and every tile's figures. */
  stats(): { wall: Wall; tiles: TileStats[]; runs: TourRun[]; enlarged: number | null; selected: number } {
    return { wall: this.wall, tiles: this.tiles.map(t => t.stats()), runs: this.runs, enlarged: this.enlarged, selected: this.selected };
  }

  /** Events: wall.updated / wall.deleted, tour.next (pre-open), tour.step, wall.alarm, camera.status. */
  onEvent(e: ConsoleEvent): void {
    if (e.type === 'wall.updated' && e.wall) {
      const known = this.walls.findIndex(w => w.id === e.wall!.id);
      if (known >= 0) {
        this.walls[known] = e.wall;
      } else {
        this.walls.push(e.wall);
      }
      if (e.wall.id === this.wall.id && e.wall.version > this.wall.version) {
        if (this.edited) {
          // Saving sends the version read here: the server answers 409 with the latest, which is loaded then.
          this.say(t('changedElsewhere'));
        } else {
          this.apply(e.wall, false);
        }
      } else if (known < 0) {
        this.renderToolbar();
      }
    } else if (e.type === 'wall.deleted' && e.wallId) {
      this.walls = this.walls.filter(w => w.id !== e.wallId);
      this.renderToolbar();
    } else if (e.type === 'tour.next' && e.wallId === this.wall.id && typeof e.tile === 'number' && e.cameraId) {
      // The step shows the camera in the tour's profile, else the wall's default (as the server sets the tile).
      const run = this.runs.find(r => r.runId === e.runId);
      const tour = this.tours.find(tr => tr.id === run?.tourId);
      const profile = tour?.profile ?? (this.wall.tiles.length >= 9 ? 'sub' : 'main');
      this.tiles[e.tile]?.preopen(e.cameraId, profile);
    } else if ((e.type === 'tour.step' || e.type === 'tour.stopped') && e.wallId === this.wall.id) {
      void this.loadRuns();
    } else if (e.type === 'wall.alarm' && e.wallId === this.wall.id && typeof e.tile === 'number') {
      const el = this.tiles[e.tile]?.element;
      el?.classList.add('alarm');
      window.setTimeout(() => el?.classList.remove('alarm'), 30_000);
    } else if (e.type === 'camera.status' && e.cameraId && e.status) {
      for (const tile of this.tiles) {
        if (tile.cameraId() === e.cameraId) {
          tile.setStatus(e.status.status);
        }
      }
    }
  }

  /** Shows a wall: the layout, then each tile's camera (tiles already showing it keep playing). */
  private apply(wall: Wall, renderToolbar: boolean): void {
    const layoutChanged = wall.grid.rows !== this.wall.grid.rows || wall.grid.cols !== this.wall.grid.cols
      || wall.tiles.length !== this.tiles.length || wall.tiles[0]?.span?.rows !== this.wall.tiles[0]?.span?.rows;
    this.wall = wall;
    if (layoutChanged) {
      while (this.tiles.length > wall.tiles.length) {
        this.tiles.pop()!.close();
      }
      while (this.tiles.length < wall.tiles.length) {
        this.tiles.push(new WallTile(this.tiles.length, this.api, id => this.tree.camera(id)?.name ?? id,
          (i, id) => void this.drop(i, id), i => this.select(i), i => this.enlarge(i)));
      }
      this.enlarged = null;
      this.layout();
    }
    wall.tiles.forEach((spec, i) => {
      const camera = this.tree.camera(spec.cameraId);
      this.tiles[i].show(spec.cameraId, effectiveProfile(spec, wall.tiles.length));
      this.tiles[i].setStatus((camera?.status ?? 'UNKNOWN') as Status);
    });
    if (renderToolbar || layoutChanged) {
      this.renderToolbar();
    }
    this.select(Math.min(this.selected, this.tiles.length - 1));
  }

  private layout(): void {
    this.grid.style.gridTemplateRows = `repeat(${this.wall.grid.rows}, 1fr)`;
    this.grid.style.gridTemplateColumns = `repeat(${this.wall.grid.cols}, 1fr)`;
    this.grid.classList.toggle('enlarged', this.enlarged !== null);
    replace(this.grid, this.tiles.map((tile, i) => {
      const span = this.wall.tiles[i]?.span;
      tile.element.style.gridRow = span ? `span ${span.rows}` : '';
      tile.element.style.gridColumn = span ? `span ${span.cols}` : '';
      tile.element.classList.toggle('big', this.enlarged === i);
      return tile.element;
    }));
  }

  private select(index: number): void {
    this.selected = Math.max(0, index);
    this.tiles.forEach((tile, i) => tile.element.classList.toggle('selected', i === this.selected));
  }

  /** Double-click: the tile fills the wall; again: back to the layout. */
  private enlarge(index: number): void {
    this.enlarged = this.enlarged === index ? null : index;
    this.layout();
  }

  /** A camera picked in the tree (double-click) goes to the selected tile. */
  pick(camera: Camera): void {
    void this.drop(this.selected, camera.id);
    this.select((this.selected + 1) % this.tiles.length);
  }

  /** A camera dropped on a tile: saved walls change on the server (last writer wins on a tile), others locally. */
  private async drop(index: number, cameraId: string): Promise<void> {
    if (!this.tree.camera(cameraId)) {
      return;
    }
    if (!this.wall.id) {
      const tiles = this.wall.tiles.map(tl => tl.index === index ? { ...tl, cameraId } : tl);
      // (an unsaved wall: the tile keeps its profile as it is)
      this.apply({ ...this.wall, tiles }, false);
      return;
    }
    // A tile set apart from the wall's default profile keeps its profile for the new camera.
    const profile = this.wall.tiles[index]?.profile;
    const keep = profile && profile !== (this.wall.tiles.length >= 9 ? 'sub' : 'main') ? { profile } : {};
    try {
      this.apply(await this.api.put<Wall>(`/walls/${this.wall.id}/tiles/${index}`, { cameraId, ...keep }), false);
    } catch (e) {
      this.say(String(e instanceof Error ? e.message : e));
    }
  }

  private changeLayout(layout: string, rows: number, cols: number): void {
    const { grid, tiles } = layoutTiles(layout, rows, cols, this.wall.tiles);
    this.apply({ ...this.wall, layout, grid, tiles }, true);
    this.edited = this.wall.id !== '';
  }

  /** Saves the wall: POST a new one, or PUT with the version it was read at (409: load the latest). */
  private async save(name: string): Promise<void> {
    const body = {
      name: name || this.wall.name || t('newWall'), siteId: this.wall.siteId, layout: this.wall.layout, grid: this.wall.grid,
      tiles: this.wall.tiles.map(tl => ({ index: tl.index, cameraId: tl.cameraId, profile: tl.profile, ...(tl.span ? { span: tl.span } : {}) })),
      alarmTile: this.wall.alarmTile,
    };
    try {
      const saved = this.wall.id
        ? await this.api.put<Wall>(`/walls/${this.wall.id}`, { ...body, id: this.wall.id, version: this.wall.version })
        : await this.api.post<Wall>('/walls', body);
      this.walls = [...this.walls.filter(w => w.id !== saved.id), saved];
      this.edited = false;
      this.apply(saved, true);
      this.say(t('saved'));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && (e.body as { current?: Wall })?.current) {
        this.edited = false;
        this.apply((e.body as { current: Wall }).current, true);
        this.say(t('conflict'));
      } else {
        this.say(String(e instanceof Error ? e.message : e));
      }
    }
  }

  private async loadRuns(): Promise<void> {
    if (!this.wall.id) {
      this.runs = [];
      return;
    }
    try {
      this.runs = (await this.api.get<{ items: TourRun[] }>(`/walls/${this.wall.id}/tours`)).items;
    } catch {
      this.runs = [];
    }
    this.renderToolbar();
  }

  private async startTour(tourId: string, wholeWall: boolean): Promise<void> {
    try {
      const run = await this.api.post<TourRun>(`/walls/${this.wall.id}/tours`, { tourId, tile: wholeWall ? null : this.selected });
      this.runs = [...this.runs, run];
    } catch (e) {
      this.say(String(e instanceof Error ? e.message : e));
    }
    this.renderToolbar();
  }

  private async stopTours(): Promise<void> {
    for (const run of this.runs) {
      try {
        await this.api.delete(`/walls/${this.wall.id}/tours/${run.runId}`);
      } catch (e) {
        this.say(String(e instanceof Error ? e.message : e));
      }
    }
    await this.loadRuns();
  }

  /** A tour of the cameras on the wall now, in tile order (at least two). */
  private async tourFromWall(dwellSeconds: number): Promise<void> {
    const cameraIds = this.wall.tiles.map(tl => tl.cameraId).filter((id): id is string => !!id);
    try {
      // In the selected tile's profile, so a tour on a tile of sub streams stays on sub streams.
      const spec = this.wall.tiles[this.selected];
      const profile = spec ? effectiveProfile(spec, this.wall.tiles.length) : undefined;
      const tour = await this.api.post<Tour>('/tours', { name: `${this.wall.name || t('wall')} ${t('tour')}`, siteId: this.wall.siteId, cameraIds, dwellSeconds, profile });
      this.tours.push(tour);
      this.renderToolbar();
    } catch (e) {
      this.say(String(e instanceof Error ? e.message : e));
    }
  }

  private renderToolbar(): void {
    const wallSelect = h('select', { id: 'wall-select', onchange: () => void this.open(wallSelect.value) },
      h('option', { value: '' }, `— ${t('newWall')} —`),
      this.walls.map(w => h('option', { value: w.id, selected: w.id === this.wall.id }, w.name)));
    const name = h('input', { id: 'wall-name', placeholder: t('wallName'), value: this.wall.name, size: 12 });
    const rows = h('input', { id: 'wall-rows', type: 'number', min: 1, max: 8, value: this.wall.grid.rows, className: 'num' });
    const cols = h('input', { id: 'wall-cols', type: 'number', min: 1, max: 8, value: this.wall.grid.cols, className: 'num' });
    const layouts = ['1', '4', '6', '8', '9', '16'].map(l => h('button', {
      className: `layout${this.wall.layout === l ? ' active' : ''}`, dataset: { layout: l }, type: 'button',
      onclick: () => this.changeLayout(l, 0, 0),
    }, l));
    const custom = h('button', {
      className: `layout${this.wall.layout === 'custom' ? ' active' : ''}`, type: 'button', dataset: { layout: 'custom' },
      onclick: () => this.changeLayout('custom', clamp(+rows.value), clamp(+cols.value)),
    }, t('custom'));
    const tourSelect = h('select', { id: 'tour-select' }, this.tours.map(tr => h('option', { value: tr.id }, `${tr.name} (${tr.dwellSeconds}s)`)));
    const dwell = h('input', { id: 'tour-dwell', type: 'number', min: 3, value: 10, className: 'num' });
    const whole = h('input', { id: 'tour-whole', type: 'checkbox' });
    const running = this.runs.length > 0;
    replace(this.toolbar,
      wallSelect, name,
      h('button', { id: 'wall-save', type: 'button', onclick: () => void this.save(name.value.trim()) }, t('save')),
      h('span', { className: 'sep' }, t('layout')), layouts, custom, rows, '×', cols,
      h('span', { className: 'sep' }, t('tour')), tourSelect,
      h('label', { title: t('wall') }, whole, t('wall')),
      running
        ? h('button', { id: 'tour-stop', type: 'button', className: 'on', onclick: () => void this.stopTours() }, `${t('stopTour')} (${this.runs.length})`)
        : h('button', { id: 'tour-start', type: 'button', disabled: !this.wall.id || !this.tours.length, onclick: () => void this.startTour(tourSelect.value, whole.checked) }, t('startTour')),
      h('button', { id: 'tour-new', type: 'button', disabled: !this.wall.id, onclick: () => void this.tourFromWall(Math.max(3, +dwell.value || 10)) }, `+ ${t('tour')}`),
      dwell, t('dwell'), this.message);
  }

  private say(text: string): void {
    this.message.textContent = text;
  }

  /** Every second: the tiles' clocks and overlays. */
  private tick(): void {
    const now = new Date();
    const p = (n: number) => String(n).padStart(2, '0');
    const clock = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
    for (const tile of this.tiles) {
      tile.clock.textContent = clock;
      tile.render();
    }
  }
}

function clamp(n: number): number {
  return Math.min(8, Math.max(1, Math.floor(n) || 1));
}
