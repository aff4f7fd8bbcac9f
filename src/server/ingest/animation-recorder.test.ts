/**
 * Recording animated SVGs to WebM with the real headless Chromium and ffmpeg: tiny SVGs whose
 * colour changes at a known time, so a frame's colour says whether the animation was stepped to
 * that frame's time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo } from './video';
import {
  clipKey,
  createAnimationRecorder,
  loopSeconds,
  type AnimationRecorder,
} from './animation-recorder';

describe('loopSeconds', () => {
  const svg = (...durs: string[]) =>
    durs.map((d) => `<animate dur="${d}" repeatCount="indefinite"/>`).join('');

  it('is one loop of every animation, at least 2 s, at most 6 s', () => {
    expect(loopSeconds(svg('6s'))).toBe(6);
    expect(loopSeconds(svg('3s'))).toBe(3);
    expect(loopSeconds(svg('1s', '3s'))).toBe(3);
    // 0.7 s rain drops: three loops make 2.1 s.
    expect(loopSeconds(svg('0.7s'))).toBe(2.1);
    // ".67s" is two thirds of a second: 6 s is nine loops of it, within rounding.
    expect(loopSeconds(svg('.67s', '6s'))).toBe(6);
    expect(loopSeconds(svg('500ms', '2s'))).toBe(2);
    // ".42s" is 5/12 s rounded: nine of them end within a frame of 3.75 s (five of .75 s).
    expect(loopSeconds(svg('.42s', '.75s'))).toBe(3.75);
  });

  it('falls back to 6 s when no loop fits (or there is no duration)', () => {
    expect(loopSeconds(svg('1.33s', '6s'))).toBe(6);
    // 1.2 s and 0.5 s: their first common loop, 6 s, is the longest clip; 0.7 s and 0.9 s have none.
    expect(loopSeconds(svg('1.2s', '0.5s'))).toBe(6);
    expect(loopSeconds(svg('0.7s', '0.9s'))).toBe(6);
    expect(loopSeconds('<svg/>')).toBe(6);
  });
});

describe('clipKey', () => {
  it('changes with the SVG and with every setting', () => {
    const settings = { size: 64, fps: 4, seconds: 1 };
    const key = clipKey('<svg/>', settings);
    expect(key).toMatch(/^[0-9a-f]{64}$/u);
    expect(clipKey('<svg/>', settings)).toBe(key);
    expect(clipKey('<svg />', settings)).not.toBe(key);
    expect(clipKey('<svg/>', { ...settings, fps: 5 })).not.toBe(key);
    expect(clipKey('<svg/>', { ...settings, seconds: 2 })).not.toBe(key);
    expect(clipKey('<svg/>', { ...settings, size: 65 })).not.toBe(key);
  });
});

/** Red until 0.5 s, then blue: by SMIL (<set>) or by a CSS animation. */
const SMIL = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"><set attributeName="fill" to="blue" begin="0.5s" dur="10s"/></rect></svg>`;
const CSS = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>@keyframes k{0%,49.9%{fill:red}50%,100%{fill:blue}}rect{animation:k 1s linear infinite}</style><rect width="10" height="10"/></svg>`;
const SETTINGS = { size: 64, fps: 4, seconds: 1 };

/** Each frame's mean colour, decoded from the clip with ffmpeg: 'red', 'blue' or 'other'. */
function frameColours(file: string): string[] {
  const raw = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-i',
    file,
    '-vf',
    'scale=1:1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  ]);
  const out: string[] = [];
  for (let i = 0; i + 2 < raw.length; i += 3) {
    const [r, g, b] = [raw[i]!, raw[i + 1]!, raw[i + 2]!];
    out.push(r > 180 && b < 80 && g < 80 ? 'red' : b > 180 && r < 80 && g < 80 ? 'blue' : 'other');
  }
  return out;
}

describe('createAnimationRecorder (real Chromium and ffmpeg)', () => {
  let tmp: string;
  let recorder: AnimationRecorder;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-record-'));
    recorder = createAnimationRecorder();
  });
  afterAll(async () => {
    await recorder.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('steps SMIL and CSS animations frame by frame into a VP9 WebM of the asked length', async () => {
    for (const [name, svg] of [
      ['smil', SMIL],
      ['css', CSS],
    ] as const) {
      const file = path.join(tmp, `${name}.webm`);
      expect(await recorder.ensure(svg, SETTINGS, file)).toEqual({ via: 'render' });
      // Frames at 0, 0.25, 0.5, 0.75 s: the change at 0.5 s lands on the third frame exactly.
      expect(frameColours(file)).toEqual(['red', 'red', 'blue', 'blue']);
      expect(await probeVideo(file)).toEqual({
        mimeType: 'video/webm',
        codec: 'vp9',
        width: 64,
        height: 64,
        durationMs: 1000,
      });
    }
  });

  it('is deterministic: the same SVG and settings give the same bytes', async () => {
    const again = path.join(tmp, 'again', 'smil.webm');
    expect(await recorder.ensure(SMIL, SETTINGS, again)).toEqual({ via: 'render' });
    expect(fs.readFileSync(again).equals(fs.readFileSync(path.join(tmp, 'smil.webm')))).toBe(true);
  });

  it('records clips asked for at once together (one page, one screenshot a frame), each as if alone', async () => {
    const batch = path.join(tmp, 'batch');
    // The CSS clip first: the SMIL one lands in another cell of the page than when it was alone.
    const results = await Promise.all([
      recorder.ensure(CSS, SETTINGS, path.join(batch, 'css.webm')),
      recorder.ensure(SMIL, SETTINGS, path.join(batch, 'smil.webm')),
      recorder.ensure(SMIL.replace('blue', 'lime'), SETTINGS, path.join(batch, 'lime.webm')),
    ]);
    expect(results).toEqual([{ via: 'render' }, { via: 'render' }, { via: 'render' }]);
    expect(frameColours(path.join(batch, 'css.webm'))).toEqual(['red', 'red', 'blue', 'blue']);
    expect(frameColours(path.join(batch, 'lime.webm'))).toEqual(['red', 'red', 'other', 'other']);
    expect(
      fs
        .readFileSync(path.join(batch, 'smil.webm'))
        .equals(fs.readFileSync(path.join(tmp, 'smil.webm'))),
    ).toBe(true);
  });

  it('never records a clip that is already there', async () => {
    const file = path.join(tmp, 'smil.webm');
    const before = fs.statSync(file).mtimeMs;
    expect(await recorder.ensure(SMIL, SETTINGS, file)).toEqual({ via: 'cache' });
    expect(fs.statSync(file).mtimeMs).toBe(before);
  });

  it('says what to install when there is no Chromium, and leaves no file', async () => {
    const missing = createAnimationRecorder({
      env: { INSPO_CHROMIUM: path.join(tmp, 'no-chromium') },
    });
    const file = path.join(tmp, 'none.webm');
    expect(await missing.ensure(SMIL, SETTINGS, file)).toEqual({
      skip: 'recording failed',
      detail:
        'recording an animation needs a Chromium: apt-get install chromium (or set INSPO_CHROMIUM to one)',
    });
    await missing.close();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('says what to install when there is no ffmpeg', async () => {
    const noFfmpeg = createAnimationRecorder({ ffmpeg: path.join(tmp, 'no-ffmpeg') });
    const file = path.join(tmp, 'none.webm');
    expect(await noFfmpeg.ensure(SMIL, SETTINGS, file)).toEqual({
      skip: 'ffmpeg missing',
      detail: "recording an animation needs Debian's ffmpeg: apt-get install ffmpeg",
    });
    await noFfmpeg.close();
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('none.webm'))).toEqual([]);
  });
});
