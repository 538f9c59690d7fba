/**
 * The only way the panel creates DOM. Strings always become text nodes (never HTML), and
 * attributes that could load or run something are refused, so server-provided text (certificate
 * names, headers, claims) can never turn into markup, a script, or a network request.
 */
export type Child = Node | string | number | boolean | null | undefined | readonly Child[];

export interface Props {
  readonly class?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly on?: Readonly<Record<string, (event: Event) => void>>;
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|href$|src$|srcset$|srcdoc$|action$|formaction$|xlink:|data$|poster$|background$)/i;

/** Creates an element with text-only children and vetted attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttribute(element, name, value);
  for (const [event, handler] of Object.entries(props.on ?? {})) element.addEventListener(event, handler);
  append(element, children);
  return element;
}

function setAttribute(element: Element, name: string, value: string | number | boolean | undefined): void {
  if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`refusing attribute ${name}`);
  if (value === undefined || value === false) return;
  element.setAttribute(name, value === true ? '' : String(value));
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === true) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

/** A text-only span with a class (the most common node in the panel). */
export function text(value: string, className?: string): HTMLSpanElement {
  return h('span', { class: className }, value);
}
