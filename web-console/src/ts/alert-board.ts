import { h, replace } from './dom';
import type { Api } from './gateway-api';
import { formatDuration, formatTime, t } from './i18n';
import type { Alert, ConsoleEvent } from './model';

const ACTIVE = new Set(['OPEN', 'ACKNOWLEDGED', 'ASSIGNED']);

/**
 * The alert board: the active alerts of what the user may see, live from the events (alert.opened / updated /
 * resolved); acknowledge, assign to a maintenance user, resolve with a note. A new alert beeps (WebAudio) and is
 * highlighted until acknowledged. Recently resolved alerts stay listed, greyed, for a minute.
 */
export class AlertBoard {
  readonly element: HTMLElement;
  private readonly table: HTMLElement;
  private readonly alerts = new Map<string, Alert>();
  private readonly fresh = new Set<string>();
  private audio?: AudioContext;
  beeps = 0;
  private onCount: (n: number) => void = () => {};

  constructor(private readonly api: Api) {
    this.table = h('div', { id: 'alert-table' });
    this.element = h('section', { className: 'alert-board' }, this.table);
    window.setInterval(() => this.render(), 5000);
  }

  /** Called with the number of active alerts whenever it may have changed. */
  onActiveCount(listener: (n: number) => void): void {
    this.onCount = listener;
  }

  async load(): Promise<void> {
    const page = await this.api.get<{ items: Alert[] }>('/alerts?limit=500');
    for (const a of page.items) {
      if (ACTIVE.has(a.state)) {
        this.alerts.set(a.id, a);
      }
    }
    this.render();
  }

  /** The alerts on the board now (for the tests). */
  rows(): Alert[] {
    return [...this.alerts.values()];
  }

  onEvent(e: ConsoleEvent): void {
    if (!e.alert || !e.type.startsWith('alert.')) {
      return;
    }
    const isNew = e.type === 'alert.opened' && !this.alerts.has(e.alert.id);
    this.alerts.set(e.alert.id, e.alert);
    if (isNew) {
      this.fresh.add(e.alert.id);
      this.beep();
    }
    if (!ACTIVE.has(e.alert.state)) {
      this.fresh.delete(e.alert.id);
      const id = e.alert.id;
      window.setTimeout(() => {
        if (!ACTIVE.has(this.alerts.get(id)?.state ?? '')) {
          this.alerts.delete(id);
          this.render();
        }
      }, 60_000);
    }
    this.render();
  }

  /** Two short tones (880 Hz then 660 Hz); browsers allow sound only after the user clicked something. */
  private beep(): void {
    try {
      this.audio ??= new AudioContext();
      const ctx = this.audio;
      void ctx.resume();
      [880, 660].forEach((frequency, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = frequency;
        gain.gain.value = 0.15;
        osc.connect(gain).connect(ctx.destination);
        const start = ctx.currentTime + i * 0.18;
        osc.start(start);
        osc.stop(start + 0.15);
      });
      this.beeps++;
    } catch {
      // no audio output: the highlight remains
    }
  }

  private async act(alert: Alert, action: 'ack' | 'assign' | 'resolve'): Promise<void> {
    let body: unknown;
    if (action === 'assign') {
      const input = document.getElementById(`assignee-${alert.id}`) as HTMLInputElement | null;
      const user = input?.value.trim() ?? '';
      if (!user) {
        input?.focus();
        input?.classList.add('invalid');
        return;
      }
      body = { user };
    } else if (action === 'resolve') {
      const input = document.getElementById(`note-${alert.id}`) as HTMLInputElement | null;
      const note = input?.value.trim() ?? '';
      if (!note) {
        input?.focus();
        input?.classList.add('invalid');
        return;
      }
      body = { note };
    }
    try {
      const updated = await this.api.post<Alert>(`/alerts/${alert.id}/${action}`, body);
      this.fresh.delete(alert.id);
      this.onEvent({ id: '', type: 'alert.updated', at: '', cameraId: updated.cameraId, siteId: null, alert: updated });
    } catch (e) {
      window.alert(String(e instanceof Error ? e.message : e));
    }
  }

  render(): void {
    const rows = this.rows().sort((a, b) => b.openedAt.localeCompare(a.openedAt));
    this.onCount(rows.filter(a => ACTIVE.has(a.state)).length);
    if (!rows.length) {
      replace(this.table, h('p', { className: 'muted big-empty' }, t('noAlerts')));
      return;
    }
    // Keep what the user is typing across the refresh.
    const notes = new Map([...this.table.querySelectorAll<HTMLInputElement>('input.note')].map(i => [i.id, i.value]));
    const focused = document.activeElement instanceof HTMLInputElement ? document.activeElement.id : '';
    const now = Date.now();
    replace(this.table, h('table', { className: 'alerts' },
      h('thead', {}, h('tr', {}, ['state', 'kind', 'camera', 'site', 'opened', 'duration', 'assignee', 'actions'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, rows.map(a => {
        const active = ACTIVE.has(a.state);
        const seconds = active ? (now - Date.parse(a.openedAt)) / 1000 : a.durationSeconds;
        return h('tr', {
          className: `alert state-${a.state}${this.fresh.has(a.id) ? ' fresh' : ''}`,
          dataset: { alertId: a.id, cameraId: a.cameraId, state: a.state },
        },
        h('td', {}, h('span', { className: 'badge' }, t(a.state))),
        h('td', { title: a.detail ?? '' }, t(a.kind)),
        h('td', {}, a.camera?.name ?? a.cameraId, h('br', {}), h('small', {}, a.cameraId)),
        h('td', {}, a.camera?.sitePath ?? '', a.camera?.address ? h('br', {}) : null, h('small', {}, a.camera?.address ?? '')),
        h('td', {}, formatTime(a.openedAt)),
        h('td', {}, formatDuration(seconds)),
        h('td', {}, a.assignee ?? ''),
        h('td', { className: 'actions' }, active ? [
          a.state === 'OPEN' ? h('button', { className: 'ack', type: 'button', onclick: () => void this.act(a, 'ack') }, t('ack')) : null,
          h('input', { id: `assignee-${a.id}`, className: 'note assignee', placeholder: t('assignee'), size: 8 }),
          h('button', { className: 'assign', type: 'button', onclick: () => void this.act(a, 'assign') }, t('assign')),
          h('input', { id: `note-${a.id}`, className: 'note', placeholder: t('note'), size: 14 }),
          h('button', { className: 'resolve', type: 'button', onclick: () => void this.act(a, 'resolve') }, t('resolve')),
        ] : a.note ?? ''));
      }))));
    for (const [id, value] of notes) {
      const input = document.getElementById(id) as HTMLInputElement | null;
      if (input) {
        input.value = value;
      }
    }
    if (focused) {
      document.getElementById(focused)?.focus();
    }
  }
}
