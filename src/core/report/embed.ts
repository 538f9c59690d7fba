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

/** A stylesheet that cannot close its `<style>` element. */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}
