/** What the OAuth / JWT checks learned. Owned by the auth module. */
export interface AuthReport {
  readonly challenge?: string;
}
