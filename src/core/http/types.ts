/** One hop of a redirect chain, walked by hand. Owned by the HTTP module. */
export interface RedirectHop {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly location?: string;
}
