import { makeFinding } from '../../findings/finding';
import { errorCode } from '../../net/errors';
import { socketHost } from '../../net/transport';
import { type Step } from '../../pipeline/types';
import { throughProxyReason } from './proxy';
import { type DiagnosisState } from '../state';

export const dnsStep: Step<DiagnosisState> = {
  name: 'dns',
  label: 'Resolving host',
  skipReason: throughProxyReason,
  async run(ctx) {
    const host = socketHost(ctx.state.input.url);
    try {
      ctx.state.addresses = await ctx.state.input.net.lookup(host, ctx.signal);
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      ctx.add(makeFinding('NET_DNS_FAILED', { host, errorCode: errorCode(err) ?? 'unknown' }));
      ctx.stopAfterThis('the host name does not resolve');
    }
  },
};
