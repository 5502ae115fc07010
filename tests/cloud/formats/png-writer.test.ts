import { inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encode } from 'uqr'
import { crc32, encodeGreyPng, qrCodePng } from '../../../cloud/formats/png-writer'

/** Read a PNG's chunks back (and check every CRC). */
function chunks(png: Uint8Array): Array<{ type: string; data: Buffer }> {
  const buf = Buffer.from(png)
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const out: Array<{ type: string; data: Buffer }> = []
  for (let at = 8; at < buf.length; ) {
    const length = buf.readUInt32BE(at)
    const type = buf.subarray(at + 4, at + 8).toString('latin1')
    const data = buf.subarray(at + 8, at + 8 + length)
    expect(buf.readUInt32BE(at + 8 + length)).toBe(crc32(new Uint8Array(buf.subarray(at + 4, at + 8 + length))))
    out.push({ type, data })
    at += 12 + length
  }
  return out
}

describe('png-writer', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
  })

  it('encodes greyscale pixels row by row with filter 0', () => {
    const png = encodeGreyPng(2, 2, new Uint8Array([0, 255, 128, 64]))
    const parts = chunks(png)
    expect(parts.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND'])
    expect(parts[0].data.readUInt32BE(0)).toBe(2)
    expect([...parts[0].data.subarray(8)]).toEqual([8, 0, 0, 0, 0])
    expect([...inflateSync(new Uint8Array(parts[1].data))]).toEqual([0, 0, 255, 0, 128, 64])
  })

  it('refuses a pixel count that does not match', () => {
    expect(() => encodeGreyPng(2, 2, new Uint8Array(3))).toThrow(RangeError)
  })

  it('draws a QR code module for module, scaled, with the quiet zone', () => {
    const scale = 4
    const qr = encode('uniwxkit://product/p-mug', { ecc: 'M', border: 4 })
    const parts = chunks(qrCodePng('uniwxkit://product/p-mug', { scale }))
    const side = parts[0].data.readUInt32BE(0)
    expect(side).toBe(qr.size * scale)
    const raw = inflateSync(new Uint8Array(parts[1].data))
    const pixel = (x: number, y: number) => raw[y * (side + 1) + 1 + x]
    for (let y = 0; y < qr.size; y++) {
      for (let x = 0; x < qr.size; x++) expect(pixel(x * scale + 1, y * scale + 2)).toBe(qr.data[y][x] ? 0 : 255)
    }
    expect(pixel(0, 0)).toBe(255)
  })
})
