import { deflateSync } from 'node:zlib'
import { encode } from 'uqr'

/**
 * A minimal PNG encoder (8-bit greyscale, no interlace) and the QR code
 * images built on it. node:zlib does the compression; the CRC-32 is the
 * table-driven one from the PNG specification (Annex D).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (ISO-HDLC) of bytes, as PNG chunks use it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

/** Encode greyscale pixels (one byte each, row by row) as a PNG file. */
export function encodeGreyPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError('bad image size')
  if (pixels.length !== width * height) throw new RangeError('pixel count does not match the size')
  const header = new Uint8Array(13)
  const view = new DataView(header.buffer)
  view.setUint32(0, width)
  view.setUint32(4, height)
  header.set([8, 0, 0, 0, 0], 8) // bit depth 8, greyscale, deflate, adaptive filtering, no interlace
  // Each row starts with its filter type (0: none).
  const raw = new Uint8Array((width + 1) * height)
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1)
  const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const parts = [signature, chunk('IHDR', header), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0))]
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** A QR code of `text` as a PNG: `scale` pixels per module, a quiet zone of `border` modules. */
export function qrCodePng(text: string, options: { scale?: number; border?: number } = {}): Uint8Array {
  const scale = options.scale ?? 8
  const { data, size } = encode(text, { ecc: 'M', border: options.border ?? 4 })
  const side = size * scale
  const pixels = new Uint8Array(side * side).fill(255)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y][x]) continue
      for (let dy = 0; dy < scale; dy++) pixels.fill(0, (y * scale + dy) * side + x * scale, (y * scale + dy) * side + (x + 1) * scale)
    }
  }
  return encodeGreyPng(side, side, pixels)
}
