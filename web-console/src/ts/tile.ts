import { cameraSources } from './camera-sources';
import { h } from './dom';
import type { Api } from './gateway-api';
import { liveGrant } from './gateway-api';
import { t } from './i18n';
import { LivePlayer } from './live-player';
import type { Status } from './model';

/** One camera playing in a tile's video element. */
interface Playing {
  cameraId: string;
  profile: 'main' | 'sub';
  video: HTMLVideoElement;
  player: LivePlayer;
  /** performance.now() of the first frame this video painted, or null before it. */
  firstFrameAt: number | null;
}

/** What a tile reports to the tests and the benchmark (`window.consoleStats()`). */
export interface TileStats {
  index: number;
  cameraId: string | null;
  profile: string | null;
  state: string;
  kind: string | null;
  url: string | null;
  currentTime: number;
  decodedFrames: number;
  reconnects: number;
  /** Request to first painted frame of the last switch, ms (null while it has not painted yet). */
  switchMs: number | null;
  /** True when the last switch found the camera already pre-opened (tour.next). */
  preopened: boolean;
  switches: number;
  /** The player's last errors. */
  errors: string[];
}

/**
 * A wall tile: plays one camera (a LivePlayer in its own video element, reconnecting by itself), shows the camera's
 * name, status and a live clock over the picture, takes a camera dropped on it, and can pre-open the next camera of
 * a tour hidden under the current one so that the switch is instant.
 */
export class WallTile {
  readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly nameLabel: HTMLElement;
  private readonly stateLabel: HTMLElement;
  readonly clock: HTMLElement;
  private current?: Playing;
  private next?: Playing;
  private switchStartedAt = 0;
  private switchMs: number | null = null;
  private preopened = false;
  private switches = 0;
  /** The previous camera, kept on screen until the new one paints. */
  private pendingRetire?: Playing;
  private cameraStatus: Status = 'UNKNOWN';

  constructor(readonly index: number, private readonly api: Api,
              private readonly nameOf: (cameraId: string) => string,
              onDrop: (index: number, cameraId: string) => void,
              onSelect: (index: number) => void, onEnlarge: (index: number) => void) {
    this.stage = h('div', { className: 'stage' });
    this.nameLabel = h('span', { className: 'tile-name' });
    this.stateLabel = h('span', { className: 'tile-state' });
    this.clock = h('span', { className: 'tile-clock' });
    this.element = h('div', {
      className: 'tile', dataset: { index: String(index) },
      onclick: () => onSelect(index),
      ondblclick: () => onEnlarge(index),
      ondragover: (e: DragEvent) => {
        e.preventDefault();
        this.element.classList.add('drop');
      },
      ondragleave: () => this.element.classList.remove('drop'),
      ondrop: (e: DragEvent) => {
        e.preventDefault();
        this.element.classList.remove('drop');
        const id = e.dataTransfer?.getData('application/x-sharpeye-camera') || e.dataTransfer?.getData('text/plain');
        if (id) {
          onDrop(index, id.trim());
        }
      },
    }, this.stage, h('div', { className: 'overlay' }, h('span', { className: 'dot' }), this.nameLabel,
      this.stateLabel, this.clock), h('div', { className: 'empty-hint' }, t('dragHint')));
    this.render();
  }

  /** The camera shown, or null. */
  cameraId(): string | null {
    return this.current?.cameraId ?? null;
  }

  /** Shows `cameraId` (null: nothing) with `profile`; does nothing when it already shows exactly that. */
  show(cameraId: string | null, profile: 'main' | 'sub'): void {
    if (this.current?.cameraId === cameraId && this.current?.profile === profile) {
      return;
    }
    this.switchStartedAt = performance.now();
    this.switchMs = null;
    this.switches++;
    const old = this.current;
    if (cameraId === null) {
      this.current = undefined;
      this.preopened = false;
      this.retire(old);
      this.render();
      return;
    }
    const ready = this.next && this.next.cameraId === cameraId && this.next.profile === profile ? this.next : undefined;
    if (ready) {
      this.next = undefined;
      this.preopened = true;
      this.current = ready;
      ready.video.classList.remove('hidden');
      this.retire(old);
      if (ready.firstFrameAt !== null) {
        // Already painting under the old picture: the switch costs the next frame.
        ready.video.requestVideoFrameCallback(() => this.painted(ready));
      }
    } else {
      this.preopened = false;
      // The old picture stays until the new one paints (at most 4 s), so the tile does not go black in between.
      this.retire(this.pendingRetire);
      this.pendingRetire = old;
      this.current = this.open(cameraId, profile, false);
      window.setTimeout(() => {
        if (old && this.pendingRetire === old) {
          this.retire(old);
          this.pendingRetire = undefined;
        }
      }, 4000);
    }
    this.render();
  }

