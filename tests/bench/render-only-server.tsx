/**
 * Baseline for bench:module: a server that does only React's renderToString of the same
 * markup the app sends (the page parsed once into React elements), nothing else.
 * Usage: tsx tests/bench/render-only-server.tsx <page.html> <port>
 */
import fs from "node:fs";
import http from "node:http";
import parse from "html-react-parser";
import { renderToString } from "react-dom/server";

const [file, port] = process.argv.slice(2) as [string, string];
const html = fs.readFileSync(file, "utf8").replace(/^<!DOCTYPE html>/i, "");
const tree = parse(html);
http
  .createServer((_req, res) => {
    const body = "<!DOCTYPE html>" + renderToString(<>{tree}</>);
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  })
  .listen(Number(port), "127.0.0.1");
