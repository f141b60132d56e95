import type { PlayerStats } from './live-player';

/** What the console's pages expose to the browser tests (web-console/test/play.mjs, console.mjs). */
declare global {
  interface Window {
    /** The page's player figures; null while the page has no single player (the console shows a wall). */
    playerStats: () => PlayerStats | null;
    /** MediaSource.isTypeSupported, asked directly (the player test page). */
    isTypeSupported?: (mimeType: string) => boolean;
    /** The console's state for the tests: the wall's tiles, the alert board, the maintenance rows, ... */
    consoleStats?: () => unknown;
  }
}
