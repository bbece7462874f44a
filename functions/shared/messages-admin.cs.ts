/** Every Czech sentence of the staff admin UI, in one place (the client-facing ones are in messages.cs.ts). */
export const adminErrors = {
  invalid_login: 'Nesprávný e-mail, heslo nebo ověřovací kód.',
  locked: 'Příliš mnoho neúspěšných pokusů o přihlášení. Zkuste to znovu později.',
  csrf: 'Formulář vypršel nebo nepochází z této aplikace. Načtěte stránku znovu a akci opakujte.',
  bad_month: 'Měsíc zadejte ve tvaru RRRR-MM, například 2026-11.',
  forbidden_origin: 'Požadavek přišel z nepovolené adresy.',
  forbidden: 'K této části správy nemáte oprávnění. Správu klientů a pracovníků mají jen administrátoři.',
  not_found: 'Požadovaný záznam neexistuje.',
  bad_cursor: 'Odkaz na stránku seznamu je neplatný nebo zastaralý (platí 12 hodin). Otevřete seznam znovu od začátku.',
  route_not_found: 'Tato stránka neexistuje.',
  method_not_allowed: 'Tuto akci nelze na této adrese provést.',
  validation_failed: 'Formulář obsahuje chyby. Opravte prosím označená pole.',
  payload_too_large: 'Odeslaná data jsou příliš velká.',
  file_too_large: 'Soubor je příliš velký (nejvýše 4 MB).',
  file_missing: 'Vyberte soubor k nahrání.',
  unsupported_media_type: 'Formulář musí být odeslán jako application/x-www-form-urlencoded nebo multipart/form-data.',
  conflict: 'Záznam mezitím změnil někdo jiný. Načtěte stránku znovu a zkontrolujte jej.',
  ticket_closed: 'Požadavek je uzavřený nebo zrušený; nejprve jej znovu otevřete změnou stavu.',
  client_exists: 'Klient s tímto IČ už má účet.',
  client_missing: 'Klient s tímto IČ neexistuje.',
  staff_exists: 'Pracovník s tímto e-mailem už existuje.',
  not_yourself: 'Svůj vlastní účet takto měnit nemůžete (nezůstal by žádný aktivní administrátor).',
  already_decided: 'O této žádosti už bylo rozhodnuto.',
  already_handled: 'Tato zpráva už byla zpracována.',
  not_failed: 'Tato zpráva už není ve stavu „nedoručeno“.',
  wrong_current_password: 'Současné heslo není správné.',
  wrong_code: 'Ověřovací kód nesouhlasí. Zkontrolujte čas v telefonu a zadejte aktuální kód.',
  unavailable: 'Služba je dočasně nedostupná. Zkuste to prosím za chvíli znovu.',
  internal: 'Nastala neočekávaná chyba. Zkuste to prosím znovu; pokud potíže trvají, kontaktujte správce.',
} as const;
export type AdminErrorCode = keyof typeof adminErrors;

export const adminFields = {
  email: 'Zadejte platnou e-mailovou adresu.',
  password: 'Zadejte heslo.',
  newPassword:
    'Nové heslo musí mít alespoň 10 znaků (mezery na začátku a na konci se nepočítají). Zvolte třeba několik nesouvisejících slov, která si snadno zapamatujete.',
  samePassword: 'Nové heslo se musí lišit od současného.',
  code: 'Zadejte šestimístný kód z ověřovací aplikace.',
  name: 'Vyplňte jméno (nejvýše 200 znaků).',
  companyName: 'Vyplňte název firmy (nejvýše 200 znaků).',
  emails: 'Zadejte platné e-mailové adresy oddělené čárkou nebo novým řádkem (nejvýše 20).',
  role: 'Vyberte roli.',
  text: 'Vyplňte text (nejvýše 8000 znaků).',
  reason: 'Uveďte důvod (nejvýše 2000 znaků).',
  price: 'Zadejte cenu v Kč (kladné číslo, nejvýše dvě desetinná místa).',
  vat: 'Uveďte, zda je cena s DPH, nebo bez DPH.',
  deadline: 'Zadejte termín ve tvaru RRRR-MM-DD (dnes nebo později).',
  deadlinePast: 'Termín nesmí být v minulosti.',
  status: 'Vyberte stav.',
  assignee: 'Vyberte aktivního pracovníka.',
  ticket: 'Zadejte pořadové číslo existujícího požadavku.',
  channel: 'Vyberte, jak jste žadatele ověřili.',
  note: 'Poznámka může mít nejvýše 2000 znaků.',
  invalid: 'Neplatná hodnota.',
  workDate: 'Zadejte den práce ve tvaru RRRR-MM-DD (dnes nebo dříve).',
  workMinutes: 'Zadejte odpracovaný čas v minutách (např. 90) nebo v hodinách a minutách (např. 1:30), nejvýše 24 hodin.',
  workDescription: 'Popište práci (nejvýše 500 znaků).',
  hourlyRate: 'Zadejte hodinovou sazbu v Kč (kladné číslo, nejvýše dvě desetinná místa), nebo pole nechte prázdné.',
  vatRate: 'Vyberte sazbu DPH.',
  dic: 'Zadejte DIČ ve tvaru CZ a 8 až 10 číslic, nebo pole nechte prázdné.',
} as const;

