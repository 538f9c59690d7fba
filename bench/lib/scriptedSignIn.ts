/**
 * The user's part of a sign-in, scripted over plain HTTP for the bench: follows oidc-provider's
 * development login and consent pages (fills the login form, submits the consent form) with a
 * cookie jar, until the redirect reaches the loopback callback, which it requests like a browser.
 * The same script drives both the engine's flow and the bare baseline, so the "browser" costs the
 * same on both sides and is reported apart. Bounded: at most 16 requests, 10 s each.
 */
import { request } from 'undici';

const MAX_STEPS = 16;

export async function scriptedSignIn(authorizationUrl: string): Promise<{ requests: number }> {
  const jar = new Map<string, string>();
  let next: { url: string; method: 'GET' | 'POST'; body?: string } = { url: authorizationUrl, method: 'GET' };
  for (let step = 1; step <= MAX_STEPS; step++) {
    const url = new URL(next.url);
    const callback = url.hostname === '127.0.0.1' && url.pathname === '/callback';
    const headers: Record<string, string> = { accept: 'text/html' };
    if (!callback && jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (next.body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await request(url, { method: next.method, headers, body: next.body, headersTimeout: 10_000, bodyTimeout: 10_000 });
    keepCookies(jar, res.headers['set-cookie']);
    const text = await res.body.text();
    if (callback) return { requests: step };
    const location = res.headers.location;
    if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
      next = { url: new URL(location, url).href, method: 'GET' };
      continue;
    }
    const form = formOf(text, url);
    if (!form) throw new Error(`sign-in script: no form and no redirect at ${url.pathname} (${res.statusCode})`);
    next = { url: form.action, method: 'POST', body: new URLSearchParams(form.fields).toString() };
  }
  throw new Error(`sign-in script: no callback after ${MAX_STEPS} requests`);
}

function keepCookies(jar: Map<string, string>, header: string | string[] | undefined): void {
  for (const line of typeof header === 'string' ? [header] : (header ?? [])) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    if (at > 0) jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

/** The page's POST form: its action and fields (hidden inputs kept; login and password filled in). */
function formOf(html: string, base: URL): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*action="([^"]+)"[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*>/gi)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    if (name) fields[name] = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
  }
  if ('login' in fields) fields.login = 'bench-user';
  if ('password' in fields) fields.password = 'any-password';
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base).href, fields };
}
