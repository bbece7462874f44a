/**
 * What the person reads when a call fails: our string for the code in the portal's language (the
 * server's messages are Czech by contract); the server's message only for a code we do not know yet.
 */
import { ApiError } from './api.js';
import type { FormProblem } from './forms.js';
import { formatTime, hasKey, lang, plural, t } from './i18n/index.js';

export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.generic');
  if (error.code === 'locked') return lockedText(error.retryAfterSeconds);
  const own = reasonText(error);
  if (own) return own;
  const key = `error.${error.code}`;
  if (hasKey(key)) return t(key);
  return error.serverMessage ?? t('error.generic');
}

/** Our text for a refusal that names its reason (`error.weak_password.repeated`), when we have one. */
function reasonText(error: ApiError): string | null {
  const key = `error.${error.code}.${error.reason}`;
  return error.reason && hasKey(key) ? t(key) : null;
}

export function lockedText(retryAfterSeconds: number | undefined, now = new Date()): string {
  const seconds = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds : 15 * 60;
  const until = new Date(now.getTime() + seconds * 1000);
  return t('error.locked', { time: formatTime(until), minutes: plural('unit.minutes', Math.ceil(seconds / 60)) });
}

/** A field message from a validation_failed answer, in the current language. */
export function fieldErrorText(serverMessage: string, ownMessage: string | null): string {
  if (lang() === 'cs') return serverMessage;
  return ownMessage ?? t('error.field');
}

/**
 * Turns a failed submit into summary entries: the server's per-field messages on their fields
 * (unknown fields become form-level entries), anything else one form-level entry.
 */
export function problemsFromError(
  error: unknown,
  form: { hasField(name: string): boolean },
  ownMessage: (field: string) => string | null = () => null,
): FormProblem[] {
  if (error instanceof ApiError && Object.keys(error.fields).length > 0) {
    const own = reasonText(error);
    return Object.entries(error.fields).map(([name, message]) => ({
      field: form.hasField(name) ? name : undefined,
      message: own ?? fieldErrorText(message, ownMessage(name)),
    }));
  }
  return [{ message: errorText(error) }];
}
