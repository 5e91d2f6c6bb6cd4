// ssh2 (a dockerode dependency) reads __dirname while it loads. In the ESM bundles no module defines it,
// so the CommonJS globals it expects are set before dockerode loads (imported first by engine.ts).
// Defining them in the bundle banner (scripts/build.mjs) would make this module unnecessary.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const bundleFile = fileURLToPath(import.meta.url);
const globals = globalThis as { __dirname?: string; __filename?: string };
globals.__filename ??= bundleFile;
globals.__dirname ??= dirname(bundleFile);
