/**
 * Inspo's Solr configset (configset/schema.xml and solrconfig.xml, beside this file) as the zip
 * the Configsets API takes. The name carries a hash of the files, so a build always creates its
 * collection with exactly the schema this code reads, and an old collection keeps its own.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

export const CONFIGSET_DIR = fileURLToPath(new URL('./configset', import.meta.url));
const CONFIGSET_FILES = ['schema.xml', 'solrconfig.xml'] as const;

export interface Configset {
  /** `inspo-<12 hex of sha256 over the files>`. */
  name: string;
  zip: Buffer;
}

/** A zip archive of `files`, stored without compression (the Configsets API reads any zip). */
export function storedZip(files: readonly { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(0, 30); // extra and comment lengths
    central.writeUInt32LE(0, 34); // disk, internal attributes
    central.writeUInt32LE(0, 38); // external attributes
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export function readConfigset(dir: string = CONFIGSET_DIR): Configset {
  const files = CONFIGSET_FILES.map((name) => ({
    name,
    data: fs.readFileSync(path.join(dir, name)),
  }));
  const hash = createHash('sha256');
  for (const { name, data } of files) hash.update(name).update('\0').update(data).update('\0');
  return { name: `inspo-${hash.digest('hex').slice(0, 12)}`, zip: storedZip(files) };
}
