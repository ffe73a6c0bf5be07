// Auth.js's Kakao provider (@auth/core/providers/kakao) against the sandbox:
// the provider's own settings, empty scope included; only Kakao's hosts in
// its three URLs are changed. The app is @auth/core's Auth() at
// http://localhost:3000 with its default base path /auth, so the callback
// is /auth/callback/kakao. It prints the session's user as JSON.
import { Auth } from "@auth/core";
import Kakao from "@auth/core/providers/kakao";
import { consent, env, Jar, toSandbox } from "./browser.mjs";

const origin = "http://localhost:3000";
const defaults = Kakao({});
const config = {
  providers: [Kakao({
    clientId: env("CLIENT_ID"),
    clientSecret: env("CLIENT_SECRET"),
    authorization: toSandbox(defaults.authorization),
    token: toSandbox(defaults.token),
    userinfo: toSandbox(defaults.userinfo),
  })],
  secret: "interop-test-secret-interop-test-secret",
  trustHost: true,
  logger: { error: (e) => process.stderr.write(`[auth][error] ${e?.stack ?? e}\n${JSON.stringify(e?.cause ?? {})}\n`) },
};

const jar = new Jar();
async function app(path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set("cookie", jar.header());
  const res = await Auth(new Request(new URL(path, origin), { ...init, headers }), config);
  jar.take(res.headers);
  return res;
}

const { csrfToken } = await (await app("/auth/csrf")).json();
const signin = await app("/auth/signin/kakao", {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams({ csrfToken, callbackUrl: `${origin}/` }),
});
const authorizeURL = signin.headers.get("location");
if (signin.status !== 302 || !authorizeURL?.startsWith(env("SANDBOX_URL"))) {
  throw new Error(`signin answered ${signin.status} to ${authorizeURL}`);
}
const back = new URL(await consent(authorizeURL));
const callback = await app(back.pathname + back.search);
if (callback.status !== 302 || new URL(callback.headers.get("location")).searchParams.has("error")) {
  throw new Error(`callback answered ${callback.status} to ${callback.headers.get("location")}`);
}
const session = await (await app("/auth/session")).json();
process.stdout.write(JSON.stringify({
  name: session?.user?.name ?? null,
  email: session?.user?.email ?? null,
  scopeSent: new URL(authorizeURL).searchParams.get("scope"),
  callback: back.origin + back.pathname,
}) + "\n");
