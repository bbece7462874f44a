import { codePointLength } from '../tickets/text-length';

/**
 * What a password a person chooses must be (NIST SP 800-63B §3.1.1.2, "memorized secrets"): at
 * least 10 characters, counted as code points of the NFC form after trimming (so ten spaces are
 * none, and "ž" typed as z + caron counts once); not one character or one group over and over;
 * not common or easily guessed (zxcvbn score below 3, with Czech and English dictionaries and the
 * account's own words); not holding the IČO, the company's or person's name or an e-mail of the
 * account. No composition rules (no "one digit, one capital"): they make passwords harder to
 * remember, not harder to guess. Applied to new passwords only: login checks a stored password as
 * it was set, and the temporary passwords the system generates pass these rules too.
 */
export const PASSWORD_MIN_LENGTH = 10;
/** zxcvbn's score: 3 is "safely unguessable" (≥ 10^8 guesses) for an online attack that is throttled, as ours is (lockout). */
export const PASSWORD_MIN_SCORE = 3;
/** A word of a name or an e-mail shorter than this ("kůň", "jan") is not refused on its own; zxcvbn still counts it as known. */
const PERSONAL_PART_MIN = 4;

export type PasswordProblem = 'too_short' | 'repeated' | 'personal' | 'guessable';

/** What is known about the account, and so must not be in its password. */
export interface PasswordContext {
  ico?: string;
  companyName?: string;
  /** A staff member's name. */
  personName?: string;
  emails?: readonly string[];
}

/** Words of a company name that name its legal form, not the company ("spol. s r.o.", "akciová společnost"). */
const LEGAL_FORM_WORDS = new Set([
  'spol',
  'spolecnost',
  'rucenim',
  'omezenym',
  'akciova',
  'komanditni',
  'verejna',
  'obchodni',
  'druzstvo',
  'zapsany',
  'spolek',
  'ustav',
  'gmbh',
]);
/** Words anyone would try against this service. */
const SERVICE_WORDS = ['softech', 'podpora', 'helpdesk'];

/** The password as the rules count it: NFC, without whitespace at either end. */
const canonical = (password: string) => password.normalize('NFC').trim();

export const passwordLength = (password: string) => codePointLength(canonical(password));
export const passwordTooShort = (password: string) => passwordLength(password) < PASSWORD_MIN_LENGTH;

/** Case and diacritics do not matter: "ŽLUŤOUČKÝ" is "zlutoucky" ("ß" is "ss"). */
const fold = (s: string) => s.normalize('NFD').toUpperCase().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
const words = (s: string) =>
  fold(s)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
/** Letters and digits only: "2708 2440" holds the IČO 27082440, "jana.novakova" the name "jananovakova". */
const compact = (s: string) => fold(s).replace(/[^\p{L}\p{N}]/gu, '');

/** What the password must not hold: the IČO, each word of 4+ characters of the names and e-mail local parts, and each of them whole. */
function personalParts(context: PasswordContext): Set<string> {
  const parts = new Set<string>();
  const add = (text: string | undefined) => {
    if (!text) return;
    const meaningful = words(text).filter((w) => !LEGAL_FORM_WORDS.has(w) && [...w].length > 1);
    for (const part of [...meaningful, meaningful.join('')]) if ([...part].length >= PERSONAL_PART_MIN) parts.add(part);
  };
  if (context.ico) parts.add(compact(context.ico));
  add(context.companyName);
  add(context.personName);
  for (const email of context.emails ?? []) add(email.split('@')[0]);
  return parts;
}

/** What zxcvbn should treat as known to an attacker: every word of the account's names and e-mails, as written and folded. */
function userInputs(context: PasswordContext, parts: Set<string>): string[] {
  const raw = [context.companyName, context.personName, ...(context.emails ?? [])]
    .flatMap((t) => (t ? t.toLowerCase().split(/[^\p{L}\p{N}]+/u) : []))
    .filter((w) => [...w].length > 1);
  return [...new Set([...raw, ...parts, ...SERVICE_WORDS, ...(context.ico ? [context.ico] : [])])];
}

let estimator: Promise<typeof import('./password-estimator.mjs')> | undefined;
/** The estimator and its dictionaries are imported on the first check, never at a cold start. */
function loadEstimator() {
  estimator ??= import('./password-estimator.mjs').catch((err: unknown) => {
    estimator = undefined;
    throw err;
  });
  return estimator;
}

/** Why a new password is refused, or null when it may be used. */
export async function passwordProblem(password: string, context: PasswordContext = {}): Promise<PasswordProblem | null> {
  const p = canonical(password);
  if (codePointLength(p) < PASSWORD_MIN_LENGTH) return 'too_short';
  const letters = compact(p);
  if (new Set(fold(p)).size <= 1 || /^(.+?)\1+$/u.test(letters)) return 'repeated';
  const parts = personalParts(context);
  for (const part of parts) if (letters.includes(part)) return 'personal';
  const { score, repeatOnly } = (await loadEstimator()).estimate(p, userInputs(context, parts));
  if (repeatOnly) return 'repeated';
  return score < PASSWORD_MIN_SCORE ? 'guessable' : null;
}
