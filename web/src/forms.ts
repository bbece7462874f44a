/**
 * Accessible form pieces: labelled fields with hint and inline error, and an error summary that
 * lists every problem with a link to its field and takes focus, so keyboard and screen-reader users
 * land on what needs fixing.
 */
import { h, replaceChildren } from './dom.js';
import { t } from './i18n/index.js';

export interface FieldSpec {
  id: string;
  name: string;
  label: string;
  hint?: string;
  kind?: 'input' | 'textarea' | 'select';
  type?: 'text' | 'email' | 'password' | 'tel';
  autocomplete?: string;
  inputmode?: 'numeric' | 'email' | 'tel' | 'text';
  optional?: boolean;
  value?: string;
  options?: { value: string; label: string }[];
  rows?: number;
  spellcheck?: boolean;
  /** Announce the inline error as it changes (for validation while typing). */
  liveError?: boolean;
  /** Extra elements after the control (a character counter, a show-password toggle). */
  after?: Node[];
  /** Ids of extra elements that describe the control. */
  describedBy?: string[];
  className?: string;
}

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export class Field {
  readonly element: HTMLDivElement;
  readonly control: Control;
  private readonly errorElement: HTMLParagraphElement;
  private readonly baseDescribedBy: string[];

  constructor(readonly spec: FieldSpec) {
    const hintId = `${spec.id}-hint`;
    const errorId = `${spec.id}-error`;
    this.baseDescribedBy = [...(spec.hint ? [hintId] : []), ...(spec.describedBy ?? [])];
    const common = {
      id: spec.id,
      name: spec.name,
      autocomplete: spec.autocomplete,
      required: !spec.optional,
      'aria-describedby': this.baseDescribedBy.join(' ') || null,
    };
    if (spec.kind === 'select') {
      this.control = h(
        'select',
        common,
        (spec.options ?? []).map((option) => h('option', { value: option.value }, option.label)),
      );
    } else if (spec.kind === 'textarea') {
      this.control = h('textarea', { ...common, rows: spec.rows ?? 8, spellcheck: spec.spellcheck ?? true });
    } else {
      this.control = h('input', {
        ...common,
        type: spec.type ?? 'text',
        inputmode: spec.inputmode,
        spellcheck: spec.spellcheck === false ? 'false' : null,
        autocapitalize: spec.type === 'email' || spec.type === 'password' ? 'off' : null,
      });
    }
    if (spec.value !== undefined) this.control.value = spec.value;
    this.errorElement = h('p', { class: 'field-error', id: errorId, hidden: true, 'aria-live': spec.liveError ? 'polite' : null });
    this.element = h(
      'div',
      { class: ['field', spec.className].filter(Boolean).join(' ') },
      h('label', { for: spec.id }, spec.label, spec.optional ? h('span', { class: 'optional' }, ` ${t('common.optional')}`) : null),
      spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null,
      this.errorElement,
      this.control,
      spec.after ?? [],
    );
  }

  get value(): string {
    return this.control.value;
  }

  set value(value: string) {
    this.control.value = value;
  }

  get error(): string | null {
    return this.errorElement.hidden ? null : (this.errorElement.lastChild?.textContent ?? null);
  }

  setError(message: string | null): void {
    const errorId = this.errorElement.id;
    if (message) {
      replaceChildren(this.errorElement, h('span', { class: 'visually-hidden' }, `${t('common.errorPrefix')} `), message);
      this.errorElement.hidden = false;
      this.control.setAttribute('aria-invalid', 'true');
      this.control.setAttribute('aria-describedby', [...this.baseDescribedBy, errorId].join(' '));
      this.element.classList.add('has-error');
    } else {
      this.errorElement.replaceChildren();
      this.errorElement.hidden = true;
      this.control.removeAttribute('aria-invalid');
      const describedBy = this.baseDescribedBy.join(' ');
      if (describedBy) this.control.setAttribute('aria-describedby', describedBy);
      else this.control.removeAttribute('aria-describedby');
      this.element.classList.remove('has-error');
    }
  }
}

export interface FormProblem {
  /** The field's name; absent for a problem with the whole form (wrong password, no connection). */
  field?: string;
  message: string;
}

export class Form {
  readonly element: HTMLFormElement;
  readonly body: HTMLDivElement;
  readonly submitButton: HTMLButtonElement;
  private readonly summary: HTMLDivElement;
  private readonly fields = new Map<string, Field>();
  private busy = false;

  constructor(
    private readonly options: {
      id: string;
      submitLabel: string;
      busyLabel: string;
      onSubmit: (form: Form) => Promise<void> | void;
      secondary?: Node[];
    },
  ) {
    this.summary = h('div', { class: 'error-summary', id: `${options.id}-summary`, tabindex: -1, hidden: true });
    this.body = h('div', { class: 'form-body' });
    this.submitButton = h('button', { type: 'submit', class: 'button' }, options.submitLabel);
    this.element = h(
      'form',
      { id: options.id, novalidate: true, onsubmit: (event: Event) => this.handleSubmit(event) },
      this.summary,
      this.body,
      h('div', { class: 'form-actions' }, this.submitButton, options.secondary ?? []),
    );
  }

  add(...fields: (Field | Node)[]): this {
    for (const item of fields) {
      if (item instanceof Field) {
        this.fields.set(item.spec.name, item);
        this.body.appendChild(item.element);
      } else {
        this.body.appendChild(item);
      }
    }
    return this;
  }

  field(name: string): Field {
    const field = this.fields.get(name);
    if (!field) throw new Error(`no field ${name}`);
    return field;
  }

  hasField(name: string): boolean {
    return this.fields.has(name);
  }

  value(name: string): string {
    return this.field(name).value;
  }

  clearErrors(): void {
    for (const field of this.fields.values()) field.setError(null);
    this.summary.hidden = true;
    this.summary.replaceChildren();
  }

  /** Marks the fields, fills the summary and moves focus to it. */
  showProblems(problems: FormProblem[]): void {
    this.clearErrors();
    if (problems.length === 0) return;
    const items = problems.map((problem) => {
      const field = problem.field ? this.fields.get(problem.field) : undefined;
      field?.setError(problem.message);
      return h('li', null, field ? h('a', { href: `#${field.spec.id}` }, problem.message) : problem.message);
    });
    replaceChildren(
      this.summary,
      h('div', { role: 'alert' }, h('h2', { class: 'error-summary-title' }, t('common.errorSummary')), h('ul', null, items)),
    );
    this.summary.hidden = false;
    this.summary.focus();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.submitButton.textContent = busy ? this.options.busyLabel : this.options.submitLabel;
    this.submitButton.setAttribute('aria-disabled', String(busy));
    this.element.setAttribute('aria-busy', String(busy));
  }

  private async handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    // A second click while the first submit is under way does nothing.
    if (this.busy) return;
    await this.options.onSubmit(this);
  }
}

/** Runs the checks in order and collects every failure, so the summary shows all of them at once. */
export function collect(checks: [string, string | null][]): FormProblem[] {
  return checks.filter((check): check is [string, string] => check[1] !== null).map(([field, message]) => ({ field, message }));
}
