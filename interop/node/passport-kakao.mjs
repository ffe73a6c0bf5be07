// passport-kakao's default flow against the sandbox: its own options, the
// demo app's keys and its default callback path; only Kakao's hosts are
// changed to the sandbox's (passport-kakao 1.0.1 hard-codes them in
// dist/Strategy.js, so they are set where it keeps them). It prints the
// signed-in user's name and e-mail as JSON.
import http from "node:http";
import passport from "passport";
import { Strategy as KakaoStrategy } from "passport-kakao";
import { consent, env, toSandbox } from "./browser.mjs";

const callbackURL = "http://localhost:3000/auth/kakao/callback"; // passport-kakao's README
const strategy = new KakaoStrategy(
  { clientID: env("CLIENT_ID"), clientSecret: env("CLIENT_SECRET"), callbackURL },
  (accessToken, refreshToken, profile, done) => done(null, profile),
);
strategy._oauth2._authorizeUrl = toSandbox(strategy._oauth2._authorizeUrl);
strategy._oauth2._accessTokenUrl = toSandbox(strategy._oauth2._accessTokenUrl);
strategy._userProfileURL = toSandbox(strategy._userProfileURL);
passport.use(strategy);

// The app: Express's two routes from passport-kakao's README, on plain
// node:http (req.query is what Express would add).
const app = http.createServer((req, res) => {
  const u = new URL(req.url, "http://localhost:3000");
  req.query = Object.fromEntries(u.searchParams);
  const done = (err, user, info) => {
    res.setHeader("Content-Type", "application/json");
    if (err || !user) {
      res.statusCode = 500;
      res.end(JSON.stringify({ error: String(err?.data ?? err ?? "no user"), info }));
      return;
    }
    res.end(JSON.stringify({ id: user.id, name: user.displayName, email: user._json.kakao_account?.email ?? null }));
  };
  if (u.pathname === "/auth/kakao") passport.authenticate("kakao", { session: false })(req, res, done);
  else if (u.pathname === "/auth/kakao/callback") passport.authenticate("kakao", { session: false }, done)(req, res, done);
  else { res.statusCode = 404; res.end(); }
});
await new Promise((ok) => app.listen(0, "127.0.0.1", ok));
const local = `http://127.0.0.1:${app.address().port}`;
try {
  const start = await fetch(`${local}/auth/kakao`, { redirect: "manual" });
  if (start.status !== 302) throw new Error(`/auth/kakao answered ${start.status}`);
  const back = new URL(await consent(start.headers.get("location")));
  if (back.origin + back.pathname !== callbackURL) throw new Error(`sent back to ${back}`);
  // The browser lands on the app's callback; the app listens here.
  const r = await fetch(`${local}${back.pathname}${back.search}`);
  const body = await r.text();
  if (r.status !== 200) throw new Error(`callback answered ${r.status}: ${body}`);
  process.stdout.write(body + "\n");
} finally {
  app.close();
}
