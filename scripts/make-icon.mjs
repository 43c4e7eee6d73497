// Draws the extension icon, images/icon.png (128×128): connection bars under a budget line and a
// max_connections line. Plain RGBA pixels written as a PNG with zlib; run `node scripts/make-icon.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const pixels = Buffer.alloc(SIZE * SIZE * 4);

function fill(x0, y0, x1, y1, [r, g, b, a = 255]) {
  for (let y = Math.max(0, y0); y < Math.min(SIZE, y1); y++) {
    for (let x = Math.max(0, x0); x < Math.min(SIZE, x1); x++) pixels.set([r, g, b, a], (y * SIZE + x) * 4);
  }
}

/** A square with rounded corners: the corners outside the radius stay transparent. */
function roundedSquare(radius, colour) {
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = Math.max(radius - x, x - (SIZE - 1 - radius), 0);
      const dy = Math.max(radius - y, y - (SIZE - 1 - radius), 0);
      if (dx * dx + dy * dy <= radius * radius) fill(x, y, x + 1, y + 1, colour);
    }
  }
}

roundedSquare(20, [0x1b, 0x2a, 0x3a]);
const bars = [
  [18, 78, [0x3b, 0x82, 0xf6]],
  [44, 62, [0x22, 0xc5, 0x5e]],
  [70, 50, [0xa8, 0x55, 0xf7]],
];
for (const [x, top, colour] of bars) fill(x, top, x + 20, 108, colour);
fill(96, 40, 116, 108, [0xf9, 0x73, 0x16]);
for (let x = 12; x < 116; x += 10) fill(x, 44, x + 6, 47, [0xfa, 0xcc, 0x15]);
fill(12, 26, 116, 30, [0xef, 0x44, 0x44]);
fill(12, 108, 116, 111, [0xcb, 0xd5, 0xe1]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, no interlace
// Each row starts with filter type 0 (none).
const rows = Buffer.concat(Array.from({ length: SIZE }, (_, y) => Buffer.concat([Buffer.from([0]), pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)])));
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../images/', import.meta.url), { recursive: true });
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
