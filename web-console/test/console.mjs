#!/usr/bin/env node
// Drives Debian's Chromium for the console's browser tests, one command per line on stdin, one JSON answer per
// line on stdout, so that one browser serves a whole test class (each user in its own context and page).
// Usage: node test/console.mjs   (then write commands; end stdin to close the browser)
// Commands: {"id":1,"op":"open","page":"admin","url":"http://..."}     a new context (1920x1080) and page
//           {"id":2,"op":"fill","page":"admin","selector":"...","value":"..."}
//           {"op":"click"|"dblclick","page","selector"}   {"op":"drag","page","from","to"}
//           {"op":"eval","page","expr":"() => ..."}        the function's result (JSON)
//           {"op":"wait","page","expr":"() => ...","timeoutMs":30000}   until the function returns a truthy value,
//                                                                        which is answered
//           {"op":"screenshot","page","path":"..."}   {"op":"errors","page"}   {"op":"close","page"}   {"op":"pid"}
// Answers: {"id":1,"ok":true,"value":...} or {"id":1,"ok":false,"error":"..."}.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const CHROMIUM = process.env.SHARPEYE_CHROMIUM ?? '/usr/bin/chromium';
// As play.mjs: Chromium's background connections fail on this closed network; turn them off.
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, ignoreDefaultArgs: ['--headless'], args: ARGS });
const pages = new Map();

function pageOf(name) {
  const entry = pages.get(name);
  if (!entry) {
    throw new Error(`no page ${name}`);
  }
  return entry;
}

async function run(cmd) {
  switch (cmd.op) {
    case 'open': {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const entry = { context, page, errors: [] };
      page.on('pageerror', e => entry.errors.push(`pageerror: ${e.message}`));
      page.on('console', m => {
        if (m.type() === 'error') {
          entry.errors.push(`console: ${m.text()}`);
        }
      });
      pages.set(cmd.page, entry);
      await page.goto(cmd.url, { waitUntil: 'domcontentloaded', timeout: 90_000 });
      return true;
    }
    case 'fill':
      await pageOf(cmd.page).page.fill(cmd.selector, cmd.value);
      return true;
    case 'click':
      await pageOf(cmd.page).page.click(cmd.selector);
      return true;
    case 'dblclick':
      await pageOf(cmd.page).page.dblclick(cmd.selector);
      return true;
    case 'drag':
      await pageOf(cmd.page).page.dragAndDrop(cmd.from, cmd.to);
      return true;
    case 'eval':
      return await pageOf(cmd.page).page.evaluate(cmd.expr.startsWith('(') ? `(${cmd.expr})()` : cmd.expr);
    case 'wait': {
      const handle = await pageOf(cmd.page).page.waitForFunction(`(${cmd.expr})()`, undefined,
        { timeout: cmd.timeoutMs ?? 30_000, polling: 100 });
      return await handle.jsonValue();
    }
    case 'screenshot':
      await pageOf(cmd.page).page.screenshot({ path: cmd.path });
      return true;
    case 'errors':
      return pageOf(cmd.page).errors;
    case 'close': {
      const entry = pages.get(cmd.page);
      pages.delete(cmd.page);
      await entry?.context.close();
      return true;
    }
    case 'pid':
      return process.pid;
    default:
      throw new Error(`unknown op ${cmd.op}`);
  }
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', line => {
  if (!line.trim()) {
    return;
  }
  queue = queue.then(async () => {
    let cmd = {};
    try {
      cmd = JSON.parse(line);
      const value = await run(cmd);
      process.stdout.write(JSON.stringify({ id: cmd.id, ok: true, value: value ?? null }) + '\n');
    } catch (e) {
      process.stdout.write(JSON.stringify({ id: cmd.id, ok: false, error: String(e?.message ?? e) }) + '\n');
    }
  });
});
lines.on('close', () => {
  void queue.then(() => browser.close()).then(() => process.exit(0));
});
process.stdout.write(JSON.stringify({ ready: true }) + '\n');
