// A real OpenID Connect provider for the browser tests (npm oidc-provider, OpenID Certified), standing in for an
// organisation's Microsoft Entra ID. It signs in whoever is typed on its own small sign-in page, from a map of accounts
// given by the test: each with the email, email_verified and amr (the ways of signing in) its tokens carry.
//
// Environment: PORT (the issuer is http://localhost:PORT), CLIENT_ID, CLIENT_SECRET, REDIRECT_URI (the portal's
// callback), ACCOUNTS (JSON: {"login": {"email": ..., "email_verified": true, "amr": ["pwd", "mfa"]}}).
import Provider from "oidc-provider";

const { PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } = process.env;
const ACCOUNTS = JSON.parse(process.env.ACCOUNTS || "{}");
const ISSUER = `http://localhost:${PORT}`;

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: { openid: ["sub", "amr"], email: ["email", "email_verified"] },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: account.email_verified };
      },
    };
  },
  features: { devInteractions: { enabled: false } },
  cookies: { keys: ["a-key-for-the-tests-only"] },
});
provider.proxy = false;

function page(uid, error) {
  const message = error ? `<p id="error">${error}</p>` : "";
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Organisation sign-in</title></head>
<body><main><h1>Organisation sign-in</h1>${message}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Account</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Sign in to the organisation</button>
</form></main></body></html>`;
}

async function formBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

// Its own sign-in page: login and consent in one step, with the account's amr recorded in the session.
provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === "GET") {
    ctx.type = "html";
    ctx.body = page(details.uid);
    return undefined;
  }
  const login = (await formBody(ctx.req)).get("login") || "";
  const account = ACCOUNTS[login];
  if (!account) {
    ctx.type = "html";
    ctx.body = page(details.uid, "No such account.");
    return undefined;
  }
  const grant = new provider.Grant({ accountId: login, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const result = { login: { accountId: login, amr: account.amr || ["pwd"] }, consent: { grantId } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.respond = false;
  return undefined;
});

provider.listen(Number(PORT), "localhost", () => {
  process.stdout.write(`listening on ${ISSUER}\n`);
});