  /** Opens `cameraId` hidden under the current picture, for a switch announced by the tour (tour.next). */
  preopen(cameraId: string, profile: 'main' | 'sub'): void {
    if (this.current?.cameraId === cameraId || (this.next?.cameraId === cameraId && this.next.profile === profile)) {
      return;
    }
    this.retire(this.next);
    this.next = this.open(cameraId, profile, true);
  }

  /** The camera's health status (from the tree and the events). */
  setStatus(status: Status): void {
    this.cameraStatus = status;
    this.render();
  }

  stats(): TileStats {
    const s = this.current?.player.stats();
    return {
      index: this.index, cameraId: this.current?.cameraId ?? null, profile: this.current?.profile ?? null,
      state: s?.state ?? 'idle', kind: s?.kind ?? null, url: s?.url ? s.url.replace(/token=[^&]*/, 'token=…') : null,
      currentTime: s?.currentTime ?? 0, decodedFrames: s?.decodedFrames ?? 0, reconnects: s?.reconnects ?? 0,
      switchMs: this.switchMs, preopened: this.preopened, switches: this.switches,
      errors: (s?.errors ?? []).slice(-3).map(e => e.replace(/token=[^&\s]*/g, 'token=…')),
    };
  }

  /** Updates the overlay (name, status, player state); called every second with the clock. */
  render(): void {
    const cameraId = this.current?.cameraId;
    this.element.classList.toggle('has-camera', !!cameraId);
    this.nameLabel.textContent = cameraId ? this.nameOf(cameraId) : t('empty');
    const s = this.current?.player.stats();
    let state = cameraId ? t(this.cameraStatus) : '';
    if (s && s.state !== 'playing') {
      state += ` · ${t(s.state)}`;
    }
    if (s?.url?.includes('codec=h264')) {
      state += ` · ${t('transcoded')}`;
    }
    this.stateLabel.textContent = state;
    this.element.dataset.status = cameraId ? this.cameraStatus : '';
    this.element.dataset.player = s?.state ?? 'idle';
  }

  /** Stops everything (the tile is removed). */
  close(): void {
    this.retire(this.current);
    this.retire(this.next);
    this.retire(this.pendingRetire);
    this.current = this.next = this.pendingRetire = undefined;
  }

  private open(cameraId: string, profile: 'main' | 'sub', hidden: boolean): Playing {
    const video = h('video', { muted: true, playsinline: true, autoplay: true, className: hidden ? 'hidden' : '' });
    this.stage.append(video);
    // A fresh live token for every connection: a reconnect may come after the last one expired.
    const player = new LivePlayer(video, async () => {
      const grant = await liveGrant(this.api.token, cameraId);
      return cameraSources(cameraId, { profile, token: grant.token });
    });
    const playing: Playing = { cameraId, profile, video, player, firstFrameAt: null };
    const onFrame = () => {
      if (playing.firstFrameAt === null) {
        playing.firstFrameAt = performance.now();
        if (this.current === playing) {
          this.painted(playing);
        }
      }
    };
    video.requestVideoFrameCallback(onFrame);
    player.start();
    return playing;
  }

  private painted(playing: Playing): void {
    if (this.current !== playing || this.switchMs !== null) {
      return;
    }
    this.switchMs = performance.now() - this.switchStartedAt;
    if (this.pendingRetire) {
      this.retire(this.pendingRetire);
      this.pendingRetire = undefined;
    }
    this.render();
  }

  private retire(playing: Playing | undefined): void {
    if (!playing || playing === this.current) {
      return;
    }
    playing.player.stop();
    playing.video.removeAttribute('src');
    playing.video.load();
    playing.video.remove();
  }
}
