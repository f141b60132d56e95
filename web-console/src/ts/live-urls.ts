/** The kinds of live output the gateway serves (DESIGN.md, "Live outputs"). */
export type LiveKind = 'flv' | 'wsflv' | 'mp4' | 'hls';

/** All kinds, in the order the console prefers them. */
export const LIVE_KINDS: readonly LiveKind[] = ['mp4', 'flv', 'wsflv', 'hls'];

/** What a viewer asks the gateway for, besides the camera. */
export interface LiveQuery {
  profile?: 'main' | 'sub';
  /** `h264` asks for a transcode of an H.265 camera, for browsers that cannot decode H.265. */
  codec?: 'copy' | 'h264';
  token?: string;
}

/** The URL of one camera's live output of a given kind, on the gateway at `base` (default: this page's origin). */
export function liveUrl(kind: LiveKind, cameraId: string, query: LiveQuery = {}, base?: string): string {
  const origin = new URL(base ?? window.location.href);
  const path = kind === 'hls'
    ? `/live/${encodeURIComponent(cameraId)}/index.m3u8`
    : `/live/${encodeURIComponent(cameraId)}.${kind === 'mp4' ? 'mp4' : 'flv'}`;
  const url = new URL(path, origin);
  url.searchParams.set('profile', query.profile ?? 'main');
  if (query.codec && query.codec !== 'copy') {
    url.searchParams.set('codec', query.codec);
  }
  if (query.token) {
    url.searchParams.set('token', query.token);
  }
  return isWebSocket(kind) ? toWebSocketUrl(url.toString()) : url.toString();
}

/** True for the kinds carried over a WebSocket. */
export function isWebSocket(kind: LiveKind): boolean {
  return kind === 'wsflv' || kind === 'mp4';
}

/** Resolves `src` against this page and gives it the scheme its kind needs (ws/wss or http/https). */
export function resolveSource(kind: LiveKind, src: string): string {
  const absolute = new URL(src, window.location.href).toString();
  return isWebSocket(kind) ? toWebSocketUrl(absolute) : absolute;
}

function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):/, 'ws$1:');
}

/** Parses a kind name, or returns undefined. */
export function parseKind(name: string | null): LiveKind | undefined {
  return (LIVE_KINDS as readonly string[]).includes(name ?? '') ? name as LiveKind : undefined;
}
