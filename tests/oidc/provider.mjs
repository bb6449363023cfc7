// A real OpenID Connect provider for the tests (panva's oidc-provider), on loopback only.
//
// Environment: PORT; REDIRECT_URIS and POST_LOGOUT_REDIRECT_URIS (comma-separated) of the one
// client, "kindportaal" with secret "kindportaal-geheim"; ACCOUNTS, a JSON object of test people
// by login name: {sub, email, email_verified, name, groups, amr, acr}. The login page asks for
// the login name only; a person's amr and acr are what their entry says, so a test chooses
// whether the provider asserts two factors by the account it logs in with.
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || "{}");
const list = (name) => (process.env[name] || "").split(",").filter(Boolean);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "kindportaal",
      client_secret: "kindportaal-geheim",
      redirect_uris: list("REDIRECT_URIS"),
      post_logout_redirect_uris: list("POST_LOGOUT_REDIRECT_URIS"),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  // amr and acr go into the ID token: how the person logged in (RFC 8176) and at what level.
  claims: {
    acr: null,
    amr: null,
    auth_time: null,
    iss: null,
    sid: null,
    openid: ["sub", "acr", "amr", "auth_time"],
    email: ["email", "email_verified"],
    profile: ["name", "upn"],
    groups: ["groups"],
  },
  cookies: { keys: ["test-cookie-key-not-secret"] },
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    const person = Object.values(accounts).find((entry) => entry.sub === id);
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        const { amr, acr, ...claims } = person;
        return claims;
      },
    };
  },
  // The portal is the gemeente's own client: no consent screen.
  async loadExistingGrant(ctx) {
    const { Grant } = ctx.oidc.provider;
    const existing = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (existing) return Grant.find(existing);
    const grant = new Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
});

const page = (uid, message = "") => `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Test-IdP</title></head>
<body><main><h1>Inloggen bij de test-IdP</h1>${message}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Gebruikersnaam</label> <input id="login" name="login" autofocus>
<button type="submit">Inloggen bij de test-IdP</button></form></main></body></html>`;

async function body(req) {
  let data = "";
  for await (const chunk of req) data += chunk;
  return new URLSearchParams(data);
}

const handle = provider.callback();
http
  .createServer(async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "POST" && match[2]) {
        const login = (await body(req)).get("login");
        const person = accounts[login];
        if (!person) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          return res.end(page(details.uid, "<p>Onbekende gebruiker.</p>"));
        }
        const result = { login: { accountId: person.sub } };
        if (person.amr) result.login.amr = person.amr;
        if (person.acr) result.login.acr = person.acr;
        return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end(page(details.uid));
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      return res.end(String(error));
    }
  })
  .listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
