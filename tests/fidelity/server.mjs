// The fidelity suite's web server: `node server.mjs PORT` answers /health
// with "ok" and / with a small page, on 127.0.0.1 only.
import { createServer } from 'node:http';

const port = Number(process.argv[2] || 41731);
createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('ok');
    return;
  }
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end('<!doctype html><title>fidelity</title><h1>fidelity</h1>');
}).listen(port, '127.0.0.1');
