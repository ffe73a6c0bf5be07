// A minimal account-status webhook receiver, as docs/webhooks.md
// ("Receivers") shows it: node:http and jose, verifying each Security Event
// Token as Kakao's documentation says (docs/kakao-api.md §10.2). It prints
// {"port":…} once listening, then one JSON line per delivery.
//
// JWKS_URL, ISSUER and AUDIENCE (the app's REST API key) configure it;
// SANDBOX_NOW (RFC 3339), when set, is the time tokens are checked at: a
// sandbox's clock is not the receiver's.
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL));
const now = process.env.SANDBOX_NOW ? new Date(process.env.SANDBOX_NOW) : undefined;

async function verify(token) {
  const { payload } = await jwtVerify(token, jwks, {
    algorithms: ['RS256'],
    typ: 'secevent+jwt',
    issuer: process.env.ISSUER,
    audience: process.env.AUDIENCE,
    requiredClaims: ['sub', 'iat', 'jti', 'events'],
    currentDate: now,
  });
  return payload;
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let line;
    try {
      if (req.headers['content-type'] !== 'application/secevent+jwt') throw new Error('not a SET');
      const set = await verify(Buffer.concat(chunks).toString());
      // Answer 202 at once; act on each event (one SET may carry several) after.
      res.writeHead(202).end();
      line = { status: 202, sub: set.sub, jti: set.jti, events: Object.keys(set.events) };
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ err: 'invalid_request', description: String(e.message) }));
      line = { status: 400, err: e.code || e.message };
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n'));
