// Authenticator-app codes as an app computes them (RFC 6238: HMAC-SHA-1 over the 30-second
// step, dynamic truncation to six digits), from a secret in base32 as bantay shows it.
import crypto from 'node:crypto';

function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  }
  return Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
}

export function currentStep() {
  return Math.floor(Date.now() / 1000 / 30);
}

export function codeOfStep(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const at = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// The code the app shows now, or `stepsAhead` steps later.
export function totp(secret, stepsAhead = 0) {
  return codeOfStep(secret, currentStep() + stepsAhead);
}

// A code bantay has not taken for this app yet: this step's or the next one's (bantay accepts
// one step of drift, and each step's code once), else one of its recovery codes. `app` is
// {secret, last_step, recovery_codes}, as the test harness kept it; it is updated.
export function nextCode(app) {
  const now = currentStep();
  for (const step of [now, now + 1]) {
    if (step > app.last_step) {
      app.last_step = step;
      return codeOfStep(app.secret, step);
    }
  }
  assert(app.recovery_codes.length > 0, 'signed in more often than the codes allow');
  return app.recovery_codes.pop();
}

function assert(ok, message) {
  if (!ok) throw new Error(message);
}
