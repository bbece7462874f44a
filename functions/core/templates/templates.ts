import { formatDeadline, formatPrice } from '../mail-out/outbound-mail';
import type { Staff, Ticket } from '../model';
import { Refusal } from '../refusal';

/**
 * Reply templates (šablony odpovědí, docs/data-model.md): administrators keep them; on a ticket a
 * worker picks one and it fills the reply text from the ticket. Placeholders are `{name}`; an unknown
 * one is refused when the template is saved, so a template never leaves braces in a client's mail.
 */
export interface ReplyTemplate {
  id: string;
  name: string;
  text: string;
  updatedAt: string;
  updatedBy: string;
}

export interface TemplateStore {
  listTemplates(): Promise<ReplyTemplate[]>;
  getTemplate(id: string): Promise<ReplyTemplate | undefined>;
  putTemplate(template: ReplyTemplate): Promise<void>;
  deleteTemplate(id: string): Promise<boolean>;
}

export const PLACEHOLDERS = {
  cislo: 'číslo požadavku',
  predmet: 'předmět požadavku',
  klient: 'název klienta',
  kontakt: 'kontaktní e-mail požadavku',
  pracovnik: 'vaše jméno',
  termin: 'termín z nabídky (prázdné, když žádná není)',
  cena: 'cena z nabídky s DPH/bez DPH (prázdné, když žádná není)',
} as const;

type Placeholder = keyof typeof PLACEHOLDERS;
const PLACEHOLDER = /\{([^{}\s]{0,40})\}/g;

/** The placeholders a text uses that are not known. */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !(name in PLACEHOLDERS)))];
}

export const knownPlaceholderList = () =>
  Object.keys(PLACEHOLDERS)
    .map((p) => `{${p}}`)
    .join(', ');

/** The reply text a template gives for this ticket and this staff member. */
export function fillTemplate(text: string, ticket: Ticket, me: Pick<Staff, 'name'>): string {
  const quote = ticket.quote;
  const values: Record<Placeholder, string> = {
    cislo: String(ticket.number),
    predmet: ticket.subject,
    klient: ticket.clientName,
    kontakt: ticket.contactEmail,
    pracovnik: me.name,
    termin: quote ? formatDeadline(quote.deadline) : '',
    cena: quote ? `${formatPrice(quote.price)} ${quote.vat === 'with' ? 'včetně DPH' : 'bez DPH'}` : '',
  };
  return text.replace(PLACEHOLDER, (whole, name: string) => (name in values ? values[name as Placeholder] : whole));
}

export interface TemplateDeps {
  templates: TemplateStore;
  clock: { now(): Date };
  ids: { id(): string };
}

function requireAdmin(me: Pick<Staff, 'role'>) {
  if (me.role !== 'admin') throw new Refusal('forbidden');
}

/** Creates (no id) or replaces a template; administrators only; unknown placeholders refused with the known ones. */
export async function saveTemplate(
  deps: TemplateDeps,
  me: Pick<Staff, 'email' | 'role'>,
  input: { name: string; text: string },
  id?: string,
): Promise<ReplyTemplate> {
  requireAdmin(me);
  const unknown = unknownPlaceholders(input.text);
  if (unknown.length > 0) {
    throw new Refusal('validation_failed', {
      text: `Neznámé zástupné symboly: ${unknown.map((u) => `{${u}}`).join(', ')}. Použít lze: ${knownPlaceholderList()}.`,
    });
  }
  if (id !== undefined && !(await deps.templates.getTemplate(id))) throw new Refusal('not_found');
  const template: ReplyTemplate = {
    id: id ?? deps.ids.id(),
    name: input.name,
    text: input.text,
    updatedAt: deps.clock.now().toISOString(),
    updatedBy: me.email,
  };
  await deps.templates.putTemplate(template);
  return template;
}

export async function removeTemplate(deps: TemplateDeps, me: Pick<Staff, 'role'>, id: string): Promise<void> {
  requireAdmin(me);
  if (!(await deps.templates.deleteTemplate(id))) throw new Refusal('not_found');
}
