/*
 * API failures in plain words: what happened, and whether pressing the button again is
 * safe. "Safe" holds because a retry of the same request reuses its idempotency key.
 */
export interface ErrorText {
  title: string;
  detail: string;
}

export function describePushError(status: number, code: string, message: string): ErrorText {
  if (status === 0)
    return {
      title: 'The dashboard server could not be reached.',
      detail: 'Check your connection and try again. Trying again is safe: the same request is never pushed twice.',
    };
  if (status === 400) return { title: 'Some fields need fixing.', detail: message };
  if (status === 404)
    return {
      title: 'This application was not found.',
      detail: 'It may have been deleted, or the link is wrong. Nothing was pushed.',
    };
  // The server will not send this key again (it cannot know whether ENS acted): the form drops the key.
  if (code === 'PushOutcomeUnknown')
    return {
      title: 'ENS may or may not have received this push.',
      detail: `${message} Pressing the button again sends it as a new push.`,
    };
  if (status === 409)
    return {
      title: 'This exact push is already being processed.',
      detail: 'Wait a few seconds and try again to see its result.',
    };
  if (status === 413)
    return {
      title: 'The request is too large.',
      detail: 'Push fewer files at once (the limit is 256 KiB of JSON). Nothing was pushed.',
    };
  if (status === 429 || /^Throttling/.test(code))
    return {
      title: 'ENS is throttling requests right now.',
      detail: 'Wait a few seconds and try again. Trying again is safe.',
    };
  if (status === 504)
    return {
      title: 'ENS did not answer in time.',
      detail: 'Nothing was recorded as pushed. Trying again is safe: it reuses the same request key.',
    };
  if (status >= 500)
    return {
      title: 'ENS or the dashboard failed to complete the push.',
      detail: `${message} Trying again is safe: the same request key is sent again, and the server tries again because ENS did not act on it.`,
    };
  return { title: 'The push was refused.', detail: message };
}
