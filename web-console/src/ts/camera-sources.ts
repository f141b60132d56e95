import type { LiveSource } from './live-player';
import { liveUrl, type LiveKind, type LiveQuery } from './live-urls';

/**
 * The sources a console tile tries for a camera, best first. fMP4 over WebSocket comes first: the browser's own
 * MSE, no library, one fragment per frame. Its `codec=h264` twin follows, for an H.265 camera the browser cannot
 * decode. HTTP-FLV (mpegts.js) and HLS (hls.js, or the browser's own HLS where there is no MSE) are fallbacks.
 * A `prefer`red kind goes first, with its transcoded twin.
 */
export function cameraSources(cameraId: string, query: LiveQuery = {}, prefer?: LiveKind, base?: string): LiveSource[] {
  const order: LiveKind[] = prefer ? [prefer, ...(['mp4', 'flv', 'hls'] as LiveKind[]).filter(k => k !== prefer)]
    : ['mp4', 'flv', 'hls'];
  const sources: LiveSource[] = [];
  for (const kind of order) {
    sources.push({ kind, url: liveUrl(kind, cameraId, query, base) });
    if (query.codec !== 'h264') {
      sources.push({ kind, url: liveUrl(kind, cameraId, { ...query, codec: 'h264' }, base) });
    }
  }
  return sources;
}
