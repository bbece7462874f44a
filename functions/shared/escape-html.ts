/** HTML text escaping, for the admin pages and the HTML part of outgoing mail alike. */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export const escapeHtml = (text: string) => text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
