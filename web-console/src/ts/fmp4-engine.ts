import type { Engine, EngineListener } from './engine';

/** Trim what the playhead left more than this far behind (seconds): a live view never seeks back. */
const KEEP_BEHIND_S = 10;
/** Further than this behind the newest frame (seconds), jump forward to the live edge. */
const MAX_LATENCY_S = 2;
/** Where to land when jumping to the edge: a little before the newest frame, so playback does not stall at once. */
const EDGE_MARGIN_S = 0.3;
/** Messages waiting for the SourceBuffer; more means the browser cannot keep up, so start over. */
const MAX_QUEUED = 500;

/** The gateway's first, TEXT message on `/live/{id}.mp4` (DESIGN.md). */
interface Description {
  type: string;
  mimeType: string;
  codecs?: string;
  width?: number;
  height?: number;
}

/**
 * fMP4 over WebSocket into Media Source Extensions, without a library: a TEXT description, then binary messages
 * (an init segment with the first fragment, then one fragment per frame) appended in order to one SourceBuffer.
 */
export class Fmp4Engine implements Engine {
  private ws?: WebSocket;
  private mediaSource?: MediaSource;
  private objectUrl?: string;
  private buffer?: SourceBuffer;
  private queue: ArrayBuffer[] = [];
  private described = false;
  private stopped = false;
  private listener?: EngineListener;

  constructor(private readonly video: HTMLVideoElement, private readonly url: string) {}

  start(listener: EngineListener): void {
    this.listener = listener;
    if (typeof MediaSource === 'undefined') {
      listener.failed('this browser has no Media Source Extensions', true);
      return;
    }
    const ws = new WebSocket(this.url);
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string') {
        this.describe(event.data);
      } else {
        this.receive(event.data as ArrayBuffer);
      }
    };
    // An error is always followed by a close, which carries the gateway's reason (1013 when it dropped us).
    ws.onclose = (event: CloseEvent) => this.fail(`websocket closed: ${event.code} ${event.reason}`.trim(), false);
  }

  stop(): void {
    this.stopped = true;
    if (this.ws) {
      this.ws.onmessage = null;
      this.ws.onclose = null;
      this.ws.close();
    }
    this.queue = [];
    this.buffer = undefined;
    if (this.objectUrl) {
      this.video.removeAttribute('src');
      this.video.load();
      URL.revokeObjectURL(this.objectUrl);
      this.objectUrl = undefined;
    }
    this.mediaSource = undefined;
  }

  private describe(text: string): void {
    let description: Description;
    try {
      description = JSON.parse(text) as Description;
    } catch {
      this.fail('the stream description is not JSON', false);
      return;
    }
    if (description.type !== 'mse' || typeof description.mimeType !== 'string') {
      this.fail(`unexpected stream description: ${text.slice(0, 200)}`, false);
      return;
    }
    const supported = MediaSource.isTypeSupported(description.mimeType);
    this.listener?.described(description.mimeType, supported);
    if (!supported) {
      this.fail(`this browser cannot decode ${description.mimeType}`, true);
      return;
    }
    this.described = true;
    const mediaSource = new MediaSource();
    this.mediaSource = mediaSource;
    mediaSource.addEventListener('sourceopen', () => this.open(mediaSource, description.mimeType), { once: true });
    this.objectUrl = URL.createObjectURL(mediaSource);
    this.video.src = this.objectUrl;
  }

  private open(mediaSource: MediaSource, mimeType: string): void {
    if (this.stopped || mediaSource !== this.mediaSource) {
      return;
    }
    let buffer: SourceBuffer;
    try {
      buffer = mediaSource.addSourceBuffer(mimeType);
    } catch (e) {
      this.fail(`addSourceBuffer(${mimeType}) failed: ${String(e)}`, true);
      return;
    }
    // Fragments carry their own decode times (tfdt); 'segments' keeps them, so a gap is a gap and not a shift.
    buffer.mode = 'segments';
    buffer.addEventListener('updateend', () => this.pump());
    buffer.addEventListener('error', () => this.fail('the SourceBuffer rejected a fragment', false));
    this.buffer = buffer;
    this.pump();
    this.video.play().catch((e: unknown) => this.fail(`play() refused: ${String(e)}`, false));
  }

  private receive(data: ArrayBuffer): void {
    if (this.stopped) {
      return;
    }
    if (!this.described) {
      this.fail('media arrived before the stream description', false);
      return;
    }
    this.listener?.bytes(data.byteLength);
    if (this.queue.length >= MAX_QUEUED) {
      this.fail(`the browser fell ${MAX_QUEUED} fragments behind the stream`, false);
      return;
    }
    this.queue.push(data);
    this.pump();
  }

  /** Appends the next queued message, or trims the buffer; runs again on each 'updateend'. */
  private pump(): void {
    const buffer = this.buffer;
    if (this.stopped || !buffer || buffer.updating) {
      return;
    }
    this.keepLive(buffer);
    if (this.trim(buffer)) {
      return;
    }
    const next = this.queue.shift();
    if (!next) {
      return;
    }
    try {
      buffer.appendBuffer(next);
    } catch (e) {
      this.fail(`appendBuffer failed: ${String(e)}`, false);
    }
  }

  /** Removes what lies more than KEEP_BEHIND_S behind the playhead; true when a removal is under way. */
  private trim(buffer: SourceBuffer): boolean {
    const ranges = buffer.buffered;
    if (ranges.length === 0) {
      return false;
    }
    const removeTo = this.video.currentTime - KEEP_BEHIND_S;
    if (ranges.start(0) < removeTo - 1) {
      buffer.remove(0, removeTo);
      return true;
    }
    return false;
  }

  /** Jumps to the newest frame when the playhead is before the buffer or more than MAX_LATENCY_S behind it. */
  private keepLive(buffer: SourceBuffer): void {
    const ranges = buffer.buffered;
    if (ranges.length === 0) {
      return;
    }
    const last = ranges.length - 1;
    const end = ranges.end(last);
    const now = this.video.currentTime;
    if (now < ranges.start(0) || end - now > MAX_LATENCY_S) {
      this.video.currentTime = Math.max(ranges.start(last), end - EDGE_MARGIN_S);
    }
  }

  private fail(reason: string, fatal: boolean): void {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    this.listener?.failed(reason, fatal);
  }
}
