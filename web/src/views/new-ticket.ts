import { api, ApiError, handledBySession } from '../api.js';
import type { View } from '../app-context.js';
import { CATEGORIES, categoryLabel, isCategory } from '../catalog.js';
import { h } from '../dom.js';
import { errorText, problemsFromError } from '../error-text.js';
import { collect, Field, Form } from '../forms.js';
import { plural, t } from '../i18n/index.js';
import { href } from '../router.js';
import { draftHasContent, newIdempotencyKey, saveDraft, savedDraft, type Draft } from '../storage.js';
import { DESCRIPTION_MAX, remainingChars, SUBJECT_MAX } from '../text-count.js';
import { isBlank, isEmail, longerThan } from '../validation.js';

/** The last successful ticket, so the confirmation page can name the email without another call. */
export let lastCreated: { number: number; contactEmail: string } | null = null;

const ANNOUNCE_DELAY_MS = 1200;

export const newTicketView: View = (root, app) => {
  app.setTitle(t('new.title'));
  const client = app.client;
  if (!client) return;
  const restored = savedDraft(client.ico);
  const draft: Draft = restored ?? {
    ico: client.ico,
    contactEmail: client.lastContactEmail ?? '',
    category: '',
    subject: '',
    description: '',
    idempotencyKey: newIdempotencyKey(),
  };

  const counter = h('p', { class: 'counter', id: 'new-details-counter', 'aria-hidden': 'true' });
  // The visible counter changes on every keystroke; screen readers get a calmer copy once typing pauses.
  const counterAnnouncement = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'new-details-counter-live' });

  const email = new Field({
    id: 'new-email',
    name: 'contactEmail',
    label: t('new.email'),
    hint: t('new.emailHint'),
    type: 'email',
    autocomplete: 'email',
    spellcheck: false,
    value: draft.contactEmail,
  });
  const category = new Field({
    id: 'new-category',
    name: 'category',
    label: t('new.category'),
    kind: 'select',
    options: [{ value: '', label: t('new.categoryChoose') }, ...CATEGORIES.map((value) => ({ value, label: categoryLabel(value) }))],
    value: isCategory(draft.category) ? draft.category : '',
  });
  const subject = new Field({
    id: 'new-subject',
    name: 'subject',
    label: t('new.subject'),
    hint: t('new.subjectHint'),
    value: draft.subject,
  });
  const details = new Field({
    id: 'new-details',
    name: 'description',
    label: t('new.details'),
    hint: t('new.detailsHint'),
    kind: 'textarea',
    rows: 10,
    value: draft.description,
    after: [counter, counterAnnouncement],
  });

  const counterText = () => {
    const left = remainingChars(details.value, DESCRIPTION_MAX);
    return left >= 0 ? plural('new.remaining', left) : plural('new.over', -left);
  };
  let announceTimer: ReturnType<typeof setTimeout> | undefined;
  const updateCounter = (announce: boolean) => {
    const text = counterText();
    counter.textContent = text;
    counter.classList.toggle('counter-over', remainingChars(details.value, DESCRIPTION_MAX) < 0);
    if (!announce) return;
    clearTimeout(announceTimer);
    announceTimer = setTimeout(() => {
      counterAnnouncement.textContent = text;
    }, ANNOUNCE_DELAY_MS);
  };
  updateCounter(false);

  const store = () => {
    draft.contactEmail = email.value;
    draft.category = category.value;
    draft.subject = subject.value;
    draft.description = details.value;
    saveDraft(draft);
  };

  const form = new Form({
    id: 'new-form',
    submitLabel: t('new.submit'),
    busyLabel: t('new.busy'),
    onSubmit: async () => {
      store();
      const over = -remainingChars(details.value, DESCRIPTION_MAX);
      const problems = collect([
        ['contactEmail', isBlank(email.value) ? t('email.required') : isEmail(email.value) ? null : t('email.invalid')],
        ['category', isCategory(category.value) ? null : t('new.categoryRequired')],
        [
          'subject',
          isBlank(subject.value) ? t('new.subjectRequired') : longerThan(subject.value, SUBJECT_MAX) ? t('new.subjectTooLong') : null,
        ],
        [
          'description',
          isBlank(details.value)
            ? t('new.detailsRequired')
            : over > 0
              ? t('new.detailsTooLong', { over: plural('unit.chars', over) })
              : null,
        ],
      ]);
      if (problems.length > 0) return form.showProblems(problems);
      form.setBusy(true);
      try {
        const created = await api.createTicket(
          { contactEmail: email.value.trim(), category: category.value, subject: subject.value.trim(), description: details.value.trim() },
          draft.idempotencyKey,
        );
        saveDraft(null);
        lastCreated = { number: created.number, contactEmail: created.contactEmail };
        app.updateClient({ lastContactEmail: created.contactEmail });
        app.navigate(href.created(created.number));
      } catch (error) {
        form.setBusy(false);
        if (handledBySession(error)) return;
        if (error instanceof ApiError && error.code === 'idempotency_conflict') {
          // An earlier attempt of this draft reached the server before the text was changed; the
          // changed text goes out as a new request only if the person sends it again.
          draft.idempotencyKey = newIdempotencyKey();
          saveDraft(draft);
          form.showProblems([{ message: t('new.alreadySent') }]);
          return;
        }
        if (error instanceof ApiError && error.code === 'payload_too_large') {
          form.showProblems([{ field: 'description', message: errorText(error) }]);
          return;
        }
        const problems = problemsFromError(error, form);
        // Nothing is lost when the connection drops: say so, the draft is already in sessionStorage.
        if (error instanceof ApiError && (error.code === 'network' || error.code === 'unavailable' || error.status >= 500)) {
          problems.push({ message: t('error.draftKept') });
        }
        form.showProblems(problems);
      }
    },
  });
  form.add(email, category, subject, details);
  form.element.addEventListener('input', (event) => {
    if (event.target === details.control) updateCounter(true);
    store();
  });
  form.element.addEventListener('change', store);

  app.onClientUpdate((fresh) => {
    if (email.value === '' && fresh.lastContactEmail && document.activeElement !== email.control) {
      email.value = fresh.lastContactEmail;
      store();
    }
  });

  root.append(
    h(
      'div',
      { class: 'panel panel-medium' },
      h('h1', { tabindex: -1 }, t('new.title')),
      h('p', { class: 'lead' }, t('new.intro')),
      form.element,
    ),
  );
  if (restored && draftHasContent(restored)) app.notify(t('new.draftRestored'), 'info');
};
