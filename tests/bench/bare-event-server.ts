import http from 'node:http';

/**
 * Baseline for the events bench: reads the beacon's body and answers the same 202 the hub sends
 * (same headers, no body), with nothing parsed, checked, hashed or recorded.
 */
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(202, {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'X-Frame-Options': 'SAMEORIGIN',
      'Cache-Control': 'no-store',
      'Content-Length': '0',
    });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
