import { type DiagnosisState } from '../state';
import { type ProxyRouteEvidence } from '../../findings/evidence/common';
import { makeFinding } from '../../findings/finding';
import { portOf, socketHost } from '../../net/transport';
import { type Step, type StepContext } from '../../pipeline/types';
import { proxySettingsDisagreement, resolveProxy } from '../../proxy/resolve';
import { openTunnel, type TunnelRefusal } from '../../proxy/tunnel';
import { type ProxyRoute } from '../../proxy/types';

/** The route requests to the diagnosed URL take, from the input (pure). */
export function targetRoute(state: DiagnosisState): ProxyRoute {
  return resolveProxy(state.input.url, state.input.proxy, state.input.env);
}

/** When requests go through a proxy, the proxy resolves and connects to the server: the DNS and TCP steps say so. */
export function throughProxyReason(state: DiagnosisState): string | undefined {
  const route = targetRoute(state);
  return route.mode === 'proxy' ? `through proxy ${route.display}: the proxy resolves and connects to the server` : undefined;
}

/**
 * The path: direct, bypassed by NO_PROXY, or through a proxy, whose reachability and CONNECT answer
 * are probed here (the proxy, not the client, then talks to the server).
 */
export const proxyStep: Step<DiagnosisState> = {
  name: 'proxy',
  label: 'Checking the proxy path',
  skipReason: (s) => {
    const route = targetRoute(s);
    const noted = route.mode === 'proxy' || route.bypass || proxySettingsDisagreement(s.input.url, s.input.proxy, s.input.env);
    return noted ? undefined : 'direct connection (no proxy configured)';
  },
  async run(ctx) {
    const { state } = ctx;
    const route = targetRoute(state);
    const differ = proxySettingsDisagreement(state.input.url, state.input.proxy, state.input.env);
    if (differ) ctx.add(makeFinding('PROXY_SETTINGS_DIFFER', differ));
    if (route.mode === 'direct') {
      state.proxy = {
        path: 'direct',
        source: route.source,
        bypassedBy: route.bypass && { entry: route.bypass.entry, variable: route.bypass.variable },
      };
      if (route.bypass) ctx.add(bypassFinding(state, route));
      return;
    }
    if (route.noProxyDiffers) {
      ctx.add(makeFinding('PROXY_NO_PROXY_DIFFERS', { ...route.noProxyDiffers, host: state.input.url.hostname, proxy: route.display }));
    }
    await probeTunnel(ctx, route);
  },
};

function bypassFinding(state: DiagnosisState, route: ProxyRoute) {
  const bypass = route.bypass!;
  const envClients = bypass.clients.slice(0, 3);
  const clientsDisagree = envClients.some((c) => c.bypasses !== envClients[0]!.bypasses);
  return makeFinding(
    'PROXY_BYPASSED',
    {
      host: state.input.url.hostname,
      entry: bypass.entry,
      variable: bypass.variable,
      proxy: bypass.proxy,
      clients: bypass.clients,
      clientsDisagree,
    },
    clientsDisagree ? { severity: 'warning' } : {},
  );
}

async function probeTunnel(ctx: StepContext<DiagnosisState>, route: ProxyRoute): Promise<void> {
  const { state } = ctx;
  const host = socketHost(state.input.url);
  const port = portOf(state.input.url);
  const proxy = route.proxy!;
  const target = `${host}:${port}`;
  const base = { proxy: route.display, source: route.source, proxyHost: proxy.host, target, host, port };
  const result = await openTunnel(state.input.net, proxy, { host, port }, ctx.signal);
  if (result.ok) {
    result.socket.destroy();
    state.proxy = {
      path: 'proxy',
      proxy: route.display,
      source: route.source,
      connect: { status: result.status, statusText: result.statusText, ms: result.ms },
    };
    ctx.add(
      makeFinding('PROXY_PATH', {
        ...base,
        status: result.status,
        statusText: result.statusText,
        ms: result.ms,
        strictSsl: state.input.proxy?.strictSsl,
      }),
    );
    return;
  }
  state.proxy = {
    path: 'proxy',
    proxy: route.display,
    source: route.source,
    connect: { status: result.status, statusText: result.statusText, errorCode: result.errorCode },
  };
  ctx.add(refusalFinding(result, base, proxy));
  ctx.stopAfterThis(result.kind === 'unreachable' ? 'the proxy cannot be reached' : 'the proxy did not open a tunnel');
}

function refusalFinding(result: TunnelRefusal, base: ProxyRouteEvidence & { readonly target: string; readonly port: number }, proxy: URL) {
  if (result.kind === 'unreachable') {
    const during = result.errorCode === 'ENOTFOUND' || result.errorCode === 'EAI_AGAIN' ? 'DNS' : 'TCP connect';
    return makeFinding('PROXY_UNREACHABLE', {
      ...base,
      errorCode: result.errorCode,
      during,
      address: proxy.hostname,
      port: Number(proxy.port) || 80,
      targetPort: base.port,
    });
  }
  if (result.kind === 'auth')
    return makeFinding('PROXY_AUTH_REQUIRED', {
      ...base,
      status: result.status,
      statusText: result.statusText,
      schemes: result.schemes ?? [],
      sentCredentials: result.sentCredentials,
    });
  return makeFinding('PROXY_CONNECT_REFUSED', {
    ...base,
    status: result.status,
    statusText: result.statusText,
    bodyExcerpt: result.bodyExcerpt,
    errorCode: result.errorCode,
  });
}
