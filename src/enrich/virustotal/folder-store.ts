// The verdict store of the command line: VERDICT_CACHE_FILE in a folder of the user's. The file is
// validated like any input (verdictCacheFileSchema); one that is missing is an empty store, one that
// cannot be read or is not valid is a note and an empty store, and it is then replaced on save.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VERDICT_CACHE_FILE, verdictCacheFileSchema, type CachedVerdict, type VerdictCacheFile, type VerdictStore } from './cache.ts';

export function folderVerdictStore(folder: string): VerdictStore {
  const file = join(folder, VERDICT_CACHE_FILE);
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { verdicts: [] };
        return { verdicts: [], note: `The VirusTotal verdict cache ${file} could not be read (${(error as Error).message}): every indicator is asked again.` };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { verdicts: [], note: `The VirusTotal verdict cache ${file} is not JSON: it was ignored and will be replaced.` };
      }
      const parsed = verdictCacheFileSchema.safeParse(json);
      if (!parsed.success) return { verdicts: [], note: `The VirusTotal verdict cache ${file} is not a verdict file of this version: it was ignored and will be replaced.` };
      return { verdicts: parsed.data.verdicts };
    },
    async save(verdicts: readonly CachedVerdict[]) {
      const content: VerdictCacheFile = { schema: 1, verdicts: [...verdicts] };
      // Written aside and renamed: a reader never sees half a file.
      const partial = `${file}.${process.pid}.partial`;
      try {
        await mkdir(folder, { recursive: true });
        await writeFile(partial, `${JSON.stringify(content, null, 1)}\n`, 'utf8');
        await rename(partial, file);
        return {};
      } catch (error) {
        await rm(partial, { force: true }).catch(() => undefined);
        return { note: `The VirusTotal verdicts could not be saved in ${file} (${(error as Error).message}).` };
      }
    },
  };
}
