import { cameraSources } from './camera-sources';
import { liveGrant, login } from './gateway-api';
import { LivePlayer } from './live-player';
import { parseKind } from './live-urls';

/**
 * The console's live view: log in, then one camera in one tile, chosen by id, profile and (optionally) protocol.
 * The session token lives in this page only (not in storage): reloading the page means logging in again.
 */
const loginForm = document.getElementById('login-form') as HTMLFormElement;
const liveForm = document.getElementById('live-form') as HTMLFormElement;
const video = document.getElementById('live-video') as HTMLVideoElement;
const figures = document.getElementById('live-figures') as HTMLElement;
let session: string | undefined;
let player: LivePlayer | undefined;

loginForm.addEventListener('submit', event => {
  event.preventDefault();
  const data = new FormData(loginForm);
  login(String(data.get('username') ?? ''), String(data.get('password') ?? '')).then(token => {
    session = token;
    loginForm.hidden = true;
    liveForm.hidden = false;
    figures.textContent = '';
  }, (e: unknown) => {
    figures.textContent = String(e instanceof Error ? e.message : e);
  });
});

liveForm.addEventListener('submit', event => {
  event.preventDefault();
  const data = new FormData(liveForm);
  const cameraId = String(data.get('camera') ?? '').trim();
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(cameraId)) {
    figures.textContent = 'camera id: letters, digits, - and _ only';
    return;
  }
  const profile = data.get('profile') === 'sub' ? 'sub' : 'main';
  const prefer = parseKind(String(data.get('kind')));
  const currentSession = session;
  if (!currentSession) {
    return;
  }
  player?.stop();
  // A fresh live token for every connection: a reconnect may come after the last one expired.
  player = new LivePlayer(video, async () => {
    const grant = await liveGrant(currentSession, cameraId);
    return cameraSources(cameraId, { profile, token: grant.token }, prefer);
  });
  player.start();
});

window.playerStats = () => player?.stats() ?? null;

window.setInterval(() => {
  if (player) {
    const s = player.stats();
    const last = s.errors.length ? `, last error: ${s.errors[s.errors.length - 1]}` : '';
    figures.textContent = `${s.state} ${s.kind ?? ''} ${s.videoWidth}x${s.videoHeight} t=${s.currentTime.toFixed(1)} s, `
      + `${s.decodedFrames} frames, ${(s.bytes / 1e6).toFixed(1)} MB, ${s.reconnects} reconnects${last}`;
  }
}, 1000);
