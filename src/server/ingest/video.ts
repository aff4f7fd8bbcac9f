/**
 * A video pin's clip at ingest (manifest `video`): checked with Debian's ffprobe (a
 * container and codec browsers play, its real duration and size, what the manifest says about
 * them), a poster frame taken with ffmpeg (it goes through the thumbnail store like any image:
 * the card shows it when the pin has no image of its own), and the clip and its WebVTT captions
 * copied into the content-addressed media folder the server serves with Range requests.
 *
 * ffmpeg is a system package (`apt-get install ffmpeg`, .ci/run installs it); without it a video
 * pin is skipped with that reason and every other pin still loads.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Video } from '@/contract/api';
import { mediaDir } from '@/server/engine/pin-media';
import type { Skip, VideoInput } from './types';

/** The binaries; INSPO_FFMPEG / INSPO_FFPROBE point elsewhere (tests point them nowhere). */
const ffmpegBinary = () => process.env.INSPO_FFMPEG ?? 'ffmpeg';
const ffprobeBinary = () => process.env.INSPO_FFPROBE ?? 'ffprobe';

/** A clip is copied whole into the index's media folder: pins are short clips, not films. */
export const MAX_VIDEO_BYTES = 50 * 1024 * 1024;
export const MAX_CAPTIONS_BYTES = 1024 * 1024;
/** One ffprobe or ffmpeg call; a clip that takes longer is skipped as invalid. */
const TOOL_TIMEOUT_MS = 30_000;
/** A manifest's `duration` may differ from the file's by this much (rounding, container vs stream). */
export const DURATION_TOLERANCE_S = 0.5;

/** Codecs Chromium, Firefox and Safari play in each container (H.265 is left out: not everywhere). */
const PLAYABLE: Record<Video['mimeType'], readonly string[]> = {
  'video/webm': ['vp8', 'vp9', 'av1'],
  'video/mp4': ['h264', 'av1', 'vp9'],
};
const MIME_BY_EXTENSION: Record<string, Video['mimeType']> = {
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};
/** ffprobe's format_name lists every name of the demuxer ("matroska,webm", "mov,mp4,m4a,…"). */
const FORMAT_NAME: Record<Video['mimeType'], string> = { 'video/webm': 'webm', 'video/mp4': 'mp4' };

const MISSING_FFMPEG: Skip = {
  skip: 'ffmpeg missing',
  detail: "video pins need Debian's ffmpeg (ffprobe and ffmpeg): apt-get install ffmpeg",
};

const invalid = (detail: string): Skip => ({ skip: 'invalid video', detail });

function run(binary: string, args: string[]): Promise<{ stdout: Buffer } | Skip> {
  return new Promise((resolve) => {
    execFile(
      binary,
      args,
      { encoding: 'buffer', timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout });
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return resolve(MISSING_FFMPEG);
        const message = stderr.toString('utf8').trim().split('\n')[0] || error.message;
        resolve(invalid(error.killed ? `${path.basename(binary)} timed out` : message));
      },
    );
  });
}

export interface ProbedVideo {
  mimeType: Video['mimeType'];
  codec: string;
  width: number;
  height: number;
  durationMs: number;
}

interface FfprobeOutput {
  streams?: { codec_type?: string; codec_name?: string; width?: number; height?: number }[];
  format?: { format_name?: string; duration?: string };
}

/** What the clip is, or why it cannot be a pin's clip. */
export async function probeVideo(file: string): Promise<ProbedVideo | Skip> {
  const mimeType = MIME_BY_EXTENSION[path.extname(file).toLowerCase()];
  if (!mimeType) return invalid(`${path.basename(file)}: not a .webm or .mp4 file`);
  const result = await run(ffprobeBinary(), [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_entries',
    'format=format_name,duration:stream=codec_type,codec_name,width,height',
    file,
  ]);
  if ('skip' in result) return result;
  let probe: FfprobeOutput;
  try {
    probe = JSON.parse(result.stdout.toString('utf8')) as FfprobeOutput;
  } catch {
    return invalid(`${path.basename(file)}: ffprobe gave no readable answer`);
  }
  const formats = (probe.format?.format_name ?? '').split(',');
  if (!formats.includes(FORMAT_NAME[mimeType])) {
    return invalid(
      `${path.basename(file)}: the file is ${probe.format?.format_name ?? 'not a video'}, not ${FORMAT_NAME[mimeType]}`,
    );
  }
  const stream = probe.streams?.find((s) => s.codec_type === 'video');
  if (!stream?.width || !stream.height) return invalid(`${path.basename(file)}: no video stream`);
  const codec = stream.codec_name ?? 'unknown';
  if (!PLAYABLE[mimeType].includes(codec)) {
    return invalid(
      `${path.basename(file)}: ${codec} in ${FORMAT_NAME[mimeType]} does not play in every browser (use ${PLAYABLE[mimeType].join(', ')})`,
    );
  }
  const seconds = Number(probe.format?.duration);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return invalid(`${path.basename(file)}: the clip has no duration`);
  }
  return {
    mimeType,
    codec,
    width: stream.width,
    height: stream.height,
    durationMs: Math.round(seconds * 1000),
  };
}

