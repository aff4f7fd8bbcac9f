/**
 * Records an animated SVG to a short WebM clip at ingest (the demo video pins): the
 * animation is paused in a headless Chromium and stepped frame by frame (SMIL through
 * SVGSVGElement.setCurrentTime, CSS and Web Animations through their currentTime), each frame
 * taken as a PNG screenshot and piped into ffmpeg (VP9, one thread). Stepping rather than
 * filming in real time makes a clip depend only on the SVG and the settings: no dropped frames on
 * a busy machine, the same clip on every run.
 *
 * A screenshot costs about the same for one 320 px icon as for four (the frame's overhead, not
 * its pixels, dominates), so up to RECORD_BATCH clips with the same settings are recorded
 * together, each in its own iframe of one page, and ffmpeg crops each cell into its own clip:
 * about 2.4 times the throughput of one clip a page.
 *
 * Clips are content-addressed: `<data>/cache/clips/<sha256 of recorder version, settings, SVG>.webm`.
 * An unchanged icon is never recorded twice, and a build that finds every clip there never
 * starts a browser. The clip then goes through ingest/video.ts like any manifest clip (ffprobe,
 * the poster frame, the content-addressed media folder).
 *
 * Needs a Chromium (INSPO_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own) and
 * ffmpeg; without them the clip is skipped with the reason and what to install.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Skip } from './types';

/** Bump when the page, the stepping or the encoding changes: every clip is then recorded again. */
export const RECORDER_VERSION = 'clip-v1';

export interface ClipSettings {
  /** Square frame, CSS pixels = video pixels (device scale 1). */
  size: number;
  fps: number;
  seconds: number;
}

/** 320 px: sharp on a 236 px card at 1x and in the closeup; 24 fps is smooth for these motions. */
export const CLIP_SIZE = 320;
export const CLIP_FPS = 24;
/** A clip is one loop of the animation when that loop is this long; otherwise MAX_CLIP_SECONDS. */
export const MIN_CLIP_SECONDS = 2;
export const MAX_CLIP_SECONDS = 6;
/**
 * A duration divides a loop when a whole number of it ends within one frame of the loop: authors
 * round thirds and twelfths (".67s" is 2/3 s, ".42s" 5/12 s), and a jump under a frame is not seen.
 */
const LOOP_TOLERANCE_S = 1 / CLIP_FPS;
/** One clip's recording and encoding; a stuck page or encoder skips the clip. */
const RECORD_TIMEOUT_MS = 120_000;

export const clipCacheDir = (dataDir: string): string => path.join(dataDir, 'cache', 'clips');

/**
 * The clip's length: the shortest time in [min, max] after which every animation in the SVG is
 * back where it started (a whole number of each `dur`), so the clip loops without a jump; `max`
 * when there is none (or no `dur` at all).
 */
export function loopSeconds(
  svg: string,
  { min = MIN_CLIP_SECONDS, max = MAX_CLIP_SECONDS }: { min?: number; max?: number } = {},
): number {
  const durations = [...svg.matchAll(/\bdur\s*=\s*["']\s*([\d.]+)\s*(ms|s)?\s*["']/gu)]
    .map((m) => Number(m[1]) / (m[2] === 'ms' ? 1000 : 1))
    .filter((d) => Number.isFinite(d) && d > 0);
  if (durations.length === 0) return max;
  const longest = Math.max(...durations);
  for (let k = 1; k * longest <= max + 1e-9; k++) {
    const loop = k * longest;
    if (loop + 1e-9 < min) continue;
    const fits = durations.every(
      (d) => Math.abs(loop - Math.max(1, Math.round(loop / d)) * d) <= LOOP_TOLERANCE_S,
    );
    if (fits) return Math.round(loop * 1000) / 1000;
  }
  return max;
}

/** The cache key of a clip: what it depends on, and nothing else. */
export function clipKey(svg: string, settings: ClipSettings): string {
  return createHash('sha256')
    .update(JSON.stringify({ recorder: RECORDER_VERSION, ...settings }))
    .update('\0')
    .update(svg)
    .digest('hex');
}

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The Chromium to record with, or null: INSPO_CHROMIUM, Debian's, then Playwright's own. */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.INSPO_CHROMIUM) return existsSync(env.INSPO_CHROMIUM) ? env.INSPO_CHROMIUM : null;
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    return own && existsSync(own) ? own : null;
  } catch {
    return null;
  }
}

/** The same lookup without loading Playwright: whether a source that records clips can be a default. */
export function hasSystemChromium(env: NodeJS.ProcessEnv = process.env): boolean {
  return existsSync(env.INSPO_CHROMIUM ?? SYSTEM_CHROMIUM);
}

const CHROMIUM_MISSING: Skip = {
  skip: 'recording failed',
  detail:
    'recording an animation needs a Chromium: apt-get install chromium (or set INSPO_CHROMIUM to one)',
};
const FFMPEG_MISSING: Skip = {
  skip: 'ffmpeg missing',
  detail: "recording an animation needs Debian's ffmpeg: apt-get install ffmpeg",
};

