// Walks bantay's pages in Debian's Chromium (driven by playwright-core), runs axe-core on each
// page it reaches, takes screenshots at phone and desktop widths, and fails on any request to
// another host, any console error (a CSP violation among them), or any serious or critical axe
// finding. Run by tests/integration/outside_tools/browser.rs against a prepared server:
//   BANTAY_BASE_URL  the server        BANTAY_SCREENSHOTS  where screenshots go
//   BANTAY_WORLD     JSON: {draft, board, unit, otherUnit, password,
//                          secretary, member, representative, admin (e-mail addresses),
//                          apps: the accounts' authenticator apps (secret, last_step,
//                          recovery_codes), as the tests set them up,
//                          invitation: {email, path} an invited person and their link,
//                          ids: the role table's placeholders (boardA, incidentA, …)}
// After the main walk below, each file of steps/ runs in name order: a role's tasks of one part
// of the product, as `export default async function (walk)` with the helpers of `walk`.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { nextCode } from './totp.mjs';

const base = process.env.BANTAY_BASE_URL;
const shots = process.env.BANTAY_SCREENSHOTS;
const world = JSON.parse(process.env.BANTAY_WORLD);
const origin = new URL(base).origin;
const axeSource = fs.readFileSync(
  new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
fs.mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.BANTAY_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const problems = [];
const checked = [];

async function newPage(locale) {
  const context = await browser.newContext({ locale, acceptDownloads: true });
  const page = await context.newPage();
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) {
      problems.push(`request to another host: ${r.url()}`);
    }
  });
  // A page answered 401 or 422 on purpose (a refused form) logs "Failed to load resource";
  // failed subresources are caught by status instead.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') {
      problems.push(`${r.status()} for ${r.url()} on ${page.url()}`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  return page;
}

