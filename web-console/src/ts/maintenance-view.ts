import { h, replace } from './dom';
import type { Api } from './gateway-api';
import { formatDuration, formatTime, t } from './i18n';
import type { Camera, CameraHealth, ConsoleEvent, Page } from './model';
import type { SiteTree } from './site-tree';

/** One row: a camera that is offline or degraded, with its health. */
interface Fault {
  camera: Camera;
  health: CameraHealth | null;
  sitePath: string;
}

type Column = 'name' | 'status' | 'reason' | 'since' | 'site' | 'address';

/**
 * The maintenance crews' view: every offline or degraded camera the user may see, with the reason, since when, the
 * site path, address and GPS, sortable by any column, exportable as CSV, and its last picture-check snapshot.
 */
export class MaintenanceView {
  readonly element: HTMLElement;
  private readonly table: HTMLElement;
  private faults: Fault[] = [];
  private sortBy: Column = 'since';
  private ascending = true;
  private reloadTimer?: number;

  constructor(private readonly api: Api, private readonly tree: SiteTree) {
    this.table = h('div', { id: 'maintenance-table' });
    this.element = h('section', { className: 'maintenance' },
      h('div', { className: 'toolbar' },
        h('button', { id: 'maintenance-csv', type: 'button', onclick: () => this.exportCsv() }, t('exportCsv')),
        h('span', { id: 'maintenance-count', className: 'muted' })),
      this.table);
  }

  /** Reads the OFFLINE and DEGRADED cameras and their health. */
  async load(): Promise<void> {
    const cameras: Camera[] = [];
    for (const status of ['OFFLINE', 'DEGRADED']) {
      cameras.push(...(await this.api.get<Page<Camera>>(`/cameras?status=${status}&limit=1000`)).items);
    }
    const faults: Fault[] = [];
    // A few requests at a time.
    for (let i = 0; i < cameras.length; i += 8) {
      faults.push(...await Promise.all(cameras.slice(i, i + 8).map(async camera => ({
        camera,
        health: await this.api.get<CameraHealth>(`/cameras/${camera.id}/status`).catch(() => null),
        sitePath: this.tree.sitePath(camera.siteId),
      }))));
    }
    this.faults = faults;
    this.render();
  }

  /** A camera's status changed: reload soon (statuses come in bursts). */
  onEvent(e: ConsoleEvent): void {
    if (e.type === 'camera.status') {
      window.clearTimeout(this.reloadTimer);
      this.reloadTimer = window.setTimeout(() => void this.load(), 2000);
    }
  }

  rows(): Fault[] {
    return this.sorted();
  }

  private value(f: Fault, c: Column): string {
    switch (c) {
      case 'name': return f.camera.name;
      case 'status': return f.health?.status ?? f.camera.status;
      case 'reason': return f.health?.reason ?? '';
      case 'since': return f.health?.since ?? '';
      case 'site': return f.sitePath;
      case 'address': return f.camera.address ?? '';
    }
  }

  private sorted(): Fault[] {
    const sign = this.ascending ? 1 : -1;
    return [...this.faults].sort((a, b) => sign * this.value(a, this.sortBy).localeCompare(this.value(b, this.sortBy), 'zh-CN'));
  }

  private render(): void {
    const count = document.getElementById('maintenance-count');
    if (count) {
      count.textContent = `${this.faults.length} ${t('cameras')}`;
    }
    if (!this.faults.length) {
      replace(this.table, h('p', { className: 'muted big-empty' }, t('noFaults')));
      return;
    }
    const header = (c: Column, label: string) => h('th', {
      className: `sortable${this.sortBy === c ? (this.ascending ? ' asc' : ' desc') : ''}`, dataset: { column: c },
      onclick: () => {
        this.ascending = this.sortBy === c ? !this.ascending : true;
        this.sortBy = c;
        this.render();
      },
    }, label);
    const now = Date.now();
    replace(this.table, h('table', { className: 'faults' },
      h('thead', {}, h('tr', {}, header('name', t('camera')), header('status', t('state')), header('reason', t('reason')),
        header('since', t('since')), header('site', t('site')), header('address', t('address')), h('th', {}, t('gps')),
        h('th', {}, t('snapshot')))),
      h('tbody', {}, this.sorted().map(f => {
        const since = f.health?.since;
        const snapshot = h('button', {
          type: 'button', className: 'snap', onclick: async () => {
            const url = await this.api.blobUrl(`/cameras/${f.camera.id}/snapshot.jpg`);
            replace(snapshot, url ? h('img', { src: url, alt: f.camera.name }) : t('none'));
          },
        }, '🖼');
        return h('tr', { className: `status-${f.health?.status ?? f.camera.status}`, dataset: { cameraId: f.camera.id } },
          h('td', {}, f.camera.name, h('br', {}), h('small', {}, f.camera.id)),
          h('td', {}, h('span', { className: 'badge' }, t(f.health?.status ?? f.camera.status))),
          h('td', { title: f.health?.lastError ?? '' }, f.health?.reason ? t(f.health.reason) : ''),
          h('td', {}, formatTime(since), since ? h('br', {}) : null, since ? h('small', {}, formatDuration((now - Date.parse(since)) / 1000)) : null),
          h('td', {}, f.sitePath),
          h('td', {}, f.camera.address ?? ''),
          h('td', { className: 'gps' }, gps(f.camera)),
          h('td', {}, snapshot));
      }))));
  }

  /** The rows as CSV (UTF-8 with a BOM, so that spreadsheet programs read the Chinese right). */
  csv(): string {
    const quote = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines = [['cameraId', 'name', 'status', 'reason', 'since', 'sitePath', 'address', 'latitude', 'longitude', 'lastError'].join(',')];
    for (const f of this.sorted()) {
      lines.push([f.camera.id, f.camera.name, f.health?.status ?? f.camera.status, f.health?.reason, f.health?.since, f.sitePath,
        f.camera.address, f.camera.latitude, f.camera.longitude, f.health?.lastError].map(quote).join(','));
    }
    return lines.join('\r\n') + '\r\n';
  }

  private exportCsv(): void {
    const blob = new Blob(['\ufeff', this.csv()], { type: 'text/csv;charset=utf-8' });
    const a = h('a', { href: URL.createObjectURL(blob), download: `sharpeye-maintenance-${new Date().toISOString().slice(0, 10)}.csv` });
    document.body.append(a);
    a.click();
    a.remove();
  }
}

function gps(c: Camera): string {
  return c.latitude !== null && c.longitude !== null ? `${c.latitude.toFixed(5)}, ${c.longitude.toFixed(5)}` : '';
}
