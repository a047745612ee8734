// A webhook receiver for markd's integration tests (tests/integration/
// notify_webhooks_test.cpp): verifies every delivery with the Standard
// Webhooks reference library (npm standardwebhooks), then records it as one
// JSON line in --log. Prints "listening PORT" once ready.
//   POST /_secret/NAME      body: the endpoint's secret (whsec_…), set by the test
//   POST /ok/NAME           verifies, answers 200
//   POST /flaky/NAME        answers 500 to its first delivery, then as /ok
//   POST /hang/NAME         never answers (markd's timeout ends it)
//   POST /redirect/NAME     answers 302 to /ok/NAME (markd must not follow)
// usage: node webhook_receiver.mjs --log FILE
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const args = process.argv.slice(2);
const log = args[args.indexOf('--log') + 1];
const secrets = new Map();
const seen = new Map(); // NAME → deliveries seen (flaky)

function record(entry) {
  appendFileSync(log, JSON.stringify(entry) + '\n');
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const [, mode, name] = req.url.split('/');
    if (mode === '_secret') {
      secrets.set(name, body.trim());
      res.writeHead(204).end();
      return;
    }
    const entry = { mode, name, id: req.headers['webhook-id'], timestamp: req.headers['webhook-timestamp'] };
    if (mode === 'hang') {
      record({ ...entry, hung: true });
      return; // never answers
    }
    if (mode === 'redirect') {
      record({ ...entry, redirected: true });
      res.writeHead(302, { Location: '/ok/' + name }).end();
      return;
    }
    const count = (seen.get(name) || 0) + 1;
    seen.set(name, count);
    try {
      const wh = new Webhook(secrets.get(name) || 'whsec_AAAA');
      const payload = wh.verify(body, {
        'webhook-id': req.headers['webhook-id'],
        'webhook-timestamp': req.headers['webhook-timestamp'],
        'webhook-signature': req.headers['webhook-signature'],
      });
      const data = payload.data || {};
      if (mode === 'flaky' && count === 1) {
        record({ ...entry, verified: true, type: payload.type, number: data.number, answered: 500 });
        res.writeHead(500).end('not now');
        return;
      }
      record({ ...entry, verified: true, type: payload.type, number: data.number,
               event_id: data.event && data.event.id, status: data.mark && data.mark.status,
               certificate: data.certificate, answered: 200 });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}');
    } catch (e) {
      record({ ...entry, verified: false, error: String(e && e.message), answered: 400 });
      res.writeHead(400).end('bad signature');
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write('listening ' + server.address().port + '\n');
});
