// `output: "standalone"` leaves static assets out of .next/standalone on purpose (a CDN
// could serve them); we serve them from the same Node server, locally and in the container.
import { cpSync, existsSync } from "node:fs";

cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (existsSync("public")) cpSync("public", ".next/standalone/public", { recursive: true });
