// A stand-in api for the web benchmark: answers the two public endpoints the server-rendered
// pages call (/api/tracks, /api/tracks/{code}) with fixed JSON, so the figures measure the web
// server alone (rendering + forwarding), not the api or its database.
import http from "node:http";

const tracks = [
  { code: "DP", name: "Data Professional", description: "Data analysis end to end.", priceCents: 49900, currency: "usd", projectCount: 3 },
  { code: "FSD", name: "Full-Stack Developer", description: "Web apps end to end.", priceCents: 59900, currency: "usd", projectCount: 3 },
];
const detail = (t) => ({
  id: t.code, ...t,
  projects: [1, 2, 3].map((n) => ({ id: `${t.code}-${n}`, position: n, title: `${t.name} project ${n}`, summary: "Build it.", steps: [], deliverables: [] })),
});

http.createServer((req, res) => {
  const url = new URL(req.url, "http://stub");
  const match = url.pathname.match(/^\/api\/tracks\/?([A-Za-z]*)$/);
  if (match) {
    const body = match[1] ? tracks.find((t) => t.code === match[1].toUpperCase()) : null;
    res.writeHead(match[1] && !body ? 404 : 200, { "content-type": "application/json" });
    return res.end(JSON.stringify(match[1] ? (body ? detail(body) : { title: "Not found", status: 404 }) : tracks));
  }
  res.writeHead(404, { "content-type": "application/problem+json" });
  res.end(JSON.stringify({ title: "Not found", status: 404 }));
}).listen(Number(process.env.PORT), "127.0.0.1");
