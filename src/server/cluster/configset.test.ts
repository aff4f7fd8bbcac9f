import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONFIGSET_DIR, readConfigset } from './configset';

/** The entries of a stored (uncompressed) zip, read from its local headers; CRCs checked. */
function readStoredZip(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    expect(zip.readUInt16LE(at + 8)).toBe(0); // stored
    const crc = zip.readUInt32LE(at + 14);
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const extra = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const data = zip.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + size);
    expect(crc32(data) >>> 0).toBe(crc);
    entries.set(name, data);
    at += 30 + nameLength + extra + size;
  }
  // Then the central directory, and its end record pointing back at it.
  expect(zip.readUInt32LE(at)).toBe(0x02014b50);
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  expect(zip.readUInt32LE(end + 16)).toBe(at);
  expect(zip.readUInt16LE(end + 10)).toBe(entries.size);
  return entries;
}

describe('readConfigset', () => {
  it('zips schema.xml and solrconfig.xml byte for byte (Solr reading it: the cluster tests)', () => {
    const entries = readStoredZip(readConfigset().zip);
    expect([...entries.keys()]).toEqual(['schema.xml', 'solrconfig.xml']);
    for (const [name, data] of entries)
      expect(data).toEqual(fs.readFileSync(path.join(CONFIGSET_DIR, name)));
  });

  it('names the configset by its content, so a changed schema is a new configset', () => {
    const a = readConfigset();
    expect(a.name).toMatch(/^inspo-[0-9a-f]{12}$/);
    expect(readConfigset().name).toBe(a.name);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-configset-'));
    try {
      for (const name of ['schema.xml', 'solrconfig.xml'])
        fs.copyFileSync(path.join(CONFIGSET_DIR, name), path.join(dir, name));
      fs.appendFileSync(path.join(dir, 'schema.xml'), '\n<!-- changed -->\n');
      expect(readConfigset(dir).name).not.toBe(a.name);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
