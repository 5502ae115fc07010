#!/usr/bin/env node
'use strict'
// Draws the tab bar icons (81x81 PNG, as WeChat recommends) without an image
// library: a house and a person, grey and green. Re-run after changing a shape:
//   node scripts/tools/make-tabbar-icons.cjs
const fs = require('fs')
const path = require('path')
const zlib = require('zlib')

const SIZE = 81
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

function png(inside, [r, g, b]) {
  const rows = []
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4)
    for (let x = 0; x < SIZE; x++) {
      // 4x supersampling for smooth edges
      let hits = 0
      for (let sy = 0; sy < 4; sy++) for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) hits++
      row.set([r, g, b, Math.round((hits / 16) * 255)], 1 + x * 4)
    }
    rows.push(row)
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(SIZE, 0)
  ihdr.writeUInt32BE(SIZE, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const house = (x, y) => {
  const roof = y >= 12 && y <= 40 && Math.abs(x - 40.5) <= (y - 12) * 1.1 && Math.abs(x - 40.5) >= (y - 12) * 1.1 - 9
  const walls = y > 36 && y <= 70 && x >= 18 && x <= 63 && !(x > 23 && x < 58 && y > 41 && y < 65)
  const door = y > 50 && y <= 70 && x >= 35 && x <= 46
  return roof || walls || door
}
const person = (x, y) => {
  const head = (x - 40.5) ** 2 + (y - 27) ** 2 <= 13 ** 2 && (x - 40.5) ** 2 + (y - 27) ** 2 >= 8 ** 2
  const d = Math.hypot(x - 40.5, y - 72)
  const body = y <= 70 && y >= 44 && d <= 28 && d >= 23
  const base = y > 65 && y <= 70 && x >= 12.5 && x <= 68.5
  return head || body || base
}

const out = path.resolve(__dirname, '../../static/tabbar')
fs.mkdirSync(out, { recursive: true })
const grey = [0x7a, 0x7e, 0x83]
const green = [0x07, 0xc1, 0x60]
fs.writeFileSync(path.join(out, 'home.png'), png(house, grey))
fs.writeFileSync(path.join(out, 'home-active.png'), png(house, green))
fs.writeFileSync(path.join(out, 'mine.png'), png(person, grey))
fs.writeFileSync(path.join(out, 'mine-active.png'), png(person, green))
console.log('wrote', fs.readdirSync(out).join(', '))
