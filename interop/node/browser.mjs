// A browser, as small as these flows need: it follows no redirect by
// itself, keeps one site's cookies, and approves on the sandbox's consent
// page by adding sandbox_user, as interop/real_clients_test.go does.

export const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (interop/node_test.go sets it)`);
  return v;
};

// toSandbox changes only the host of one of Kakao's URLs to the sandbox's.
export const toSandbox = (u) => String(u).replace(/^https:\/\/k(auth|api)\.kakao\.com/, env("SANDBOX_URL"));

// consent follows the sandbox's authorize URL as the user SANDBOX_USER and
// answers the URL the sandbox sends the browser back to (the app's callback).
export async function consent(authorizeURL) {
  const u = new URL(authorizeURL);
  u.searchParams.set("sandbox_user", env("SANDBOX_USER"));
  const r = await fetch(u, { redirect: "manual" });
  const back = r.headers.get("location");
  if (r.status !== 302 || !back) throw new Error(`authorize answered ${r.status}: ${await r.text()}`);
  const err = new URL(back).searchParams.get("error");
  if (err) throw new Error(`authorize sent the user back with ${err}: ${back}`);
  return back;
}

// A cookie jar for one site: enough for Auth.js's state, PKCE and session cookies.
export class Jar {
  #cookies = new Map();
  take(headers) {
    for (const c of headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      this.#cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }
  header() {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}
