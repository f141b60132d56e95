import { Backoff } from './backoff';
import type { Engine, EngineListener } from './engine';
import { FlvEngine } from './flv-engine';
import { Fmp4Engine } from './fmp4-engine';
import { HlsEngine } from './hls-engine';
import type { LiveKind } from './live-urls';

/** One way to reach a camera's live stream: the kind of output and its URL. */
export interface LiveSource {
  kind: LiveKind;
  url: string;
}

/**
 * Where a player gets its sources: a fixed list, or a function called before every (re)connection, for URLs that
 * carry a short-lived live token (a reconnect after the token expired needs a new one).
 */
export type SourceList = readonly LiveSource[] | (() => Promise<readonly LiveSource[]>);

/** Where a player is in its life. */
export type PlayerState = 'idle' | 'connecting' | 'playing' | 'reconnecting' | 'failed' | 'stopped';

/** A player's figures, for the console and for the browser tests. */
export interface PlayerStats {
  kind: LiveKind | null;
  url: string | null;
  state: PlayerState;
  /** The video element's playhead, seconds. */
  currentTime: number;
  /** Frames decoded since start(), across reconnects (HTMLVideoElement.getVideoPlaybackQuality()). */
  decodedFrames: number;
  droppedFrames: number;
  /** Media bytes received since start() (for FLV an estimate from mpegts.js's download speed). */
  bytes: number;
  reconnects: number;
  /** The MIME type the stream declared, and whether MediaSource.isTypeSupported() accepts it. */
  mimeType: string | null;
  supported: boolean | null;
  /** Seconds buffered ahead of the playhead. */
  bufferedAhead: number;
  /** The decoded picture's size, 0 before the first frame. */
  videoWidth: number;
  videoHeight: number;
  /** The most recent failures, oldest first. */
  errors: string[];
}

/** Options for a LivePlayer; every field has a default. */
export interface PlayerOptions {
  /** No playhead progress for this long (ms) counts as a dropped stream. Default 10 000. */
  stallMs?: number;
  /** First reconnect delay (ms); it doubles up to maxBackoffMs. Default 1 000. */
  minBackoffMs?: number;
  /** Longest reconnect delay (ms). Default 10 000. */
  maxBackoffMs?: number;
}

const KEPT_ERRORS = 20;
const WATCH_INTERVAL_MS = 1000;

/**
 * Plays a camera's live stream in a video element, from the first source this browser can play, and keeps it
 * playing: a dropped or stalled stream is reconnected after a backoff of 1 to 10 s; a source the browser cannot
 * decode at all (H.265 in most browsers) gives way to the next source in the list.
 */
export class LivePlayer {
  private readonly backoff: Backoff;
  private readonly stallMs: number;
  private readonly provider: () => Promise<readonly LiveSource[]>;
  private engine?: Engine;
  private current: readonly LiveSource[] = [];
  private sourceIndex = 0;
  private state: PlayerState = 'idle';
  private bytes = 0;
  private reconnects = 0;
  private framesBefore = 0;
  private droppedBefore = 0;
  private mimeType: string | null = null;
  private supported: boolean | null = null;
  private readonly errors: string[] = [];
  private retryTimer?: number;
  private watchTimer?: number;
  private lastTime = -1;
  private lastProgressAt = 0;
  /** Bumped on every (re)start, so a late callback of a stopped engine is ignored. */
  private generation = 0;

  constructor(private readonly video: HTMLVideoElement, sources: SourceList, options: PlayerOptions = {}) {
    this.provider = typeof sources === 'function' ? sources : () => Promise.resolve(sources);
    this.backoff = new Backoff(options.minBackoffMs ?? 1000, options.maxBackoffMs ?? 10_000);
    this.stallMs = options.stallMs ?? 10_000;
    // Autoplay without a gesture is only allowed muted; cameras here have no audio track anyway.
    video.muted = true;
    video.playsInline = true;
  }

  /** Starts playing the first source; does nothing if already playing or reconnecting. */
  start(): void {
    if (this.state !== 'idle' && this.state !== 'stopped' && this.state !== 'failed') {
      return;
    }
    this.sourceIndex = 0;
    this.backoff.reset();
    this.connect();
    this.watchTimer = window.setInterval(() => this.watch(), WATCH_INTERVAL_MS);
  }

  /** Stops playback and reconnection; start() can be called again. */
  stop(): void {
    this.generation++;
    this.closeEngine();
    window.clearTimeout(this.retryTimer);
    window.clearInterval(this.watchTimer);
    this.state = 'stopped';
  }

