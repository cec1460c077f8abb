import http from 'node:http';

/**
 * Baseline for the redirect bench: the same 302 the hub sends (same headers, a cookie of the same
 * size), with nothing looked up, hashed, signed or recorded.
 */
const cookie = `hub_ref=${'x'.repeat(52)}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax`;
const server = http.createServer((_req, res) => {
  res.writeHead(302, {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'SAMEORIGIN',
    Location: '/stories/baseline/#via=whatsapp',
    'Cache-Control': 'no-store',
    'Set-Cookie': cookie,
  });
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
