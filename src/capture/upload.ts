// The capture artifact's upload through @actions/artifact (the runner's artifact service). Loaded only
// by stop in analyze mode.
import { DefaultArtifactClient } from '@actions/artifact';
import { UserError } from '../action/errors.ts';
import type { CaptureUploader } from './stop-step.ts';

export function artifactUploader(client: Pick<DefaultArtifactClient, 'uploadArtifact'> = new DefaultArtifactClient()): CaptureUploader {
  return {
    async upload(name, files, rootDir, retentionDays) {
      try {
        return await client.uploadArtifact(name, files, rootDir, retentionDays === undefined ? {} : { retentionDays });
      } catch (error) {
        throw new UserError(
          `The capture artifact ${JSON.stringify(name)} could not be uploaded: ${(error as Error).message.split('\n')[0]}. An artifact of that name may exist already in this run (set artifact-name per job or matrix entry).`,
        );
      }
    },
  };
}
