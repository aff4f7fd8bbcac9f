/** A video pin's clip at ingest, with Debian's real ffprobe and ffmpeg (and without them). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIP, makeTestClip } from './test-clip';
import { mediaDir } from '@/server/engine/pin-media';
import { defaultPosterAt, expectationMismatch, ingestVideo, probeVideo } from './video';

let tmp: string;
let clip: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-video-'));
  clip = path.join(tmp, 'clip.webm');
  makeTestClip(clip);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.INSPO_FFPROBE;
});

describe('probeVideo', () => {
  it('reads container, codec, size and duration', async () => {
    expect(await probeVideo(clip)).toEqual({
      mimeType: 'video/webm',
      codec: 'vp9',
      width: CLIP.width,
      height: CLIP.height,
      durationMs: CLIP.seconds * 1000,
    });
  });

  it('refuses a file whose bytes are not what its name says', async () => {
    const renamed = path.join(tmp, 'clip.mp4');
    fs.copyFileSync(clip, renamed);
    expect(await probeVideo(renamed)).toEqual({
      skip: 'invalid video',
      detail: 'clip.mp4: the file is matroska,webm, not mp4',
    });
    const text = path.join(tmp, 'notes.webm');
    fs.writeFileSync(text, 'not a video at all');
    expect(await probeVideo(text)).toMatchObject({ skip: 'invalid video' });
  });

  it('says what to install when ffmpeg is missing', async () => {
    process.env.INSPO_FFPROBE = path.join(tmp, 'no-such-ffprobe');
    expect(await probeVideo(clip)).toEqual({
      skip: 'ffmpeg missing',
      detail: "video pins need Debian's ffmpeg (ffprobe and ffmpeg): apt-get install ffmpeg",
    });
  });
});

describe('expectationMismatch', () => {
  const probed = {
    mimeType: 'video/webm',
    codec: 'vp9',
    width: 320,
    height: 240,
    durationMs: 3000,
  } as const;
  it('accepts what agrees (durations within half a second) and names what does not', () => {
    expect(expectationMismatch(probed, {})).toBeNull();
    expect(expectationMismatch(probed, { duration: 3.4, width: 320, height: 240 })).toBeNull();
    expect(expectationMismatch(probed, { duration: 4 })).toBe(
      'video.duration: the manifest says 4 s, the clip is 3 s',
    );
    expect(expectationMismatch(probed, { height: 480 })).toBe(
      'video.height: the manifest says 480 px, the clip is 240 px',
    );
  });

  it('takes the poster frame early, but past a fade-in', () => {
    expect(defaultPosterAt(3000)).toBe(0.3);
    expect(defaultPosterAt(60_000)).toBe(1);
  });
});

describe('ingestVideo', () => {
  it('stores the clip and its captions under their SHA-256 and gives a PNG poster frame', async () => {
    const vtt = path.join(tmp, 'clip.vtt');
    fs.writeFileSync(vtt, '\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\nHello\n');
    const dataDir = path.join(tmp, 'data');
    const result = await ingestVideo(
      { file: clip, captions: { file: vtt, lang: 'en' }, expect: {} },
      dataDir,
    );
    if ('skip' in result) throw new Error(result.detail);
    const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(result.video).toEqual({
      file: `${sha(clip)}.webm`,
      mimeType: 'video/webm',
      durationMs: 3000,
      width: CLIP.width,
      height: CLIP.height,
      captions: { file: `${sha(vtt)}.vtt`, lang: 'en' },
    });
    expect(fs.readdirSync(mediaDir(dataDir)).sort()).toEqual(
      [result.video.file, result.video.captions!.file].sort(),
    );
    // PNG signature.
    expect(result.posterPng.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it.each([
    [
      { posterAt: 5 },
      { skip: 'invalid video', detail: "video.posterAt: 5 s is past the clip's end (3 s)" },
    ],
    [
      { captions: 'bad' as const },
      {
        skip: 'invalid video',
        detail: 'video.captions: subs.vtt is not WebVTT (it must start with "WEBVTT")',
      },
    ],
    [{ missing: true }, { skip: 'missing file', detail: expect.stringMatching(/^video\.file: /u) }],
  ])('skips %j with its reason', async (change, expected) => {
    const subs = path.join(tmp, 'subs.vtt');
    fs.writeFileSync(subs, '1\n00:00:00,000 --> 00:00:01,000\nSRT, not VTT\n');
    const result = await ingestVideo(
      {
        file: 'missing' in change ? path.join(tmp, 'gone.webm') : clip,
        ...('captions' in change ? { captions: { file: subs, lang: 'en' } } : {}),
        ...('posterAt' in change ? { posterAt: change.posterAt } : {}),
        expect: {},
      },
      path.join(tmp, 'data-skips'),
    );
    expect(result).toEqual(expected);
  });
});
