import { LivePlayer } from './live-player';
import { parseKind, resolveSource } from './live-urls';

/**
 * The player test page: `player-test.html?kind=flv|wsflv|mp4|hls&src=URL` plays one source and exposes
 * `window.playerStats()` for the browser tests (and `window.isTypeSupported(mime)` to ask MSE directly).
 */
const params = new URLSearchParams(window.location.search);
const kind = parseKind(params.get('kind'));
const src = params.get('src');
const video = document.getElementById('video') as HTMLVideoElement;
const figures = document.getElementById('figures') as HTMLElement;

window.isTypeSupported = mimeType => typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(mimeType);

if (!kind || !src) {
  const problem = 'usage: player-test.html?kind=flv|wsflv|mp4|hls&src=URL';
  figures.textContent = problem;
  window.playerStats = () => {
    throw new Error(problem);
  };
} else {
  const stallMs = Number(params.get('stallMs') ?? '10000');
  const player = new LivePlayer(video, [{ kind, url: resolveSource(kind, src) }], { stallMs });
  window.playerStats = () => player.stats();
  player.start();
  window.setInterval(() => {
    figures.textContent = JSON.stringify(player.stats(), null, 2);
  }, 500);
}
