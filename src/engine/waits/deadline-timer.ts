/**
 * Calls `onDeadline` `ms` from now, once the event loop has read what arrived by then. Timers run before
 * the poll that reads pipes and sockets, so after a busy stretch a plain timer fires while an exit, a line
 * or an answer that came in time is still unread. Cancel with clearTimeout; a caller that has settled by
 * the time of the call ignores it: once the timer has fired, clearTimeout no longer stops the call, so it
 * suits a one-shot deadline whose callback is guarded, not a timer that is re-armed.
 */
export function setDeadline(onDeadline: () => void, ms: number): NodeJS.Timeout {
  return setTimeout(() => setImmediate(onDeadline), ms);
}
