import type { PlayerStats } from './live-player';

/** What the console's pages expose to the browser tests (web-console/test/play.mjs). */
declare global {
  interface Window {
    /** The page's player figures; null while the page has no player yet (the console before a camera is chosen). */
    playerStats: () => PlayerStats | null;
    /** MediaSource.isTypeSupported, asked directly (the player test page). */
    isTypeSupported?: (mimeType: string) => boolean;
  }
}
