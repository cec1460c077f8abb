import http from 'node:http';

/** Baseline for the redirect bench: the same 302 with nothing recorded. */
const server = http.createServer((_req, res) => {
  res.writeHead(302, { Location: '/stories/baseline/', 'Cache-Control': 'no-store' });
  res.end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : 0}`);
});
