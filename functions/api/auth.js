// Cloudflare Pages Function: GET /api/auth, the first step of the editor's
// GitHub sign-in (Decap CMS's `github` back end with `base_url` set to the
// site and `auth_endpoint: api/auth`: site_build/editor). It sends the owner
// to GitHub's sign-in page for the OAuth app whose id and secret are the
// project's GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET (Settings >
// Variables and secrets); GitHub sends her back to /api/callback.
// README.md, "Editing in the browser", has the steps.

export async function onRequestGet({ request, env }) {
  const url = new URL(request.url);
  if (!env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET) {
    return new Response(
      "Accesso all'editor non configurato: mancano GITHUB_CLIENT_ID e GITHUB_CLIENT_SECRET " +
        "(vedi GUIDA-AUTRICE.md, «Pubblicare dall'editor»).",
      { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8" } },
    );
  }
  // A random value GitHub hands back, checked by /api/callback: a sign-in
  // that did not start here is refused.
  const state = crypto.randomUUID();
  const github = new URL("https://github.com/login/oauth/authorize");
  github.searchParams.set("client_id", env.GITHUB_CLIENT_ID);
  github.searchParams.set("redirect_uri", `${url.origin}/api/callback`);
  github.searchParams.set("scope", url.searchParams.get("scope") === "public_repo" ? "public_repo" : "repo");
  github.searchParams.set("state", state);
  return new Response(null, {
    status: 302,
    headers: {
      Location: github.toString(),
      "Set-Cookie": `editor_oauth_state=${state}; Path=/api; HttpOnly; Secure; SameSite=Lax; Max-Age=600`,
      "Cache-Control": "no-store",
    },
  });
}
