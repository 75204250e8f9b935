// A real HTTP proxy in front of `helpfirst serve` that can misbehave on the collector's paths:
// refuse connections, answer 500 or 429, or answer slowly. Pages are loaded through it, so the
// widget's endpoint is same-origin and every request really crosses the network stack.
import http from 'node:http';

export async function startFaultProxy(target) {
  const upstream = new URL(target);
  const state = { mode: 'pass', delayMs: 0, requests: [], failures: 0 };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const collector = request.url.startsWith('/v1/');
      if (collector && request.method === 'POST') {
        state.requests.push({ mode: state.mode, ids: messageIds(body) });
      }
      if (collector && state.mode === 'down') {
        state.failures++;
        request.socket.destroy();
        return;
      }
      if (collector && (state.mode === '500' || state.mode === '429')) {
        state.failures++;
        const headers = state.mode === '429' ? { 'Retry-After': '1' } : {};
        response.writeHead(Number(state.mode), headers).end('{"ok":false}');
        return;
      }
      const forward = () => {
        const proxied = http.request({
          host: upstream.hostname, port: upstream.port, path: request.url, method: request.method,
          // The Host header stays the proxy's, so the collector sees the page's own origin.
          headers: request.headers,
        }, (answer) => {
          response.writeHead(answer.statusCode, answer.headers);
          answer.pipe(response);
        });
        proxied.on('error', () => response.destroy());
        proxied.end(body);
      };
      if (collector && state.mode === 'slow') setTimeout(forward, state.delayMs);
      else forward();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    state,
    set(mode, delayMs = 0) { state.mode = mode; state.delayMs = delayMs; },
    stop: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function messageIds(body) {
  try {
    return JSON.parse(body.toString('utf8')).batch.map((event) => event.messageId);
  } catch {
    return [];
  }
}
