// Cloudflare Pages Function: GET /api/callback, where GitHub sends the owner
// back after she signs in (see auth.js). It trades GitHub's one-time code for
// a token and hands the token to the editor's window (Decap CMS's sign-in
// handshake: "authorizing:github", then "authorization:github:success:{…}"),
// only if that window is the site's own (EDITOR_ORIGIN, when the editor runs
// on another address, e.g. GitHub Pages using this function).

// JSON inside a script, with "<" escaped so that no text can close it.
const inScript = (value) => JSON.stringify(value).replace(/</g, "\\u003c");

function page(message, origin, status = 200) {
  // The message and the origin are JSON in a script: no markup of GitHub's
  // reaches the page.
  const body = `<!doctype html><html lang="it"><meta charset="utf-8"><title>Accesso all'editor</title>
<p>Accesso in corso… questa finestra si chiude da sola.</p>
<script>
(function () {
  var message = ${inScript(message)};
  var origin = ${inScript(origin)};
  function receive(event) {
    if (event.origin !== origin) return;
    window.removeEventListener("message", receive);
    window.opener.postMessage(message, origin);
  }
  window.addEventListener("message", receive);
  window.opener.postMessage("authorizing:github", origin);
})();
</script></html>`;
  return new Response(body, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
  });
}

function cookie(request, name) {
  const found = (request.headers.get("Cookie") || "").split(/;\s*/).find((part) => part.startsWith(`${name}=`));
  return found ? found.slice(name.length + 1) : "";
}

export async function onRequestGet({ request, env }) {
  const url = new URL(request.url);
  const origin = env.EDITOR_ORIGIN || url.origin;
  const failure = (text) => page(`authorization:github:error:${JSON.stringify({ message: text })}`, origin, 400);
  const code = url.searchParams.get("code");
  const state = url.searchParams.get("state");
  if (!code || !state || state !== cookie(request, "editor_oauth_state")) {
    return failure("Accesso non riuscito: riprova dal pulsante «Accedi con GitHub».");
  }
  const response = await fetch("https://github.com/login/oauth/access_token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "User-Agent": "editor-del-sito" },
    body: JSON.stringify({ client_id: env.GITHUB_CLIENT_ID, client_secret: env.GITHUB_CLIENT_SECRET, code }),
  });
  const result = await response.json().catch(() => ({}));
  if (!result.access_token) {
    return failure(`GitHub non ha dato l'accesso (${result.error || response.status}).`);
  }
  return page(`authorization:github:success:${JSON.stringify({ token: result.access_token, provider: "github" })}`, origin);
}
