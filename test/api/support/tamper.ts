/** Rewrites a cursor's offset while keeping its signature, as a curious client might. */
export function tamper(cursor: string): string {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
    o: number;
    s: string;
  };
  return Buffer.from(JSON.stringify({ ...payload, o: payload.o + 1 })).toString('base64url');
}
