// Largest first-load JavaScript of any page. Next.js 16 no longer prints per-route sizes in
// `next build`, so this asks the running production server for each page's HTML, collects the
// scripts it loads (<script src> and the chunks it preloads) and adds their sizes (raw and gzip).
import { gzipSync } from "node:zlib";

const base = process.argv[2];
const routes = process.argv.slice(3);
const cache = new Map();

async function size(src) {
  if (!cache.has(src)) {
    const bytes = Buffer.from(await (await fetch(new URL(src, base))).arrayBuffer());
    cache.set(src, { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
  }
  return cache.get(src);
}

const rows = [];
for (const route of routes) {
  const html = await (await fetch(new URL(route, base))).text();
  const srcs = new Set();
  // noModule scripts (legacy polyfills) are skipped by every browser that runs modules: not counted.
  for (const m of html.matchAll(/<script([^>]*)\ssrc="([^"]+\.js[^"]*)"([^>]*)>/g)) if (!/nomodule/i.test(m[1] + m[3])) srcs.add(m[2]);
  for (const m of html.matchAll(/<link[^>]*rel="(?:modulepreload|preload)"[^>]*href="([^"]+\.js[^"]*)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*href="([^"]+\.js[^"]*)"[^>]*as="script"/g)) srcs.add(m[1]);
  let raw = 0, gzip = 0;
  for (const src of srcs) {
    const s = await size(src);
    raw += s.raw;
    gzip += s.gzip;
  }
  rows.push({ route, scripts: srcs.size, rawKB: +(raw / 1024).toFixed(1), gzipKB: +(gzip / 1024).toFixed(1) });
}
rows.sort((a, b) => b.gzipKB - a.gzipKB);
console.table(rows);
console.log(`largest first-load JS: ${rows[0].route} ${rows[0].gzipKB} KB gzip (${rows[0].rawKB} KB raw)`);
