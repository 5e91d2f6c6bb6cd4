// `falco-actions --version`: the version of the package the CLI came with. dist/cli/ and src/cli/ both
// sit two levels below package.json, in the repository and in an installed package alike.
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';

const PackageJson = z.object({ name: z.string(), version: z.string() });

export async function packageVersion(): Promise<string> {
  const manifest = PackageJson.parse(JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')));
  return manifest.version;
}
