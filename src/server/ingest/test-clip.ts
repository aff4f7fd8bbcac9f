/**
 * Test support: a small clip for video pins, made with Debian's ffmpeg (its `testsrc` pattern:
 * colour bars and a counter, 3 s, 320×240, VP9 WebM, no audio, ~15 KB). Made by the tests
 * themselves, so there is no licence question and nothing binary in the repository.
 */
import { execFileSync } from 'node:child_process';

export const CLIP = { width: 320, height: 240, seconds: 3 } as const;

/** Writes the clip with ffmpeg (testsrc), once per folder. */
export function makeTestClip(file: string): void {
  execFileSync(
    process.env.INSPO_FFMPEG ?? 'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=${CLIP.width}x${CLIP.height}:rate=15:duration=${CLIP.seconds}`,
      '-c:v',
      'libvpx-vp9',
      '-b:v',
      '150k',
      '-deadline',
      'realtime',
      '-pix_fmt',
      'yuv420p',
      file,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
}
