/**
 * Reads entries of a ZIP archive (Sweet Home 3D's .sh3f furniture libraries are ZIP files) with
 * Node's zlib: the central directory once, then one entry at a time with positioned reads, so a
 * 60 MB library is never held in memory for the few kilobytes of catalogue and icons we use.
 * Stored and deflated entries only, no ZIP64, no encryption: what the format's writers use for
 * archives this size; anything else is an error naming the archive and the entry.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
/** The end record is followed by a comment of at most 65,535 bytes. */
const EOCD_SEARCH = EOCD_MIN + 0xffff;
/** Above any catalogue or icon: an entry claiming more is refused rather than inflated. */
export const MAX_ENTRY_BYTES = 16 * 1024 * 1024;
/** Bit 11 of the flags: the name is UTF-8 (otherwise code page 437; Latin-1 is close enough for ASCII names). */
const UTF8_FLAG = 0x800;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = fs.readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) break;
    read += n;
  }
  return buffer.subarray(0, read);
}

export class ZipArchive {
  readonly entries: ReadonlyMap<string, ZipEntry>;
  private readonly fd: number;

  private constructor(
    readonly file: string,
    fd: number,
    entries: Map<string, ZipEntry>,
  ) {
    this.fd = fd;
    this.entries = entries;
  }

  /** Opens the archive and reads its central directory; throws on a file that is not a ZIP. */
  static open(file: string): ZipArchive {
    const fd = fs.openSync(file, 'r');
    try {
      return new ZipArchive(file, fd, readCentralDirectory(file, fd));
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** The entry's bytes, or null when the archive has no such entry. */
  read(name: string): Buffer | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const fail = (why: string) => new Error(`${this.file}: ${name}: ${why}`);
    if (entry.size > MAX_ENTRY_BYTES || entry.compressedSize > MAX_ENTRY_BYTES)
      throw fail(`${entry.size} bytes, over the ${MAX_ENTRY_BYTES}-byte cap`);
    const header = readAt(this.fd, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE)
      throw fail('no local header where the directory says');
    const dataStart =
      entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = readAt(this.fd, dataStart, entry.compressedSize);
    if (raw.length < entry.compressedSize) throw fail('truncated');
    let bytes: Buffer;
    if (entry.method === 0) bytes = raw;
    else if (entry.method === 8)
      bytes = zlib.inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
    else
      throw fail(`compression method ${entry.method} is not supported (stored or deflated only)`);
    if (bytes.length !== entry.size)
      throw fail(`inflated to ${bytes.length} bytes, not ${entry.size}`);
    if (zlib.crc32(bytes) !== entry.crc32) throw fail('CRC mismatch');
    return bytes;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function readCentralDirectory(file: string, fd: number): Map<string, ZipEntry> {
  const { size } = fs.fstatSync(fd);
  const tailStart = Math.max(0, size - EOCD_SEARCH);
  const tail = readAt(fd, tailStart, size - tailStart);
  let eocd = -1;
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a ZIP archive (no end of central directory)`);
  const count = tail.readUInt16LE(eocd + 10);
  const dirSize = tail.readUInt32LE(eocd + 12);
  const dirOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw new Error(`${file}: ZIP64 archives are not supported`);
  const dir = readAt(fd, dirOffset, dirSize);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== CENTRAL_SIGNATURE)
      throw new Error(`${file}: central directory entry ${i} is damaged`);
    const flags = dir.readUInt16LE(at + 8);
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const commentLength = dir.readUInt16LE(at + 32);
    const nameBytes = dir.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & UTF8_FLAG ? 'utf8' : 'latin1');
    entries.set(name, {
      name,
      method: dir.readUInt16LE(at + 10),
      crc32: dir.readUInt32LE(at + 16),
      compressedSize: dir.readUInt32LE(at + 20),
      size: dir.readUInt32LE(at + 24),
      localHeaderOffset: dir.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
