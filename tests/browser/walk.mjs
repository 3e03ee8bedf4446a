// Walks bantay's pages in Debian's Chromium (driven by playwright-core), runs axe-core on each
// page it reaches, takes screenshots at phone and desktop widths, and fails on any request to
// another host, any console error (a CSP violation among them), or any serious or critical axe
// finding. Run by tests/integration/outside_tools.rs against a prepared server:
//   BANTAY_BASE_URL  the server        BANTAY_SCREENSHOTS  where screenshots go
//   BANTAY_WORLD     JSON: {report, board, secretary: {email, password}}
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

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

try {
  // An anonymous visitor reads the latest report, downloads it and checks it.
  const page = await newPage('en-US');
  await page.goto(`${base}/`);
  await check(page, 'home');
  await page.click(`a[href="/reports/${world.report}"]`);
  await page.waitForURL(`**/reports/${world.report}`);
  await check(page, 'report');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`a[href="/api/v1/public/reports/${world.report}/pdf"]`),
  ]);
  const pdf = path.join(shots, 'downloaded.pdf');
  await download.saveAs(pdf);
  await page.click('nav a[href="/verify"]');
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
  await check(page, 'calendar');

  // Another visitor switches to Filipino, files a grievance and follows it by its code.
  const fil = await newPage('en-US');
  await fil.goto(`${base}/`);
  await fil.click('nav.lang a:has-text("Filipino")');
  await fil.click('nav a[href="/grievances/new"]');
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

  // A secretary signs in.
  const sec = await newPage('en-US');
  await sec.goto(`${base}/signin`);
  await check(sec, 'signin');
  await sec.fill('#email', world.secretary.email);
  await sec.fill('#password', 'wrong password entirely');
  await sec.click('form[action="/signin"] button');
  await sec.waitForSelector('.notice.error');
  await sec.fill('#password', world.secretary.password);
  await sec.click('form[action="/signin"] button');
  await sec.waitForURL(`${base}/`);
  assert.match(await sec.textContent('header'), new RegExp(`Sign out \\(${world.secretary.email}\\)`));
  await check(sec, 'home-signed-in');
} catch (e) {
  problems.push(`the walk stopped: ${e.stack || e}`);
} finally {
  await browser.close();
}

console.log(JSON.stringify({ checked, problems }, null, 1));
process.exit(problems.length === 0 ? 0 : 1);
