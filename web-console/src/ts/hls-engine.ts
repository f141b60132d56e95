import Hls from 'hls.js';
import type { Engine, EngineListener } from './engine';

/** HLS (fMP4 segments with LL-HLS parts, or MPEG-TS) through hls.js. */
export class HlsEngine implements Engine {
  private hls?: Hls;
  private native = false;

  constructor(private readonly video: HTMLVideoElement, private readonly url: string) {}

  start(listener: EngineListener): void {
    if (!Hls.isSupported()) {
      this.startNative(listener);
      return;
    }
    const hls = new Hls({
      lowLatencyMode: true,
      // Live viewing: stay about one part-target from the edge and keep little behind the playhead.
      liveSyncDurationCount: 2,
      liveMaxLatencyDurationCount: 5,
      backBufferLength: 10,
      // fMP4 segments need no transmuxing, and the small TS ones little: keep it on the page, no worker blob.
      enableWorker: false,
    });
    this.hls = hls;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      // hls.js recovers non-fatal errors itself; a fatal one means starting over.
      if (data.fatal) {
        const fatalCodec = data.details === Hls.ErrorDetails.MANIFEST_INCOMPATIBLE_CODECS_ERROR;
        listener.failed(`hls.js ${data.type}: ${data.details}`, fatalCodec);
      }
    });
    hls.on(Hls.Events.FRAG_LOADED, (_event, data) => listener.bytes(data.frag.stats.loaded));
    hls.on(Hls.Events.LEVEL_LOADED, (_event, data) => {
      if (!data.details.live) {
        listener.failed('the playlist ended', false);
      }
    });
    hls.on(Hls.Events.MANIFEST_PARSED, () => {
      this.video.play().catch((e: unknown) => listener.failed(`play() refused: ${String(e)}`, false));
    });
    hls.attachMedia(this.video);
    hls.loadSource(this.url);
  }

  stop(): void {
    const hls = this.hls;
    this.hls = undefined;
    hls?.destroy();
    if (this.native) {
      this.native = false;
      this.video.onerror = null;
      this.video.removeAttribute('src');
      this.video.load();
    }
  }

  /** Browsers without MSE (older iOS Safari) play HLS themselves. */
  private startNative(listener: EngineListener): void {
    if (this.video.canPlayType('application/vnd.apple.mpegurl') === '') {
      listener.failed('this browser has neither Media Source Extensions nor native HLS', true);
      return;
    }
    this.native = true;
    this.video.onerror = () => listener.failed(`native HLS: media error ${this.video.error?.code ?? '?'}`, false);
    this.video.src = this.url;
    this.video.play().catch((e: unknown) => listener.failed(`play() refused: ${String(e)}`, false));
  }
}
