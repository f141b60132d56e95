import mpegts from 'mpegts.js';
import type { Engine, EngineListener } from './engine';

/** How often mpegts.js reports its statistics; bytes are its download speed integrated over this interval. */
const REPORT_INTERVAL_MS = 500;

/** HTTP-FLV and WS-FLV through mpegts.js (it picks its WebSocket loader for ws:// URLs). */
export class FlvEngine implements Engine {
  private player?: mpegts.Player;

  constructor(private readonly video: HTMLVideoElement, private readonly url: string) {}

  start(listener: EngineListener): void {
    if (!mpegts.isSupported()) {
      listener.failed('this browser has no Media Source Extensions', true);
      return;
    }
    const player = mpegts.createPlayer({ type: 'flv', isLive: true, hasAudio: false, hasVideo: true, url: this.url }, {
      enableWorker: false,
      enableStashBuffer: false,
      isLive: true,
      // Cameras are watched live: chase the edge rather than letting latency grow after a stall.
      liveBufferLatencyChasing: true,
      liveBufferLatencyMaxLatency: 2.0,
      liveBufferLatencyMinRemain: 0.3,
      // Trim what was played, as the fMP4 player does.
      autoCleanupSourceBuffer: true,
      autoCleanupMaxBackwardDuration: 10,
      autoCleanupMinBackwardDuration: 5,
      statisticsInfoReportInterval: REPORT_INTERVAL_MS,
    });
    this.player = player;
    player.on(mpegts.Events.ERROR, (type: string, detail: string) => {
      const fatal = detail === mpegts.ErrorDetails.MEDIA_CODEC_UNSUPPORTED
        || detail === mpegts.ErrorDetails.MEDIA_FORMAT_UNSUPPORTED;
      listener.failed(`mpegts.js ${type}: ${detail}`, fatal);
    });
    // A live stream that completes has been dropped by the gateway (camera gone or viewer too slow).
    player.on(mpegts.Events.LOADING_COMPLETE, () => listener.failed('the stream ended', false));
    player.on(mpegts.Events.MEDIA_INFO, (info: { mimeType?: string }) => {
      if (info.mimeType) {
        listener.described(info.mimeType, MediaSource.isTypeSupported(info.mimeType));
      }
    });
    player.on(mpegts.Events.STATISTICS_INFO, (stats: { speed?: number }) => {
      listener.bytes(Math.round((stats.speed ?? 0) * 1024 * REPORT_INTERVAL_MS / 1000));
    });
    player.attachMediaElement(this.video);
    player.load();
    const playing = player.play();
    if (playing) {
      playing.catch((e: unknown) => listener.failed(`play() refused: ${String(e)}`, false));
    }
  }

  stop(): void {
    const player = this.player;
    this.player = undefined;
    if (player) {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    }
  }
}
