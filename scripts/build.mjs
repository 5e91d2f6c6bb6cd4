// Builds one self-contained ESM bundle per action entry (and the CLI) into dist/.
// The bundles are committed because the runner executes them as they are; CI rebuilds and diffs them.
import { build } from 'esbuild';
import { chmod, rm } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { parseArgs } from 'node:util';

// --outdir: where the bundles go (default dist/, the committed ones; the benchmark builds elsewhere).
const { values: options } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = options.outdir;

const actionEntries = {
  'start/index': 'start/main.ts',
  'start/post': 'start/post.ts',
  'stop/index': 'stop/main.ts',
  'analyze/index': 'analyze/main.ts',
};

// An entry is bundled once its source exists, so the build works while the suite grows.
const present = Object.fromEntries(Object.entries(actionEntries).filter(([, source]) => existsSync(source)));

// Node's built-ins are loaded with require() (the banner's) and read one export at a time, not with
// import: for an ESM import of a built-in Node builds a facade that reads every export, and the lazy
// ones load their modules on the spot (node:fs's `promises` pulls in streams, readline and
// worker_threads; node:util's TextDecoder, worker_threads again): milliseconds of every start-up for
// nothing. Each export is its own pure statement, so the bundle keeps only those it uses. require()
// calls in CommonJS dependencies already stay require() calls.
const requireAtBuildTime = createRequire(import.meta.url);
const builtinName = new RegExp(`^(node:)?(${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) =>
      (args.kind === 'import-statement' || args.kind === 'dynamic-import') && builtinName.test(args.path) ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const names = Object.keys(requireAtBuildTime(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      const lines = [`const builtin = require(${JSON.stringify(args.path)});`, 'export default builtin;'];
      for (const name of names) lines.push(`export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`);
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

const common = {
  plugins: [builtinsThroughRequire],
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
  // Paths in the bundles stay as the checkout names them, so a build in a copy whose node_modules is a
  // link (the e2e tests' scratch copy, a git worktree) makes the same bytes.
  preserveSymlinks: true,
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
};

await rm(outdir, { recursive: true, force: true });
// Actions: one entry file each, as the runner runs them, sharing their code through chunks (esbuild's
// ESM code splitting): start, its post step and stop are mostly the same library, and a module an entry
// loads with import() once it needs it (Docker, the GitHub client) becomes a chunk that is read only
// then. Minified: the runner parses every byte of what an action loads at each of its starts; names are
// kept, so error names and stack traces stay readable.
await build({
  ...common,
  entryPoints: present,
  outdir,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  keepNames: true,
});
// The CLI: a small dispatcher, and every module it loads lazily (`import('./x.ts')` in src/cli/) a
// self-contained bundle of its own, so that a command parses and compiles its own code only (a plain
// `inventory` neither the condition language nor zod's classic build). Not esbuild's code splitting:
// its shared chunks keep whatever any command uses (zod's locale tables among them) and every command
// would load them. Across these bundles errors travel as values: each bundle has its own classes.
const cliDir = 'src/cli';
const lazyCliModules = [
  ...new Set(
    readdirSync(cliDir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(`${cliDir}/${file}`, 'utf8').matchAll(/import\('\.\/([\w-]+)\.ts'\)/g)].map((match) => match[1])),
  ),
];
const lazyCliModulesStayApart = {
  name: 'lazy-cli-modules-stay-apart',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/[\w-]+\.ts$/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.includes(`/${cliDir}/`) ? { path: args.path.replace(/\.ts$/, '.js'), external: true } : undefined,
    );
  },
};
const cliOptions = { ...common, outdir: `${outdir}/cli`, splitting: false, plugins: [builtinsThroughRequire, lazyCliModulesStayApart] };
// The entry is package.json's `bin`: a shebang first (npm links it as is and `npx falco-actions` runs
// it) and executable, so it runs as a program from a checkout too. The lazily loaded modules are not
// programs and get neither.
const cliEntry = `${outdir}/cli/index.js`;
await build({ ...cliOptions, entryPoints: { index: `${cliDir}/main.ts` }, banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } });
await build({ ...cliOptions, entryPoints: Object.fromEntries(lazyCliModules.map((name) => [name, `${cliDir}/${name}.ts`])) });
await chmod(cliEntry, 0o755);
