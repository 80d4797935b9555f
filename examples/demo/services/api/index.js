const http = require('node:http');

const port = Number(process.env.PORT || 8001);
http
  .createServer((req, res) => {
    if (req.url === '/health') return res.end('ok');
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ service: 'api', env: process.env.ENV }));
  })
  .listen(port, '0.0.0.0');
