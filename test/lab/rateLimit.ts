import { type NextFunction, type Request, type Response } from 'express';

/**
 * A fixed-window, in-memory rate limiter for the whole server (no Redis: one lab process). Every
 * response carries the IETF `RateLimit-*` headers; over the limit: 429 with `Retry-After`.
 */
export function rateLimiter(limit: number, windowSec: number, now: () => number = Date.now) {
  let windowStart = now();
  let used = 0;
  return (_req: Request, res: Response, next: NextFunction): void => {
    const t = now();
    if (t - windowStart >= windowSec * 1000) {
      windowStart = t;
      used = 0;
    }
    const resetSec = Math.max(1, Math.ceil((windowStart + windowSec * 1000 - t) / 1000));
    used++;
    res.set({
      'RateLimit-Policy': `${limit};w=${windowSec}`,
      'RateLimit-Limit': String(limit),
      'RateLimit-Remaining': String(Math.max(0, limit - used)),
      'RateLimit-Reset': String(resetSec),
    });
    if (used <= limit) return next();
    res
      .set('Retry-After', String(resetSec))
      .status(429)
      .json({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: `Rate limit exceeded: ${limit} requests per ${windowSec} s; retry after ${resetSec} s` },
      });
  };
}
