// Regenerates the example images from the SVG below: `node examples/my-pins/make-images.mjs`.
// They stand in for anyone's own photos; the manifest (pins.jsonl) refers to them.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');

const IMAGES = {
  'sunset.png': `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2b1b5a"/><stop offset="0.6" stop-color="#e8603c"/><stop offset="1" stop-color="#f7c45a"/>
    </linearGradient></defs>
    <rect width="400" height="600" fill="url(#sky)"/>
    <circle cx="200" cy="430" r="80" fill="#ffdf7e"/>
    <rect y="470" width="400" height="130" fill="#1d3557"/>
  </svg>`,
  'mountains.png': `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400">
    <rect width="600" height="400" fill="#cfe8f7"/>
    <polygon points="0,400 180,120 360,400" fill="#5a6b7d"/>
    <polygon points="200,400 400,80 600,400" fill="#3f4e5e"/>
    <polygon points="400,80 440,144 360,144" fill="#ffffff"/>
    <rect y="360" width="600" height="40" fill="#4f7942"/>
  </svg>`,
  'leaf.png': `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400">
    <rect width="400" height="400" fill="#f4f1e8"/>
    <path d="M80 320 C 80 160, 200 60, 330 70 C 340 200, 240 320, 80 320 Z" fill="#3c8d3f"/>
    <path d="M80 320 L 300 100" stroke="#1f5e22" stroke-width="8"/>
  </svg>`,
};

for (const [name, svg] of Object.entries(IMAGES)) {
  const info = await sharp(Buffer.from(svg))
    .png({ palette: true, compressionLevel: 9 })
    .toFile(path.join(OUT_DIR, name));
  console.log(`${name}: ${info.width}×${info.height}, ${info.size} bytes`);
}
