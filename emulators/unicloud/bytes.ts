/**
 * Byte helpers. The pinned @types/node (20.9) predates TypeScript 5.7's generic
 * typed arrays, so a Buffer no longer type-checks where Node's own APIs ask for
 * a Uint8Array; `bytes` gives a view on the same memory that does.
 */
import { timingSafeEqual } from 'node:crypto'

/** A Uint8Array view of a Buffer (no copy). */
export function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** Constant-time equality of two strings. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(bytes(x), bytes(y))
}