/** Where the manifest and the file disagree (null: they agree, or the manifest says nothing). */
export function expectationMismatch(
  probed: ProbedVideo,
  expect: VideoInput['expect'],
): string | null {
  const seconds = probed.durationMs / 1000;
  if (expect.duration !== undefined && Math.abs(expect.duration - seconds) > DURATION_TOLERANCE_S) {
    return `video.duration: the manifest says ${expect.duration} s, the clip is ${seconds} s`;
  }
  for (const side of ['width', 'height'] as const) {
    const said = expect[side];
    if (said !== undefined && said !== probed[side]) {
      return `video.${side}: the manifest says ${said} px, the clip is ${probed[side]} px`;
    }
  }
  return null;
}

/** The poster frame's time when the manifest gives none: early, but past a fade-in's black. */
export const defaultPosterAt = (durationMs: number): number => Math.min(1, durationMs / 10_000);

/** One frame of the clip as PNG bytes. */
export async function posterFrame(file: string, atSeconds: number): Promise<Buffer | Skip> {
  const result = await run(ffmpegBinary(), [
    '-v',
    'error',
    '-ss',
    String(atSeconds),
    '-i',
    file,
    '-frames:v',
    '1',
    '-f',
    'image2pipe',
    '-c:v',
    'png',
    '-',
  ]);
  if ('skip' in result) return result;
  if (result.stdout.length === 0)
    return invalid(`${path.basename(file)}: no frame at ${atSeconds} s`);
  return result.stdout;
}

/** The WebVTT signature (after an optional BOM), then a space, tab or line end. */
const WEBVTT_SIGNATURE = /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/u;

/** Writes bytes into the media folder under their content hash (once); returns the file name. */
export async function storeMediaFile(
  dataDir: string,
  bytes: Uint8Array,
  extension: 'webm' | 'mp4' | 'vtt',
): Promise<string> {
  const name = `${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
  const dir = mediaDir(dataDir);
  const target = path.join(dir, name);
  const exists = await fs.stat(target).then(
    (s) => s.size === bytes.length,
    () => false,
  );
  if (!exists) {
    await fs.mkdir(dir, { recursive: true });
    // Written under a temporary name and renamed: a reader never sees half a clip.
    const tmp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, target);
  }
  return name;
}

export interface IngestedVideo {
  /** Everything StoredVideo holds but the poster's thumbnail hash (the thumbnail store gives it). */
  video: {
    file: string;
    mimeType: Video['mimeType'];
    durationMs: number;
    width: number;
    height: number;
    captions?: { file: string; lang: string };
  };
  posterPng: Buffer;
}

async function readCapped(file: string, cap: number, what: string): Promise<Buffer | Skip> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return { skip: 'missing file', detail: `${what}: ${file}` };
  if (stat.size > cap)
    return { skip: 'file too large', detail: `${what}: ${stat.size} bytes (cap ${cap})` };
  return fs.readFile(file);
}

/** Checks a clip (and its captions), takes its poster frame and stores its files. */
export async function ingestVideo(
  input: VideoInput,
  dataDir: string,
): Promise<IngestedVideo | Skip> {
  const bytes = await readCapped(input.file, MAX_VIDEO_BYTES, 'video.file');
  if ('skip' in bytes) return bytes;
  const probed = await probeVideo(input.file);
  if ('skip' in probed) return probed;
  const mismatch = expectationMismatch(probed, input.expect);
  if (mismatch) return invalid(mismatch);
  const at = input.posterAt ?? defaultPosterAt(probed.durationMs);
  if (at * 1000 >= probed.durationMs) {
    return invalid(
      `video.posterAt: ${at} s is past the clip's end (${probed.durationMs / 1000} s)`,
    );
  }
  let captions: IngestedVideo['video']['captions'];
  if (input.captions) {
    const vtt = await readCapped(input.captions.file, MAX_CAPTIONS_BYTES, 'video.captions');
    if ('skip' in vtt) return vtt;
    if (!WEBVTT_SIGNATURE.test(vtt.subarray(0, 16).toString('utf8'))) {
      return invalid(
        `video.captions: ${path.basename(input.captions.file)} is not WebVTT (it must start with "WEBVTT")`,
      );
    }
    captions = { file: await storeMediaFile(dataDir, vtt, 'vtt'), lang: input.captions.lang };
  }
  const posterPng = await posterFrame(input.file, at);
  if ('skip' in posterPng) return posterPng;
  const file = await storeMediaFile(
    dataDir,
    bytes,
    probed.mimeType === 'video/webm' ? 'webm' : 'mp4',
  );
  return {
    video: {
      file,
      mimeType: probed.mimeType,
      durationMs: probed.durationMs,
      width: probed.width,
      height: probed.height,
      ...(captions ? { captions } : {}),
    },
    posterPng,
  };
}
