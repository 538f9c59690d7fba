/**
 * Helpers to put data and code inside an HTML page without letting either end the element
 * they sit in. Used by the standalone report and the VS Code panel alike.
 */

/** JSON for a `<script type="application/json">` block: `<`, `>` and `&` escaped so no `</script>` or `<!--` survives. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Text for an HTML text node or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Makes a script safe to inline: `</script` cannot close the element early. A bundle containing
 * `<!--` is refused rather than rewritten, because the rewrite is not safe in every JS context.
 */
export function inlineScript(code: string): string {
  if (code.includes('<!--')) throw new Error('the webview bundle contains "<!--" and cannot be inlined safely');
  return code.replace(/<\/(script)/gi, '<\\/$1');
}

/**
 * The report view's Content-Security-Policy: nothing is allowed unless named, no base URL or form
 * target can be set. Callers name where the script, styles and (optionally) images and fonts come from.
 */
export function reportCsp(sources: { script: string; style: string; img?: string; font?: string }): string {
  return [
    "default-src 'none'",
    `script-src ${sources.script}`,
    `style-src ${sources.style}`,
    `img-src ${sources.img ?? "'none'"}`,
    ...(sources.font ? [`font-src ${sources.font}`] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** A stylesheet that cannot close its `<style>` element. */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}
