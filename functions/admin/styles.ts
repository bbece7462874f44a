import { createHash } from 'node:crypto';

/**
 * The admin UI's one stylesheet, served by the admin Lambda itself (no inline styles: the CSP
 * allows styles from 'self' only). The path carries a content hash, so it can be cached for long.
 */
export const adminCss = `
:root{--ink:#1c2430;--muted:#5b6675;--line:#dde2e8;--bg:#f4f6f9;--card:#fff;--brand:#17406d;--brand-2:#245a96;--accent:#0b6bcb;
--ok:#1d7a46;--ok-bg:#e6f4ec;--warn:#8a5a00;--warn-bg:#fff4d6;--bad:#a4262c;--bad-bg:#fde8e8;--info-bg:#e8f1fb;--note-bg:#fffbea;--radius:6px}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg);line-height:1.45}
a{color:var(--accent)}
a:hover{color:var(--brand)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:6px 10px;z-index:10}
.topbar{background:var(--brand);color:#fff}
.topbar-inner{max-width:1360px;margin:0 auto;display:flex;align-items:center;gap:14px;padding:0 20px;min-height:52px;flex-wrap:wrap}
.brand{font-weight:700;letter-spacing:.2px;color:#fff;text-decoration:none;white-space:nowrap}
.brand small{font-weight:400;opacity:.75;margin-left:6px}
.nav{display:flex;gap:0;flex-wrap:wrap;flex:1 1 auto}
.nav a{color:#dfe9f5;text-decoration:none;padding:15px 9px 14px;font-size:14px;display:inline-flex;gap:6px;align-items:center;border-bottom:3px solid transparent;white-space:nowrap}
.nav a:hover{color:#fff;background:rgba(255,255,255,.06)}
.nav a[aria-current=page]{color:#fff;border-bottom-color:#8fc1ff}
.nav .count{background:#e0f0ff;color:var(--brand);border-radius:10px;padding:0 7px;font-size:12px;font-weight:700}
.nav .count.alert{background:#ffd7d7;color:var(--bad)}
.who{display:flex;align-items:center;gap:8px;font-size:13px;color:#dfe9f5;white-space:nowrap}
.who a{color:#fff}
.who form{margin:0}
.linkbutton{background:none;border:1px solid rgba(255,255,255,.45);color:#fff;border-radius:4px;padding:4px 10px;font:inherit;cursor:pointer}
.linkbutton:hover{background:rgba(255,255,255,.12)}
main{max-width:1360px;margin:0 auto;padding:22px 20px 48px}
h1{font-size:1.55rem;margin:0 0 4px}
h2{font-size:1.15rem;margin:0 0 12px}
h3{font-size:1rem;margin:0 0 8px}
.subtitle{color:var(--muted);margin:0 0 18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:16px 18px;margin-bottom:16px}
.card.tight{padding:0;overflow:auto}
.grid{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:18px;align-items:start}
@media (max-width:980px){.grid{grid-template-columns:1fr}}
.flash{border-radius:var(--radius);padding:10px 14px;margin-bottom:16px;border:1px solid}
.flash.ok{background:var(--ok-bg);border-color:#b7e0c6;color:#0f4d2b}
.flash.error{background:var(--bad-bg);border-color:#f3b9b9;color:#7a1a1f}
.flash ul{margin:6px 0 0 18px;padding:0}
.error-summary h2{font-size:1rem;margin:0}
.error-summary a{color:inherit}
.tabs{display:flex;gap:4px;flex-wrap:wrap;margin-bottom:14px;border-bottom:1px solid var(--line)}
.tabs a{padding:8px 12px;text-decoration:none;color:var(--muted);border-bottom:3px solid transparent;margin-bottom:-1px;display:inline-flex;gap:6px;align-items:center}
.tabs a[aria-current=page]{color:var(--ink);border-bottom-color:var(--accent);font-weight:600}
.snippet{color:var(--muted);font-size:.92em}
.snippet mark{background:#fff3b0;color:inherit;padding:0 1px}
.pager{display:flex;gap:18px;justify-content:center;align-items:center;margin:14px 0}
.tabs .n{background:#e9edf2;color:var(--ink);border-radius:10px;padding:0 7px;font-size:12px}
.filters{display:flex;gap:10px;flex-wrap:wrap;align-items:flex-end;margin-bottom:14px}
.filters label{font-size:12px;color:var(--muted);display:flex;flex-direction:column;gap:3px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:9px 12px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);background:#fafbfc;font-weight:600}
tr.express td{background:#fff6f0}
tr.attention td:first-child{box-shadow:inset 3px 0 0 var(--accent)}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
.empty{color:var(--muted);padding:18px}
.badge{display:inline-block;border-radius:10px;padding:1px 8px;font-size:12px;font-weight:600;white-space:nowrap;background:#e9edf2;color:#334}
.badge.express{background:#ffe1cc;color:#8a3400}
.badge.attention{background:var(--info-bg);color:#0b4f96}
.badge.s-new{background:#e0ecff;color:#123f7a}.badge.s-assigned{background:#ece6ff;color:#43308a}
.badge.s-waiting-for-client{background:var(--warn-bg);color:var(--warn)}.badge.s-quoted{background:#f4e6ff;color:#5e2a84}
.badge.s-agreed{background:#e3f6f4;color:#0d5f56}.badge.s-in-progress{background:#e6f0ff;color:#0b4f96}
.badge.s-resolved{background:var(--ok-bg);color:var(--ok)}.badge.s-closed,.badge.s-cancelled{background:#eceff2;color:#4b5563}
.badge.sent{background:var(--ok-bg);color:var(--ok)}.badge.failed{background:var(--bad-bg);color:var(--bad)}.badge.pending{background:var(--warn-bg);color:var(--warn)}
.badge.virus{background:var(--bad-bg);color:var(--bad)}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:6px 14px;margin:0}
dl.facts dt{color:var(--muted)}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-family:inherit;margin:0}
pre.text{font-size:14px}
.thread{list-style:none;margin:0;padding:0}
.thread li{background:#fff;border:1px solid var(--line);border-left:4px solid #c5ccd6;border-radius:var(--radius);padding:10px 14px;margin-bottom:10px}
.thread li.email-in{border-left-color:#2f80d1}
.thread li.created{border-left-color:#2f80d1}
.thread li.email-out{border-left-color:#2e9e5b}
.thread li.note{border-left-color:#d9a300;background:var(--note-bg)}
.thread li.quote,.thread li.acceptance{border-left-color:#8e44ad}
.thread li.status,.thread li.assignment{background:#fafbfc}
.thread p{margin:4px 0}
.thread li > :last-child{margin-bottom:0}
.meta{display:flex;gap:8px;flex-wrap:wrap;align-items:baseline;font-size:13px;color:var(--muted);margin-bottom:6px}
.meta strong{color:var(--ink)}
.files{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.files a{display:inline-block;border:1px solid var(--line);border-radius:4px;padding:2px 8px;font-size:13px;text-decoration:none;background:#fafbfc}
.file-list{list-style:none;margin:8px 0 0;padding:0;font-size:13px}
.file-list li{margin:4px 0;overflow-wrap:anywhere}
.more-files summary{cursor:pointer;font-size:13px;margin-top:6px}
.warn{color:var(--bad);font-size:13px}
form.stack{display:flex;flex-direction:column;gap:10px}
form.inline{display:inline-flex;gap:6px;align-items:center;margin:0}
.row{display:flex;gap:10px;flex-wrap:wrap}
.row>*{flex:1 1 140px}
label{font-weight:600;font-size:13px}
label .hint,.hint{font-weight:400;color:var(--muted);font-size:12px}
input[type=text],input[type=email],input[type=password],input[type=number],input[type=date],input[type=search],select,textarea{
font:inherit;width:100%;padding:7px 9px;border:1px solid #b9c2cd;border-radius:4px;background:#fff;color:var(--ink)}
.filters input,.filters select{width:auto;min-width:150px}
textarea{min-height:110px;resize:vertical}
input:focus,select:focus,textarea:focus,button:focus,a:focus{outline:2px solid #8fc1ff;outline-offset:1px}
.field{display:flex;flex-direction:column;gap:4px}
.field .error{color:var(--bad);font-size:12px;font-weight:600}
[aria-invalid=true]{border-color:var(--bad)}
.checkbox{display:flex;gap:8px;align-items:center;font-weight:400}
button,.button{font:inherit;font-weight:600;border-radius:4px;border:1px solid var(--brand-2);background:var(--brand-2);color:#fff;padding:7px 14px;cursor:pointer;text-decoration:none;display:inline-block}
button:hover,.button:hover{background:var(--brand);color:#fff}
button.secondary,.button.secondary{background:#fff;color:var(--brand-2)}
button.secondary:hover{background:#eef4fb;color:var(--brand)}
button.danger{background:#fff;color:var(--bad);border-color:#d9a3a6}
button.danger:hover{background:var(--bad-bg)}
button.small{padding:3px 9px;font-size:13px}
.secret{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1.6rem;letter-spacing:2px;background:#fff;border:2px dashed var(--accent);border-radius:var(--radius);padding:12px 18px;display:inline-block;margin:6px 0 10px;user-select:all}
.uri{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid var(--line);padding:8px;border-radius:4px;user-select:all}
.login{max-width:380px;margin:9vh auto 0}
.login .card{padding:26px 28px}
.login h1{font-size:1.3rem}
.login .brandline{color:var(--muted);margin-bottom:18px}
.muted{color:var(--muted)}
.nowrap{white-space:nowrap}
.sidebar .card h2{font-size:1rem}
.actions{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
@media (max-width:760px){.brand{width:100%;padding-top:12px}.nav a{padding:8px 8px 7px}.who{padding-bottom:10px}main{padding:16px 12px 40px}}
.card.tight table{min-width:720px}
.sidebar dl.facts{grid-template-columns:1fr;gap:2px}
.sidebar dl.facts dt{font-size:12px;margin-top:6px}
.card > h2:not(:first-child),.card > h3:not(:first-child),.card > dl + h2,.card > dl + h3{margin-top:18px}
footer{color:var(--muted);font-size:12px;text-align:center;padding:18px}
`;

export const adminCssPath = `/admin/assets/admin-${createHash('sha256').update(adminCss).digest('hex').slice(0, 10)}.css`;

/** The tab icon (served by the admin function, like the stylesheet). */
export const adminFavicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#17406d"/><path d="M9 21.5c1.6 1.2 3.6 1.9 6 1.9 3.4 0 5.6-1.6 5.6-4.1 0-2.3-1.6-3.3-4.9-4.1-2.3-.6-3-1-3-1.9 0-.8.8-1.4 2.2-1.4 1.6 0 3.2.5 4.6 1.4l1.5-2.8c-1.6-1.1-3.7-1.7-6-1.7-3.4 0-5.6 1.8-5.6 4.3 0 2.5 1.8 3.4 5 4.2 2.2.5 2.9 1 2.9 1.8 0 .9-.9 1.4-2.4 1.4-1.9 0-3.8-.7-5.3-1.9z" fill="#fff"/></svg>';
export const adminFaviconPath = '/admin/assets/favicon.svg';