/** Why a new staff password is refused (core/accounts/password-rules.ts), each with how to choose a better one. */
export const adminPasswordProblems = {
  too_short: adminFields.newPassword,
  repeated:
    'Heslo z jednoho znaku nebo jedné skupiny znaků stále dokola se uhodne hned. Zvolte třeba několik nesouvisejících slov, která si snadno zapamatujete.',
  personal:
    'Heslo nesmí obsahovat vaše jméno ani e-mailovou adresu (ani jejich části). Zvolte třeba několik nesouvisejících slov, která s vámi nemají nic společného.',
  guessable:
    'Toto heslo je běžné nebo snadno uhodnutelné (známé heslo, slovo ze slovníku, jméno, datum, řada jako 123456 nebo qwertz). Zvolte delší heslo, třeba několik nesouvisejících slov, která si snadno zapamatujete; číslice ani zvláštní znaky nejsou potřeba.',
} as const;

export const queueTabLabels = {
  new: 'Nové',
  mine: 'Moje',
  overdue: 'Po termínu',
  'due-soon': 'Blíží se termín',
  assigned: 'Přidělené',
  'waiting-for-client': 'Čeká na klienta',
  quoted: 'Nabídnuto',
  agreed: 'Dohodnuto',
  'in-progress': 'V řešení',
  resolved: 'Vyřešené',
  closed: 'Uzavřené a zrušené',
} as const;

/** SES delivery reports (docs/email.md "doručeno / nedoručeno"). */
export const deliveryLabels = {
  delivered: 'doručeno',
  bounced: 'nedoručeno (vráceno)',
  complained: 'příjemce označil jako spam',
  delayed: 'doručení se zdržuje',
  rejected: 'odmítnuto',
} as const;

export const outboxKindLabels = {
  confirmation: 'potvrzující zpráva',
  'staff-reply': 'odpověď pracovníka',
  quote: 'nabídka ceny a termínu',
  notification: 'oznámení',
  alert: 'upozornění pro pracovníka',
  digest: 'denní přehled upozornění',
} as const;

export const verificationChannels = {
  phone: 'telefonicky',
  fax: 'faxem',
  letter: 'dopisem',
  'in-person': 'osobně',
} as const;
export type VerificationChannel = keyof typeof verificationChannels;

export const roleLabels = { admin: 'administrátor', worker: 'pracovník' } as const;

export const vatLabels = { with: 'včetně DPH', without: 'bez DPH' } as const;

/** Confirmations after POST/redirect/GET, chosen by a fixed key in the query (never free text). */
export const doneMessages = {
  assigned: 'Požadavek byl přidělen.',
  replied: 'Odpověď byla zařazena k odeslání klientovi.',
  noted: 'Interní poznámka byla uložena.',
  worked: 'Odpracovaný čas byl zapsán.',
  workEdited: 'Záznam práce byl upraven.',
  workDeleted: 'Záznam práce byl smazán.',
  billing: 'Fakturační údaje byly uloženy.',
  uploaded: 'Soubor byl přiložen k požadavku.',
  quoted: 'Nabídka ceny a termínu byla odeslána klientovi.',
  status: 'Stav požadavku byl změněn.',
  closed: 'Požadavek byl uzavřen.',
  enabled: 'Účet byl povolen.',
  disabled: 'Účet byl zablokován a jeho přihlášení ukončena.',
  rejected: 'Žádost byla zamítnuta.',
  attached: 'Zpráva byla přiložena k požadavku.',
  discarded: 'Zpráva byla vyřazena.',
  retried: 'Zpráva byla znovu zařazena k odeslání.',
  role: 'Role byla změněna.',
  staff_active: 'Účet pracovníka byl změněn; deaktivovaný pracovník byl odhlášen.',
  totp_required: 'Nastavení dvoufázového ověření bylo změněno.',
  totp_reset: 'Dvoufázové ověření bylo zrušeno; pracovník si je nastaví znovu.',
  password: 'Heslo bylo změněno.',
  totp_enabled: 'Dvoufázové ověření je zapnuto.',
  alerts_saved: 'Nastavení upozornění je uloženo.',
  template_saved: 'Šablona je uložena.',
  template_deleted: 'Šablona je smazána.',
  totp_disabled: 'Dvoufázové ověření je vypnuto.',
} as const;
export type DoneKey = keyof typeof doneMessages;

/** The ticket page's warning about a mail that held more attachments than one mail may file. */
export function attachmentsNotFiledText(o: { received: number; filed: number; limit: number }): string {
  const rest = o.received - o.filed;
  const restText = rest === 1 ? 'zbylá 1 je' : rest <= 4 ? `zbylé ${rest} jsou` : `zbylých ${rest} je`;
  return `Zpráva obsahovala ${o.received} ${o.received <= 4 ? 'přílohy' : 'příloh'}, z jedné zprávy ale ukládáme nejvýše ${o.limit}. K požadavku bylo uloženo ${o.filed}, ${restText} jen v původní zprávě.`;
}
