/** The window (lgwin) a brotli stream declares in its first bits (RFC 7932, 9.1: WBITS, read from the lowest bit). */
export function brotliWindowBits(stream: Buffer): number {
  const bits = stream.readUInt16LE(0);
  if ((bits & 1) === 0) return 16;
  const n = (bits >> 1) & 7;
  if (n !== 0) return 17 + n;
  const m = (bits >> 4) & 7;
  return m === 0 ? 17 : 8 + m;
}
