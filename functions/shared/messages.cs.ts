const PASSWORD_TOO_SHORT =
  'Nové heslo musí mít alespoň 10 znaků (mezery na začátku a na konci se nepočítají). Zvolte třeba několik nesouvisejících slov, která si snadno zapamatujete.';

/** Every Czech sentence the API and emails show to people, in one place. */
export const cs = {
  errors: {
    validation_failed: 'Zadání obsahuje chyby. Opravte prosím označená pole.',
    invalid_ico: 'IČ musí mít 8 číslic a platnou kontrolní číslici.',
    invalid_credentials: 'Nesprávné IČ nebo heslo.',
    locked: 'Příliš mnoho neúspěšných pokusů o přihlášení. Zkuste to znovu později.',
    unauthenticated: 'Nejste přihlášeni nebo vaše přihlášení vypršelo. Přihlaste se prosím znovu.',
    password_change_required: 'Před pokračováním si prosím změňte dočasné heslo.',
    wrong_current_password: 'Současné heslo není správné.',
    weak_password: 'Toto heslo použít nelze: bylo by snadné je uhodnout. Zvolte jiné podle rady u pole Nové heslo.',
    forbidden_origin: 'Požadavek přišel z nepovolené adresy.',
    not_found: 'Požadovaný záznam neexistuje.',
    bad_cursor: 'Odkaz na stránku seznamu je neplatný nebo zastaralý. Načtěte seznam znovu od začátku.',
    route_not_found: 'Tato adresa rozhraní neexistuje.',
    method_not_allowed: 'Tato metoda není pro tuto adresu podporována.',
    payload_too_large: 'Odeslaná data jsou příliš velká.',
    unsupported_media_type: 'Data musí být odeslána jako JSON (Content-Type: application/json).',
    bad_json: 'Odeslaná data nejsou platný JSON.',
    bad_request: 'Požadavek je neplatný.',
    idempotency_conflict: 'Tento klíč opakování už byl použit pro jiný požadavek.',
    account_disabled: 'Účet je zablokován. Kontaktujte prosím Softech.',
    quote_not_open: 'K tomuto požadavku není otevřená cenová nabídka.',
    quote_changed: 'Nabídka ceny a termínu se mezitím změnila. Prohlédněte si prosím aktuální nabídku a odpovězte na ni znovu.',
    unavailable: 'Služba je dočasně nedostupná. Zkuste to prosím za chvíli znovu; nic z vašeho zadání se neztratilo.',
    internal: 'Nastala neočekávaná chyba. Zkuste to prosím znovu; pokud potíže trvají, kontaktujte Softech.',
  },
  fields: {
    ico: 'Zadejte platné IČ (8 číslic).',
    password: 'Zadejte heslo.',
    newPassword: PASSWORD_TOO_SHORT,
    samePassword: 'Nové heslo se musí lišit od současného.',
    contactEmail: 'Zadejte platnou e-mailovou adresu pro komunikaci v této věci.',
    listStatus: 'Neznámý stav požadavku pro filtr.',
    listQuery: 'Hledaný text může mít nejvýše 200 znaků.',
    category: 'Vyberte druh požadavku.',
    subjectRequired: 'Vyplňte předmět zadání.',
    subjectTooLong: 'Předmět zadání může mít nejvýše 200 znaků.',
    subjectControl: 'Předmět zadání nesmí obsahovat zalomení řádků ani řídicí znaky.',
    descriptionRequired: 'Vyplňte podrobnější specifikaci zadání.',
    descriptionTooLong: 'Podrobnější specifikace zadání může mít nejvýše 8000 znaků.',
    companyName: 'Vyplňte název firmy.',
    contactName: 'Vyplňte kontaktní osobu.',
    email: 'Zadejte platnou e-mailovou adresu.',
    phone: 'Telefon může obsahovat jen číslice, mezery, +, pomlčky a závorky.',
    note: 'Poznámka může mít nejvýše 2000 znaků.',
    accept: 'Uveďte, zda nabídku přijímáte (true) nebo odmítáte (false).',
    quoteVersion: 'Uveďte číslo verze nabídky, na kterou odpovídáte (quote.version z požadavku).',
    unknownField: 'Neznámé pole.',
    invalid: 'Neplatná hodnota.',
  },
  /** Why a new password is refused (core/accounts/password-rules.ts), each with how to choose a better one. */
  passwordProblems: {
    too_short: PASSWORD_TOO_SHORT,
    repeated:
      'Heslo z jednoho znaku nebo jedné skupiny znaků stále dokola se uhodne hned. Zvolte třeba několik nesouvisejících slov, která si snadno zapamatujete.',
    personal:
      'Heslo nesmí obsahovat IČ, název firmy ani e-mailovou adresu (ani jejich části): ty zná každý, kdo o vaší firmě něco ví. Zvolte třeba několik nesouvisejících slov, která s firmou nemají nic společného.',
    guessable:
      'Toto heslo je běžné nebo snadno uhodnutelné (známé heslo, slovo ze slovníku, jméno, datum, řada jako 123456 nebo qwertz). Zvolte delší heslo, třeba několik nesouvisejících slov, která si snadno zapamatujete; číslice ani zvláštní znaky nejsou potřeba.',
  },
} as const;

export type ErrorCode = keyof typeof cs.errors;

export const categoryLabels = {
  service: 'servisní zásah',
  'service-express': 'expresní servisní zásah',
  website: 'úpravy internetových stránek',
  'mailbox-create': 'založení e-mailové schránky',
  'mailbox-cancel': 'zrušení e-mailové schránky',
  'mailbox-forwarding': 'přesměrování e-mailové schránky',
  domain: 'založení nové domény',
  'webspace-access': 'změna přístupů ke správě webového prostoru',
  'information-system': 'dotaz k informačnímu systému',
  other: 'ostatní problémy, chyby a změny',
} as const;
