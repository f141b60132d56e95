#!/usr/bin/env node
// Plays a page in Debian's Chromium and reports whether its video advances.
// Usage: node test/play.mjs <page-url> <seconds> [--screenshot path] [--fill selector value | --click selector]...
// --fill and --click run in order once the page has loaded (e.g. the console's login and camera forms).
// Opens the page, waits until window.playerStats() exists and the playhead has moved (or a warm-up deadline),
// samples it (saying so on stderr: "play.mjs: first sample {...}"), waits <seconds>, samples again, prints one
// JSON line on stdout:
//   {"url", "first": {currentTime, decodedFrames}, "second": {...}, "stats": <last playerStats()>, "errors": [...]}
// Exit codes: 0 done, 2 the page threw (pageerror) or has no playerStats(), 1 the browser could not be driven.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CHROMIUM = process.env.SHARPEYE_CHROMIUM ?? '/usr/bin/chromium';
// Chromium's background connections (updates, sync, QUIC probes) fail on this closed network: turn them off.
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];
const WARM_UP_MS = 15_000;

function usage() {
  console.error('usage: play.mjs <page-url> <seconds> [--screenshot path] [--fill selector value | --click selector]...');
  process.exit(1);
}

const positional = [];
const actions = [];
let screenshot;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--screenshot') {
    screenshot = process.argv[++i] ?? usage();
  } else if (process.argv[i] === '--fill') {
    actions.push({ fill: process.argv[++i] ?? usage(), value: process.argv[++i] ?? usage() });
  } else if (process.argv[i] === '--click') {
    actions.push({ click: process.argv[++i] ?? usage() });
  } else {
    positional.push(process.argv[i]);
  }
}
const [pageUrl, secondsText] = positional;
const seconds = Number(secondsText);
if (!pageUrl || !(seconds > 0)) {
  usage();
}

// playerStats() may give null before the page has a player (the console, before a camera is chosen).
const sample = stats => ({ currentTime: stats?.currentTime ?? 0, decodedFrames: stats?.decodedFrames ?? 0 });
const userDataDir = await mkdtemp(path.join(tmpdir(), 'sharpeye-chromium-'));
const errors = [];
let context;
let exitCode = 0;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM, headless: true, ignoreDefaultArgs: ['--headless'], args: ARGS,
    viewport: { width: 800, height: 600 },
  });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error') {
      errors.push(`console: ${m.text()}`);
    }
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  for (const action of actions) {
    if (action.fill) {
      await page.fill(action.fill, action.value, { timeout: 10_000 });
    } else {
      await page.click(action.click, { timeout: 10_000 });
    }
  }
  await page.waitForFunction(() => typeof window.playerStats === 'function', null, { timeout: 10_000 })
    .catch(() => errors.push('pageerror: the page has no window.playerStats()'));
  if (errors.some(e => e.startsWith('pageerror'))) {
    throw new Error('the page failed before playing');
  }
  // Warm up: the first sample is taken once the playhead has moved, or the player gave up, or time ran out.
  await page.waitForFunction(() => {
    const s = window.playerStats();
    return s !== null && (s.currentTime > 0 || s.state === 'failed');
  }, null, { timeout: WARM_UP_MS, polling: 200 }).catch(() => undefined);
  const first = await page.evaluate(() => window.playerStats());
  // On stderr, for a caller that acts between the samples (e.g. restarts the server to test reconnection).
  console.error(`play.mjs: first sample ${JSON.stringify(sample(first))}`);
  await page.waitForTimeout(seconds * 1000);
  const stats = await page.evaluate(() => window.playerStats());
  if (screenshot) {
    await page.screenshot({ path: screenshot });
  }
  if (errors.some(e => e.startsWith('pageerror'))) {
    exitCode = 2;
  }
  console.log(JSON.stringify({ url: pageUrl, first: sample(first), second: sample(stats), stats, errors }));
} catch (e) {
  exitCode = errors.some(x => x.startsWith('pageerror')) ? 2 : 1;
  console.log(JSON.stringify({ url: pageUrl, failure: String(e?.message ?? e), errors }));
} finally {
  await context?.close().catch(() => undefined);
  await rm(userDataDir, { recursive: true, force: true });
}
process.exit(exitCode);
