// A localhost server for the benchmark: the fixture pages from disk plus generated pages from memory.
// Both browsers load the same URLs from it, so Steward and its peers read byte-identical pages.
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, sep } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Every .html file under `dir`, as URL paths ("/signup.html"), sorted. */
export async function listHtml(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => `/${relative(dir, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join('/')}`)
    .sort();
}

/** Serves `dir` and the in-memory `generated` pages (path -> html) on 127.0.0.1. */
export async function startServer(dir, generated) {
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep);
  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      // Fixture pages may report side effects (POST /effect/x) or submit forms: accept and ignore.
      if (request.method === 'POST') {
        request.resume();
        response.writeHead(url.pathname.startsWith('/effect/') ? 204 : 200, { 'content-type': 'text/html' }).end();
        return;
      }
      const page = generated.get(url.pathname);
      if (page !== undefined) {
        response.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(page);
        return;
      }
      const file = normalize(join(root, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname)));
      if (!file.startsWith(root)) {
        response.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      if (!response.headersSent) response.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not found</title><h1>Not found</h1>');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
