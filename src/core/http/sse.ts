/** One dispatched Server-Sent Event (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseEvent {
  /** The `event:` field, or "message" when absent. */
  readonly event: string;
  /** All `data:` lines joined with "\n". */
  readonly data: string;
  readonly id?: string;
  readonly retry?: number;
}

export interface SseParse {
  readonly events: SseEvent[];
  /** Comment lines (": keep-alive") seen; they carry no data but prove the stream is alive. */
  readonly comments: number;
  /** True when text after the last blank line was left undispatched (the event was still arriving). */
  readonly partial: boolean;
}

export const DEFAULT_MAX_SSE_EVENTS = 200;

/**
 * Parses an SSE body read so far. Lines end in CRLF, LF or CR; a blank line dispatches the event;
 * an event still arriving at the end is not dispatched (it may be incomplete). Bounded by `maxEvents`.
 */
export function parseSse(text: string, maxEvents = DEFAULT_MAX_SSE_EVENTS): SseParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // The last element is whatever follows the final line break: an unterminated line.
  const unterminated = lines.pop() ?? '';
  const events: SseEvent[] = [];
  let comments = 0;
  let pending = newPending();
  for (const line of lines) {
    if (events.length >= maxEvents) break;
    if (line === '') {
      if (pending.data !== undefined) events.push(finish(pending));
      pending = newPending();
    } else if (line.startsWith(':')) comments += 1;
    else applyField(pending, line);
  }
  return { events, comments, partial: pending.touched || unterminated !== '' };
}

interface Pending {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
  touched: boolean;
}

function newPending(): Pending {
  return { touched: false };
}

function applyField(pending: Pending, line: string): void {
  const colon = line.indexOf(':');
  const field = colon === -1 ? line : line.slice(0, colon);
  let value = colon === -1 ? '' : line.slice(colon + 1);
  if (value.startsWith(' ')) value = value.slice(1);
  pending.touched = true;
  if (field === 'data') pending.data = pending.data === undefined ? value : `${pending.data}\n${value}`;
  else if (field === 'event') pending.event = value;
  else if (field === 'id' && !value.includes('\0')) pending.id = value;
  else if (field === 'retry' && /^\d+$/.test(value)) pending.retry = Number(value);
}

function finish(pending: Pending): SseEvent {
  return {
    event: pending.event || 'message',
    data: pending.data ?? '',
    ...(pending.id !== undefined ? { id: pending.id } : {}),
    ...(pending.retry !== undefined ? { retry: pending.retry } : {}),
  };
}