/** The page a frame is taken of: the SVG alone, at the clip's size, on white (cards are on white). */
function pageHtml(svg: string, size: number): string {
  const sized = svg.replace(/^<svg\b/u, `<svg width="${size}" height="${size}"`);
  return `<!doctype html><html><head><style>html,body{margin:0;background:#fff;overflow:hidden}svg{display:block}</style></head><body>${sized}</body></html>`;
}

export interface AnimationRecorder {
  /**
   * The clip of this SVG at `target` (a cache path from clipKey): recorded when it is not there
   * yet ('render'), else left as it is ('cache').
   */
  ensure(
    svg: string,
    settings: ClipSettings,
    target: string,
  ): Promise<{ via: 'render' | 'cache' } | Skip>;
  /** Closes the browser, if one was started. */
  close(): Promise<void>;
}

/** Clips recorded together: each in its own frame of one page, one screenshot a frame for all. */
export const RECORD_BATCH = 4;
/** Pages recording at once, each with its encoder. */
export const RECORD_PAGES = 2;
/** How many clips a build should ask for at once to keep every page's batch full. */
export const RECORD_CONCURRENCY = RECORD_BATCH * RECORD_PAGES;
/** How long a request waits for others to share its page. */
const BATCH_WINDOW_MS = 50;

interface Job {
  svg: string;
  settings: ClipSettings;
  target: string;
  resolve: (result: { via: 'render' } | Skip) => void;
}

const settingsKey = ({ size, fps, seconds }: ClipSettings): string => `${size}/${fps}/${seconds}`;

const escapeAttribute = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;');

/**
 * The page of a batch: each SVG alone in its own document (an iframe: ids like "a" and "b" in
 * one icon's gradients must not resolve to another's), on a grid of size × size cells.
 */
function batchHtml(svgs: readonly string[], size: number, cols: number): string {
  const frames = svgs
    .map((svg) => `<iframe srcdoc="${escapeAttribute(pageHtml(svg, size))}"></iframe>`)
    .join('');
  return `<!doctype html><html><head><style>html,body{margin:0;background:#fff;overflow:hidden}body{display:grid;grid-template-columns:repeat(${cols},${size}px)}iframe{display:block;border:0;width:${size}px;height:${size}px}</style></head><body>${frames}</body></html>`;
}

/** ffmpeg's arguments: PNG frames of the grid in, one cropped VP9 WebM per cell out. */
function encoderArgs(settings: ClipSettings, cols: number, outputs: readonly string[]): string[] {
  const { size, fps } = settings;
  const n = outputs.length;
  const crops = outputs.map(
    (_, k) =>
      `[s${k}]crop=${size}:${size}:${(k % cols) * size}:${Math.floor(k / cols) * size}[o${k}]`,
  );
  const split = `[0:v]split=${n}${outputs.map((_, k) => `[s${k}]`).join('')}`;
  return [
    ...[
      '-v',
      'error',
      '-y',
      '-f',
      'image2pipe',
      '-framerate',
      String(fps),
      '-c:v',
      'png',
      '-i',
      '-',
    ],
    '-filter_complex',
    [split, ...crops].join(';'),
    ...outputs.flatMap((file, k) => [
      '-map',
      `[o${k}]`,
      // VP9 in WebM plays in every browser; one thread keeps the output byte-identical run to run.
      ...['-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-crf', '36', '-b:v', '0'],
      ...['-deadline', 'good', '-cpu-used', '4', '-row-mt', '0', '-threads', '1', '-an'],
      // Bit-exact muxing: no random segment/track UIDs, no encoder version string.
      ...['-fflags', '+bitexact', '-f', 'webm', file],
    ]),
  ];
}