// axe on the page as it stands, then screenshots at 360 px and 1280 px.
async function check(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      problems.push(`axe ${v.impact} on ${name}: ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
  }
  for (const [label, width, height] of [['phone', 360, 740], ['desktop', 1280, 900]]) {
    await page.setViewportSize({ width, height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`${name} is ${overflow}px wider than a ${width}px screen`);
    await page.screenshot({ path: path.join(shots, `${name}-${label}.png`), fullPage: true });
  }
  checked.push(name);
}

// Signs in with the password and, where the account has an authenticator app (admins and
// secretaries must), a code of it computed from its secret.
async function signIn(email, name) {
  const page = await newPage('en-US');
  await page.goto(`${base}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', world.password);
  await page.click('form[action="/signin"] button');
  await page.waitForURL((u) => u.pathname === '/desk' || u.pathname === '/signin/code');
  if (new URL(page.url()).pathname === '/signin/code') {
    assert.ok(world.apps[email], `${email} is asked for a code but has no app`);
    await page.fill('#code', nextCode(world.apps[email]));
    await page.click('form[action="/signin/code"] button');
    await page.waitForURL(`${base}/desk`);
  }
  assert.match(await page.textContent('header'), new RegExp(`Sign out \\(${email}\\)`));
  if (name) await check(page, name);
  return page;
}

async function submit(page, action) {
  await Promise.all([
    page.waitForNavigation(),
    page.click(`form[method="post"][action="${action}"] button[type=submit]`),
  ]);
}

try {
  // A secretary fails to sign in once, then signs in and lands on the desk.
  const first = await newPage('en-US');
  await first.goto(`${base}/signin`);
  await check(first, 'signin');
  await first.fill('#email', world.secretary);
  await first.fill('#password', 'wrong password entirely');
  await first.click('form[action="/signin"] button');
  await first.waitForSelector('.notice.error');
  const sec = await signIn(world.secretary, 'desk');

  // The secretary creates a monthly series and sees its next sessions.
  const board = world.board;
  await sec.click(`a[href="/desk/boards/${board}/meetings"]`);
  await check(sec, 'meetings');
  await sec.fill('#new-series-title', 'Walk-through monthly session');
  await sec.selectOption('#new-series-weekday', 'WE');
  await submit(sec, `/desk/boards/${board}/series`);
  await sec.waitForSelector('.field-error');
  await check(sec, 'meetings-refused');
  const today = new Date();
  const firstDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 1));
  await sec.fill('#new-series-first_date', firstDay.toISOString().slice(0, 10));
  await submit(sec, `/desk/boards/${board}/series`);
  assert.equal(new URL(sec.url()).pathname, `/desk/boards/${board}/meetings`);
  // Every session of the new series falls on a second Wednesday at 09:00, month after month.
  const starts = await sec.$$eval('table[aria-labelledby=next] tr',
    (rows) => rows.filter((r) => r.textContent.includes('Walk-through monthly session'))
      .map((r) => r.cells[0].textContent));
  assert.ok(starts.length >= 3, `sessions of the new series: ${starts}`);
  for (const s of starts) {
    const [day, time] = s.split(' ');
    const d = new Date(`${day}T00:00:00Z`);
    assert.ok(d.getUTCDay() === 3 && d.getUTCDate() >= 8 && d.getUTCDate() <= 14 && time === '09:00', s);
  }
  await sec.click('table[aria-labelledby=next] a:has-text("Walk-through monthly session")');
  await check(sec, 'meeting');

  // On the session's page the secretary orders the agenda, postpones the session and moves it.
  const meeting = new URL(sec.url()).pathname;
  for (const title of ['Budget', 'Checkpoint complaints']) {
    await sec.fill('#agenda-title', title);
    await submit(sec, `${meeting}/agenda`);
  }
  await Promise.all([
    sec.waitForNavigation(),
    sec.click('li:has-text("Checkpoint complaints") button[value=earlier]'),
  ]);
  const agenda = await sec.$$eval('main ol:first-of-type > li', (items) => items.map((i) => i.firstChild.textContent.trim()));
  assert.deepEqual(agenda, ['Checkpoint complaints', 'Budget']);
  await Promise.all([
    sec.waitForNavigation(),
    sec.click('li:has-text("Budget") button[value=off]'),
  ]);
  assert.doesNotMatch(await sec.textContent('main ol:first-of-type'), /Budget/);
  await Promise.all([sec.waitForNavigation(), sec.click('button[value=postponed]')]);
  assert.match(await sec.textContent('dl.facts'), /postponed/);
  await check(sec, 'meeting-postponed');
  await sec.click('details.edit summary');
  const change = async () => Promise.all([
    sec.waitForNavigation(),
    sec.click('form:has(#schedule-time) button[type=submit]'),
  ]);
  await sec.fill('#schedule-duration_minutes', '0');
  await change();
  await sec.waitForSelector('#schedule-duration_minutes-error');
  await check(sec, 'meeting-change-refused');
  await sec.fill('#schedule-duration_minutes', '90');
  await sec.fill('#schedule-time', '14:30');
  await change();
  assert.match(await sec.textContent('dl.facts'), /14:30/);
  assert.match(await sec.textContent('dl.facts'), /scheduled/);

  // The secretary assigns one action to the representative's unit and one to another unit.
  const actionIds = [];
  for (const [title, unit] of [['Repair the school fence', world.unit], ['Return the seized phones', world.otherUnit]]) {
    await sec.goto(`${base}/desk/boards/${board}/actions`);
    await sec.fill('#new-action-title', title);
    await sec.selectOption('#new-action-unit_id', String(unit));
    await sec.fill('#new-action-due_date', '2030-03-31');
    await submit(sec, `/desk/boards/${board}/actions`);
    actionIds.push(new URL(sec.url()).pathname.split('/').pop());
  }
  await sec.goto(`${base}/desk/boards/${board}/actions`);
  await check(sec, 'actions');
  const [ours, theirs] = actionIds;

  // The representative updates the action of their unit and cannot open the other unit's.
  const rep = await signIn(world.representative, 'desk-representative');
  await rep.click('a[href="/desk/my/actions"]');
  await check(rep, 'my-actions');
  await rep.click(`a[href="/desk/actions/${ours}"]`);
  await rep.selectOption('#status-status', 'reported_done');
  await rep.fill('#status-note', 'Fence rebuilt with the barangay <council> & parents');
  await submit(rep, `/desk/actions/${ours}/status`);
  assert.equal(await rep.textContent('#action-status'), 'reported done');
  assert.match(await rep.textContent('main'), /Fence rebuilt with the barangay <council> & parents/);
  await check(rep, 'action-reported');
  const refused = await rep.goto(`${base}/desk/actions/${theirs}`);
  assert.equal(refused.status(), 404);
  await check(rep, 'action-of-another-unit');

  // A member verifies it.
  const mem = await signIn(world.member);
  await mem.goto(`${base}/desk/actions/${ours}`);
  await check(mem, 'action-to-verify');
  await Promise.all([
    mem.waitForNavigation(),
    mem.click('form:has(input[name=verdict][value=accept]) button[type=submit]'),
  ]);
  assert.equal(await mem.textContent('#action-status'), 'verified');

  // The secretary writes the board's assessment into the month's draft, in both languages.
  await sec.goto(`${base}/desk/boards/${board}/reports`);
  await sec.click(`a[href="/desk/reports/${world.draft}/assessment"]`);
  await sec.waitForURL(`**/desk/reports/${world.draft}/assessment`);
  await sec.fill('[name="en.went_well"]', 'Every unit named in the decisions sent its representative.');
  await sec.fill('[name="en.fell_short"]', 'Two checkpoint complaints are still unanswered.');
  await sec.fill('[name="en.asks"]', 'The brigade answers both complaints before the next session.');
  await sec.fill('[name="fil.went_well"]', 'Nagpadala ng kinatawan ang bawat yunit na binanggit sa mga pasya.');
  await sec.fill('[name="fil.asks"]', 'Sagutin ng brigada ang dalawang reklamo bago ang susunod na sesyon.');
  await check(sec, 'assessment');
  await submit(sec, `/desk/reports/${world.draft}/assessment`);
  assert.equal(await sec.textContent(`#report-${world.draft} .report-status`), 'draft');

  // A member of the board approves the month's report; the secretary signs and publishes it,
  // and the board's page says how it was approved.
  await mem.goto(`${base}/desk/boards/${board}/reports`);
  await check(mem, 'reports-to-approve');
  await submit(mem, `/desk/reports/${world.draft}/approve`);
  assert.equal(await mem.textContent(`#report-${world.draft} .report-status`), 'approved');
  await sec.goto(`${base}/desk/boards/${board}/reports`);
  await check(sec, 'reports');
  await submit(sec, `/desk/reports/${world.draft}/publish`);
  assert.equal(await sec.textContent(`#report-${world.draft} .report-status`), 'published');
  assert.match(await sec.textContent(`#report-${world.draft} .report-step`), /Approved by a member of the board/);
  await check(sec, 'reports-published');
  assert.equal((await sec.goto(`${base}/desk/audit`)).status(), 403);

  // An anonymous visitor reads that report, downloads it and checks it.
  const report = world.draft;
  const page = await newPage('en-US');
  await page.goto(`${base}/`);
  await check(page, 'home');
  await page.click(`a[href="/reports/${report}"]`);
  await page.waitForURL(`**/reports/${report}`);
  assert.match(await page.textContent('#glance-heading'), /At a glance/);
  assert.match(await page.textContent('.assessment'), /Every unit named in the decisions/);
  await check(page, 'report');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href="/api/v1/public/reports/${report}/pdf"]`),
  ]);
  const pdf = path.join(shots, 'downloaded.pdf');
  await download.saveAs(pdf);
  await page.click('nav a[href="/verify"]');
  await page.waitForURL(/\/verify$/);
  await check(page, 'verify');
  await page.setInputFiles('#file', pdf);
  await page.click('form[action="/verify"] button');
  await page.waitForSelector('section.notice');
  assert.match(await page.textContent('section.notice'), /Genuine: this is a report the board published/);
  await check(page, 'verify-genuine');
  const tampered = fs.readFileSync(pdf);
  tampered[Math.floor(tampered.length / 3)] ^= 1;
  fs.writeFileSync(path.join(shots, 'tampered.pdf'), tampered);
  await page.setInputFiles('#file', path.join(shots, 'tampered.pdf'));
  await page.click('form[action="/verify"] button');
  await page.waitForSelector('section.notice.error');
  assert.match(await page.textContent('section.notice'), /Not genuine/);
  await check(page, 'verify-not-genuine');
  await page.click('nav a[href="/calendar"]');
  await page.waitForURL(/\/calendar$/);
  await check(page, 'calendar');
  // The public dashboard of the board, drawn from what it published.
  await page.click('nav a[href="/dashboard"]');
  await page.waitForURL(/\/dashboard$/);
  await page.selectOption('#board', String(board));
  await page.click('form.board-choice button');
  await page.waitForURL(`**/dashboard?board=${board}`);
  assert.ok(await page.$('figure.chart svg'));
  await check(page, 'public-dashboard');

  // Another visitor switches to Filipino, files a grievance and follows it by its code.
  const fil = await newPage('en-US');
  await fil.goto(`${base}/`);
  await fil.click('nav.lang a:has-text("Filipino")');
  await fil.goto(`${base}/reports/${report}`);
  assert.match(await fil.textContent('#glance-heading'), /Sa isang sulyap/);
  await check(fil, 'report-fil');
  await fil.goto(`${base}/dashboard?board=${world.board}`);
  await check(fil, 'public-dashboard-fil');
  await fil.click('nav a[href="/grievances/new"]');
  await fil.waitForURL(/\/grievances\/new$/);
  assert.equal(await fil.getAttribute('html', 'lang'), 'fil');
  await check(fil, 'grievance-form');
  await fil.click('form[action="/grievances/new"] button[type=submit]');
  await fil.waitForSelector('.field-error');
  assert.match(await fil.textContent('main'), /Sabihin kung ano ang nangyari/);
  await check(fil, 'grievance-form-errors');
  await fil.selectOption('#board', String(world.board));
  await fil.selectOption('#category', 'harassment');
  await fil.fill('#description', 'Hinarang kami sa checkpoint nang dalawang oras at kinuha ang aming mga cellphone.');
  await fil.fill('#location', 'Barangay San Roque');
  await fil.click('form[action="/grievances/new"] button[type=submit]');
  await fil.waitForURL('**/grievances/filed');
  const code = (await fil.textContent('#tracking-code')).trim();
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await check(fil, 'grievance-filed');
  await fil.click('a.button[href="/grievances/status"]');
  await fil.fill('#code', code);
  await fil.click('form[action="/grievances/status"] button');
  await fil.waitForSelector('section.notice.ok');
  assert.match(await fil.textContent('section.notice'), /Natanggap/);
  await check(fil, 'grievance-status');

  // The secretary sees it among the board's grievances, and the desk in Filipino.
  await sec.goto(`${base}/desk/boards/${board}/grievances`);
  await check(sec, 'grievances');
  await sec.goto(`${base}/desk?lang=fil`);
  assert.match(await sec.textContent('h1'), /Aking mesa/);
  await check(sec, 'desk-filipino');
} catch (e) {
  problems.push(`the walk stopped: ${e.stack || e}`);
}

const stepsDir = new URL('./steps/', import.meta.url);
const walk = { base, world, shots, newPage, signIn, check, submit, problems };
for (const file of fs.existsSync(stepsDir) ? fs.readdirSync(stepsDir).sort() : []) {
  if (!file.endsWith('.mjs')) continue;
  try {
    const steps = await import(new URL(file, stepsDir));
    await steps.default(walk);
  } catch (e) {
    problems.push(`the steps of ${file} stopped: ${e.stack || e}`);
  }
}
await browser.close();

console.log(JSON.stringify({ checked, problems }, null, 1));
process.exit(problems.length === 0 ? 0 : 1);
