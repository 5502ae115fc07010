/**
 * A plain Uint8Array view of a Buffer (no copy): the pinned @types/node Buffer
 * does not type-check as Uint8Array under TypeScript 5.9.
 */
export function u8(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/** UTF-8 bytes of a string as a plain Uint8Array. */
export function utf8(text: string): Uint8Array {
  return u8(Buffer.from(text, 'utf8'))
}