export function createAnimationRecorder({
  env = process.env,
  ffmpeg = env.INSPO_FFMPEG ?? 'ffmpeg',
}: { env?: NodeJS.ProcessEnv; ffmpeg?: string } = {}): AnimationRecorder {
  let browser: Promise<Browser | Skip> | null = null;
  const launch = async (): Promise<Browser | Skip> => {
    const executablePath = await findChromium(env);
    if (!executablePath) return CHROMIUM_MISSING;
    const { chromium } = await import('playwright-core');
    try {
      return await chromium.launch({
        executablePath,
        // Root in a container (CI) cannot start Chromium's sandbox; the page is our own SVG.
        args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
      });
    } catch (error) {
      return {
        skip: 'recording failed',
        detail: `Chromium did not start (${executablePath}): ${(error as Error).message.split('\n')[0]}`,
      };
    }
  };

  /** Records a batch (same settings) into `tmps`, one per job; null when every clip is written. */
  async function record(
    b: Browser,
    jobs: readonly Job[],
    tmps: readonly string[],
  ): Promise<Skip | null> {
    const settings = jobs[0]!.settings;
    const { size, fps, seconds } = settings;
    const frames = Math.max(1, Math.round(seconds * fps));
    const cols = Math.ceil(Math.sqrt(jobs.length));
    const rows = Math.ceil(jobs.length / cols);
    const page = await b.newPage({
      viewport: { width: cols * size, height: rows * size },
      deviceScaleFactor: 1,
    });
    const encoder = spawn(ffmpeg, encoderArgs(settings, cols, tmps), {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    encoder.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    const exited = new Promise<number | Skip>((resolve) => {
      encoder.on('error', (error: NodeJS.ErrnoException) =>
        resolve(
          error.code === 'ENOENT'
            ? FFMPEG_MISSING
            : { skip: 'recording failed', detail: error.message },
        ),
      );
      encoder.on('close', (code) => resolve(code ?? 1));
    });
    // A write after ffmpeg died would throw EPIPE: the exit code says what happened instead.
    encoder.stdin.on('error', () => {});
    try {
      const cdp = await page.context().newCDPSession(page);
      await page.setContent(
        batchHtml(
          jobs.map((j) => j.svg),
          size,
          cols,
        ),
      );
      await page.waitForFunction(
        (n) =>
          [...document.querySelectorAll('iframe')].filter(
            (f) =>
              f.contentDocument?.readyState === 'complete' &&
              f.contentDocument.querySelector('svg'),
          ).length === n,
        jobs.length,
      );
      await page.evaluate(() => {
        for (const frame of document.querySelectorAll('iframe')) {
          const doc = frame.contentDocument!;
          for (const root of doc.querySelectorAll('svg')) root.pauseAnimations();
          for (const animation of doc.getAnimations()) animation.pause();
        }
      });
      for (let i = 0; i < frames; i++) {
        await page.evaluate(
          (ms) => {
            for (const frame of document.querySelectorAll('iframe')) {
              const doc = frame.contentDocument!;
              for (const root of doc.querySelectorAll('svg')) root.setCurrentTime(ms / 1000);
              for (const animation of doc.getAnimations()) animation.currentTime = ms;
            }
          },
          (i * 1000) / fps,
        );
        const shot = (await cdp.send('Page.captureScreenshot', { format: 'png' })) as {
          data: string;
        };
        if (!encoder.stdin.write(Buffer.from(shot.data, 'base64'))) {
          const drained = await Promise.race([
            new Promise<true>((resolve) => encoder.stdin.once('drain', () => resolve(true))),
            exited.then(() => false),
          ]);
          if (!drained) break;
        }
      }
      encoder.stdin.end();
      const code = await exited;
      if (typeof code !== 'number') return code;
      if (code !== 0)
        return {
          skip: 'recording failed',
          detail: `ffmpeg exited ${code}: ${stderr.trim().split('\n')[0] ?? ''}`,
        };
      return null;
    } finally {
      if (encoder.exitCode === null) encoder.kill('SIGKILL');
      await page.close().catch(() => {});
    }
  }

  async function runBatch(jobs: readonly Job[]): Promise<void> {
    const finish = (result: { via: 'render' } | Skip) => jobs.forEach((j) => j.resolve(result));
    browser ??= launch();
    const b = await browser;
    if ('skip' in b) return finish(b);
    // Encoded under temporary names and renamed: a clip in the cache is always a whole one.
    const tmps = jobs.map(
      (j) => `${j.target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      for (const job of jobs) await fs.mkdir(path.dirname(job.target), { recursive: true });
      const outcome = await Promise.race([
        record(b, jobs, tmps),
        new Promise<Skip>((resolve) => {
          timer = setTimeout(
            () =>
              resolve({ skip: 'recording failed', detail: `over ${RECORD_TIMEOUT_MS / 1000} s` }),
            RECORD_TIMEOUT_MS,
          );
        }),
      ]);
      if (outcome) return finish(outcome);
      for (const [k, job] of jobs.entries()) await fs.rename(tmps[k]!, job.target);
      finish({ via: 'render' });
    } catch (error) {
      finish({
        skip: 'recording failed',
        detail: (error as Error).message.split('\n')[0] ?? 'unknown error',
      });
    } finally {
      clearTimeout(timer);
      for (const tmp of tmps) await fs.rm(tmp, { force: true });
    }
  }

  // Requests wait a moment for others with the same settings, then share a page.
  const queue: Job[] = [];
  let active = 0;
  let flushTimer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (flushTimer || queue.length === 0) return;
    flushTimer = setTimeout(flush, BATCH_WINDOW_MS);
  };
  function flush(): void {
    flushTimer = null;
    while (active < RECORD_PAGES && queue.length > 0) {
      const key = settingsKey(queue[0]!.settings);
      const batch: Job[] = [];
      for (let i = 0; i < queue.length && batch.length < RECORD_BATCH;) {
        if (settingsKey(queue[i]!.settings) === key) batch.push(...queue.splice(i, 1));
        else i++;
      }
      active++;
      void runBatch(batch).finally(() => {
        active--;
        schedule();
      });
    }
  }

  return {
    async ensure(svg, settings, target) {
      if (
        await fs.stat(target).then(
          (s) => s.isFile() && s.size > 0,
          () => false,
        )
      )
        return { via: 'cache' };
      return new Promise((resolve) => {
        queue.push({ svg, settings, target, resolve });
        schedule();
      });
    },
    async close() {
      const b = await browser;
      browser = null;
      if (b && !('skip' in b)) await b.close().catch(() => {});
    },
  };
}
