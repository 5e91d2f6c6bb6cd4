// Builds one self-contained ESM bundle per action entry (and the CLI) into dist/.
// The bundles are committed because the runner executes them as they are; CI rebuilds and diffs them.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const entries = {
  'start/index': 'start/main.ts',
  'start/post': 'start/post.ts',
  'stop/index': 'stop/main.ts',
  'analyze/index': 'analyze/main.ts',
  'cli/index': 'src/cli/main.ts',
};

// An entry is bundled once its source exists, so the build works while the suite grows.
const present = Object.fromEntries(Object.entries(entries).filter(([, source]) => existsSync(source)));

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: present,
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outExtension: { '.js': '.js' },
  // CommonJS dependencies (dockerode, ssh2) call require() for Node built-ins and read __dirname; give
  // the ESM bundle the CommonJS globals they expect.
  banner: {
    js: [
      "import { createRequire as __falcoCreateRequire } from 'node:module';",
      "import { fileURLToPath as __falcoFileURLToPath } from 'node:url';",
      "import { dirname as __falcoDirname } from 'node:path';",
      'const require = __falcoCreateRequire(import.meta.url);',
      'const __filename = __falcoFileURLToPath(import.meta.url);',
      'const __dirname = __falcoDirname(__filename);',
    ].join(' '),
  },
  // ssh2 loads these optional native parts inside try/catch and works without them.
  external: ['cpu-features', '*.node'],
  legalComments: 'none',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  splitting: false,
});
