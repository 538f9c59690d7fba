/* eslint-disable @typescript-eslint/no-require-imports -- undici's own modules, see below */
import type * as Undici from 'undici';

/**
 * The parts of undici the engine uses, required from their own modules. The package index also
 * initialises fetch, WebSocket, EventSource, the cache stores, cookies and the mocks: about a third
 * of loading the CLI's command bundle (--cpu-prof) and 200 KB of every engine bundle, none of it
 * used. The module paths are undici 7's (package-lock pins the version; every HTTP test breaks
 * if they move). Types come from the package's own declarations.
 */
export const Pool = require('undici/lib/dispatcher/pool') as typeof Undici.Pool;
export const buildConnector = require('undici/lib/core/connect') as typeof Undici.buildConnector;

type RequestFn = (this: Undici.Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<Undici.Dispatcher.ResponseData>;
const apiRequest = require('undici/lib/api/api-request') as RequestFn;

/** undici's `request(url, { dispatcher, ... })` without the package index: one request through `dispatcher`. */
export function dispatchRequest(
  dispatcher: Undici.Dispatcher,
  url: URL,
  options: Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>,
): Promise<Undici.Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, { ...options, origin: url.origin, path: `${url.pathname}${url.search}` });
}
