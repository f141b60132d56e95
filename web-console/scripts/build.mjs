// Bundles the console's TypeScript entry points with esbuild into the webroot the gateway serves.
// Usage: node scripts/build.mjs [outdir]   (default: target/classes/webroot, where Maven packs web-console's jar)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.resolve(root, process.argv[2] ?? 'target/classes/webroot', 'js');

await build({
  absWorkingDir: root,
  entryPoints: { console: 'src/ts/console.ts', 'player-test': 'src/ts/player-test.ts' },
  bundle: true,
  format: 'esm',
  target: ['chrome100', 'firefox100', 'safari15'],
  minify: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // No source maps in the jar: they would quadruple what sharpeye.jar carries for the console.
  sourcemap: false,
  legalComments: 'linked',
  outdir,
  logLevel: 'warning',
});
console.log(`web-console: bundled into ${path.relative(root, outdir)}`);
