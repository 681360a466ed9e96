// An independent relying party: logs in through the NetIdentity broker with openid-client
// (https://github.com/panva/openid-client), a certified OpenID Connect client that shares no
// code with the broker or with NetIdentity.Client. The person's browser is replaced by plain
// HTTP with a cookie jar, and the national app by the mock authority's tester API.
//
//   node scripted-client.mjs --broker URL --mock URL --client-id ID --client-secret SECRET \
//        --redirect-uri URL [--persona adult]
//
// Prints {"claims": <ID token claims>, "userinfo": <userinfo answer>, "login": {bizSeq, idToken,
// accessToken}} on stdout and exits 0; anything unexpected goes to stderr with exit code 1.
// openid-client itself checks the authorization response's iss (RFC 9207) and state, sends the
// PKCE verifier (RFC 7636), and validates the ID token: signature against the broker's JWKS,
// iss, aud, exp, nonce.
import { parseArgs } from "node:util";
import * as client from "openid-client";

const { values: args } = parseArgs({
  options: {
    broker: { type: "string" },
    mock: { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    "redirect-uri": { type: "string" },
    persona: { type: "string", default: "adult" },
  },
});
for (const name of ["broker", "mock", "client-id", "client-secret", "redirect-uri"]) {
  if (!args[name]) {
    fail(`--${name} is required`);
  }
}

const broker = new URL(args.broker);
const mock = new URL(args.mock);
const redirectUri = args["redirect-uri"];
const jar = cookieJar();

// 1. Discovery. The sandbox is plain HTTP on loopback, which openid-client refuses unless told.
const config = await client.discovery(broker, args["client-id"], args["client-secret"], undefined, {
  execute: [client.allowInsecureRequests],
});

// 2. The authorization request, with PKCE S256, state and nonce.
const pkceCodeVerifier = client.randomPKCECodeVerifier();
const expectedState = client.randomState();
const expectedNonce = client.randomNonce();
const authorizationUrl = client.buildAuthorizationUrl(config, {
  redirect_uri: redirectUri,
  scope: "openid netid",
  code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
  code_challenge_method: "S256",
  state: expectedState,
  nonce: expectedNonce,
});

// 3. The broker sends the browser to its method page.
const methodUrl = await redirect(authorizationUrl, "GET");
expect(/^\/login\/[A-Za-z0-9_-]{22}$/.test(methodUrl.pathname), `the authorization request led to ${methodUrl}, not the method page`);

// 4. Choose the national app: the method page's form, with its antiforgery token.
const methodPage = await page(methodUrl);
const token = attribute(methodPage, /name="__RequestVerificationToken" type="hidden" value="([^"]+)"/, "the antiforgery token");
const qrUrl = await redirect(new URL(`${methodUrl.pathname}?handler=NetId`, broker), "POST", new URLSearchParams({ __RequestVerificationToken: token }));
expect(qrUrl.pathname === `${methodUrl.pathname}/netid`, `choosing the national app led to ${qrUrl}`);

// 5. The QR page names the authority session (data-biz-seq on #wait) and shows the matching
//    number the person must pick in the app (data-match-code; number matching).
const qrPage = await page(qrUrl);
const bizSeq = attribute(qrPage, /data-biz-seq="([A-Za-z0-9]{32})"/, "data-biz-seq");
const matchCode = attribute(qrPage, /data-match-code="([0-9]+)"/, "data-match-code");

// 6. The person approves in the app, picking that number: here, the mock's tester API.
const approval = await fetch(new URL(`tester/sessions/${bizSeq}/approve`, mock), {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ persona: args.persona, matchCode }),
});
expect(approval.ok, `the mock refused the approval: ${approval.status} ${await approval.text()}`);

// 7. Continue: the broker fetches and checks the credential, then resumes the authorization
//    request, which answers with a redirect to the platform. Follow the broker's redirects, but
//    never call the redirect URI: its query is the authorization response.
let next = await redirect(new URL(`${methodUrl.pathname}/netid/continue`, broker), "GET");
for (let hops = 0; !next.href.startsWith(redirectUri); hops++) {
  expect(hops < 5 && next.origin === broker.origin, `the login did not come back to ${redirectUri}; it stopped at ${next}`);
  next = await redirect(next, "GET");
}

// 8. The code grant: openid-client checks iss, state, PKCE, the ID token and its nonce.
const tokens = await client.authorizationCodeGrant(config, next, {
  pkceCodeVerifier,
  expectedState,
  expectedNonce,
  idTokenExpected: true,
});
const claims = tokens.claims();
expect(claims !== undefined, "no ID token in the token response");

// 9. Userinfo, for the same subject.
const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);

// What the platform received, and (under "login") what the tests also look for in the broker's
// storage and logs: the authority session and the tokens themselves.
const login = { bizSeq, idToken: tokens.id_token, accessToken: tokens.access_token };
process.stdout.write(JSON.stringify({ claims, userinfo, login }, null, 2) + "\n");

/** GETs or POSTs to the broker and returns where its redirect points (absolute). */
async function redirect(url, method, body) {
  const response = await send(url, method, body);
  const location = response.headers.get("location");
  expect(response.status >= 300 && response.status < 400 && location, `${method} ${url} answered ${response.status}, not a redirect`);
  return new URL(location, url);
}

/** GETs a page of the broker and returns its HTML. */
async function page(url) {
  const response = await send(url, "GET");
  expect(response.status === 200, `GET ${url} answered ${response.status}`);
  return response.text();
}

async function send(url, method, body) {
  const headers = { Accept: "text/html", Cookie: jar.header() };
  if (body) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }

  const response = await fetch(url, { method, headers, body, redirect: "manual" });
  jar.store(response.headers.getSetCookie());
  return response;
}

function attribute(html, pattern, what) {
  const match = pattern.exec(html);
  expect(match, `no ${what} on the page`);
  return match[1];
}

function expect(condition, message) {
  if (!condition) {
    fail(message);
  }
}

function fail(message) {
  process.stderr.write(`scripted-client: ${message}\n`);
  process.exit(1);
}

/** The broker's cookies (one host, path /): kept, replaced, and removed when expired. */
function cookieJar() {
  const cookies = new Map();
  return {
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    store(setCookies) {
      for (const line of setCookies) {
        const [pair, ...attributes] = line.split(";").map((part) => part.trim());
        const equals = pair.indexOf("=");
        const name = pair.slice(0, equals);
        const expires = attributes.find((a) => /^expires=/i.test(a));
        const maxAge = attributes.find((a) => /^max-age=/i.test(a));
        const gone = (expires && Date.parse(expires.slice(8)) <= Date.now()) || (maxAge && Number(maxAge.slice(8)) <= 0);
        if (gone) {
          cookies.delete(name);
        } else {
          cookies.set(name, pair.slice(equals + 1));
        }
      }
    },
  };
}