  /** The figures as of now. */
  stats(): PlayerStats {
    const source = this.current[this.sourceIndex] ?? null;
    const quality = this.video.getVideoPlaybackQuality();
    return {
      kind: source?.kind ?? null,
      url: source?.url ?? null,
      state: this.state,
      currentTime: this.video.currentTime,
      decodedFrames: this.framesBefore + quality.totalVideoFrames,
      droppedFrames: this.droppedBefore + quality.droppedVideoFrames,
      bytes: this.bytes,
      reconnects: this.reconnects,
      mimeType: this.mimeType,
      supported: this.supported,
      bufferedAhead: this.bufferedAhead(),
      videoWidth: this.video.videoWidth,
      videoHeight: this.video.videoHeight,
      errors: [...this.errors],
    };
  }

  private connect(): void {
    const generation = ++this.generation;
    this.state = 'connecting';
    this.lastTime = -1;
    this.lastProgressAt = performance.now();
    this.provider().then(sources => {
      if (generation !== this.generation) {
        return;
      }
      this.current = sources;
      if (this.sourceIndex >= sources.length) {
        this.onFailure('no source to play', true);
        return;
      }
      this.startEngine(sources[this.sourceIndex], generation);
    }, (e: unknown) => {
      if (generation === this.generation) {
        this.onFailure(`could not get the live URLs: ${String(e)}`, false);
      }
    });
  }

  private startEngine(source: LiveSource, generation: number): void {
    const engine = LivePlayer.engineFor(this.video, source);
    this.engine = engine;
    const listener: EngineListener = {
      bytes: count => {
        if (generation === this.generation) {
          this.bytes += count;
        }
      },
      described: (mimeType, supported) => {
        if (generation === this.generation) {
          this.mimeType = mimeType;
          this.supported = supported;
        }
      },
      failed: (reason, fatal) => {
        if (generation === this.generation) {
          this.onFailure(`${source.kind}: ${reason}`, fatal);
        }
      },
    };
    engine.start(listener);
  }

  private onFailure(reason: string, fatal: boolean): void {
    this.note(reason);
    this.generation++;
    this.closeEngine();
    if (fatal) {
      if (this.sourceIndex + 1 >= this.current.length) {
        this.state = 'failed';
        window.clearInterval(this.watchTimer);
        return;
      }
      this.sourceIndex++;
      this.backoff.reset();
    }
    this.state = 'reconnecting';
    this.reconnects++;
    const generation = this.generation;
    // The next source is tried at once: it is a different request, not a retry of one that just failed.
    this.retryTimer = window.setTimeout(() => {
      if (generation === this.generation) {
        this.connect();
      }
    }, fatal ? 0 : this.backoff.delay());
  }

  /** Once a second: notices playback (which resets the backoff) and a stall (which counts as a drop). */
  private watch(): void {
    if (this.state !== 'connecting' && this.state !== 'playing') {
      return;
    }
    const now = performance.now();
    const time = this.video.currentTime;
    if (time !== this.lastTime) {
      if (this.lastTime >= 0 && time > this.lastTime) {
        this.state = 'playing';
        this.backoff.reset();
      }
      this.lastTime = time;
      this.lastProgressAt = now;
    } else if (now - this.lastProgressAt > this.stallMs) {
      this.onFailure(`no playback progress for ${Math.round(this.stallMs / 1000)} s`, false);
    }
  }

  private closeEngine(): void {
    if (!this.engine) {
      return;
    }
    // The element's counters start over with its next source; keep the totals across reconnects.
    const quality = this.video.getVideoPlaybackQuality();
    this.engine.stop();
    this.engine = undefined;
    const after = this.video.getVideoPlaybackQuality();
    if (after.totalVideoFrames < quality.totalVideoFrames) {
      this.framesBefore += quality.totalVideoFrames;
      this.droppedBefore += quality.droppedVideoFrames;
    }
  }

  private bufferedAhead(): number {
    const ranges = this.video.buffered;
    return ranges.length === 0 ? 0 : Math.max(0, ranges.end(ranges.length - 1) - this.video.currentTime);
  }

  private note(reason: string): void {
    this.errors.push(reason);
    if (this.errors.length > KEPT_ERRORS) {
      this.errors.shift();
    }
  }

  private static engineFor(video: HTMLVideoElement, source: LiveSource): Engine {
    switch (source.kind) {
      case 'flv':
      case 'wsflv':
        return new FlvEngine(video, source.url);
      case 'mp4':
        return new Fmp4Engine(video, source.url);
      case 'hls':
        return new HlsEngine(video, source.url);
    }
  }
}
