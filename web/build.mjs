// Builds the dashboard: copies web/src and uPlot's distribution files (from
// node_modules, installed by `npm ci`) into one folder that `parley serve`
// serves. No bundler: the pages are plain ES modules.
//   node web/build.mjs OUT_DIR        (npm run build:web writes build/share/parley/web)
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const out = resolve(process.argv[2] ?? join(root, 'build', 'share', 'parley', 'web'));
const uplot = join(root, 'node_modules', 'uplot', 'dist');

if (!existsSync(join(uplot, 'uPlot.esm.js'))) {
  console.error(`web build: ${uplot} is missing: run 'npm ci' first`);
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
cpSync(join(here, 'src'), out, { recursive: true });
cpSync(join(uplot, 'uPlot.esm.js'), join(out, 'vendor', 'uPlot.esm.js'));
cpSync(join(uplot, 'uPlot.min.css'), join(out, 'vendor', 'uPlot.min.css'));
cpSync(join(root, 'node_modules', 'uplot', 'LICENSE'), join(out, 'vendor', 'uPlot.LICENSE'));
console.log(`web build: dashboard in ${out}`);
