// Verifies the citizen's C2SP tlog-proof files in the browser, with WebCrypto only: each entry's
// leaf (RFC 9162, over SHA-256(salt || entry)), its inclusion proof up to the checkpoint's root, the
// checkpoint's Ed25519 signature by the log's key, and a cosignature (cosignature/v1) by each
// witness whose key the page names. Nothing leaves the page.
'use strict';

(function () {
  const enc = new TextEncoder();

  function b64(text) {
    const bin = atob(text);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }
  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  }
  function equal(a, b) {
    if (a.length !== b.length) return false;
    let d = 0;
    for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
    return d === 0;
  }
  function fail(why) { throw new Error(why); }

  // "name+hexid+base64(type || key)"
  async function parseKey(vkey) {
    // the name and the id hold no '+'; the base64 key data may
    const text = vkey.trim();
    const first = text.indexOf('+');
    const second = first < 0 ? -1 : text.indexOf('+', first + 1);
    if (first <= 0 || second !== first + 9) fail('a key is not a note verifier key');
    const name = text.slice(0, first);
    const hex = text.slice(first + 1, second);
    const data = text.slice(second + 1);
    const keyData = b64(data);
    const id = (await sha256(concat(enc.encode(name), Uint8Array.of(10), keyData))).slice(0, 4);
    const hexId = Array.from(id, (x) => x.toString(16).padStart(2, '0')).join('');
    if (hexId !== hex.toLowerCase()) fail('a key\'s id does not match it');
    const type = keyData[0];
    if ((type !== 1 && type !== 4) || keyData.length !== 33) fail('a key of an unknown type');
    const key = await crypto.subtle.importKey('raw', keyData.slice(1), { name: 'Ed25519' }, false, ['verify']);
    return { name, id, type, key };
  }

  function parseProof(text) {
    const blank = text.indexOf('\n\n');
    if (blank < 0) fail('not a proof file: no blank line before the checkpoint');
    const lines = text.slice(0, blank).split('\n');
    if (lines[0] !== 'c2sp.org/tlog-proof@v1') fail('not a proof file: wrong header');
    let next = 1;
    let extra = null;
    if (lines[next] && lines[next].startsWith('extra ')) { extra = b64(lines[next].slice(6)); next++; }
    if (!lines[next] || !lines[next].startsWith('index ')) fail('the proof has no index');
    const index = Number(lines[next].slice(6));
    if (!Number.isSafeInteger(index) || index < 0) fail('the proof\'s index is out of range');
    const hashes = lines.slice(next + 1).map(b64);
    if (hashes.some((h) => h.length !== 32)) fail('a proof hash is not 32 bytes');
    return { extra, index, hashes, checkpoint: text.slice(blank + 2) };
  }

  function parseNote(text) {
    const blank = text.indexOf('\n\n');
    if (blank < 0) fail('the checkpoint has no signatures');
    const body = text.slice(0, blank + 1);
    const signatures = text.slice(blank + 2).split('\n').filter((l) => l.length > 0).map((line) => {
      const m = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!m) fail('a signature line is out of form');
      return { name: m[1], bytes: b64(m[2]) };
    });
    const lines = body.split('\n');
    const size = Number(lines[1]);
    if (!Number.isSafeInteger(size) || size < 1) fail('the checkpoint\'s size is out of range');
    const root = b64(lines[2]);
    if (root.length !== 32) fail('the checkpoint\'s root is not 32 bytes');
    return { body, origin: lines[0], size, root, signatures };
  }

  // true or false for the first signature line of key k; null when the note has none by k
  async function signedBy(note, k) {
    for (const s of note.signatures) {
      if (s.name !== k.name || !equal(s.bytes.slice(0, 4), k.id)) continue;
      if (k.type === 1) {
        if (s.bytes.length !== 68) return false;
        return crypto.subtle.verify({ name: 'Ed25519' }, k.key, s.bytes.slice(4), enc.encode(note.body));
      }
      if (s.bytes.length !== 76) return false;
      const view = new DataView(s.bytes.buffer, s.bytes.byteOffset + 4, 8);
      const time = view.getBigUint64(0);
      const message = concat(enc.encode('cosignature/v1\ntime ' + time.toString() + '\n'), enc.encode(note.body));
      return crypto.subtle.verify({ name: 'Ed25519' }, k.key, s.bytes.slice(12), message);
    }
    return null;
  }

  // RFC 9162 §2.1.3.2
  async function rootFrom(leaf, index, size, path) {
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of path) {
      if (sn === 0) fail('the inclusion proof is too long');
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat(Uint8Array.of(1), p, r));
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
        }
      } else {
        r = await sha256(concat(Uint8Array.of(1), r, p));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0) fail('the inclusion proof is too short');
    return r;
  }

  async function verify(text, logKey, witnessKeys) {
    const proof = parseProof(text);
    if (!proof.extra || proof.extra.length < 32) fail('the proof carries no entry');
    const note = parseNote(proof.checkpoint);
    if (note.origin !== logKey.name) fail('the checkpoint is of another log');
    if ((await signedBy(note, logKey)) !== true) fail('the checkpoint is not signed by the log\'s key');
    let cosigned = 0;
    for (const w of witnessKeys) {
      const by = await signedBy(note, w);
      if (by === false) fail('a cosignature of ' + w.name + ' does not verify');
      if (by === true) cosigned++;
    }
    if (proof.index >= note.size) fail('the entry is beyond the checkpoint');
    const leaf = await sha256(concat(Uint8Array.of(0), await sha256(proof.extra)));
    const root = await rootFrom(leaf, proof.index, note.size, proof.hashes);
    if (!equal(root, note.root)) fail('the entry is not in the log at this checkpoint');
    return { index: proof.index, size: note.size, cosigned, witnesses: witnessKeys.length };
  }

  function show(list, label, ok, detail, file) {
    const li = document.createElement('li');
    li.className = ok ? 'verified' : 'refused';
    const mark = document.createElement('span');
    mark.className = 'mark';
    mark.textContent = ok ? '\u2713' : '\u2717';
    mark.setAttribute('aria-hidden', 'true');
    li.appendChild(mark);
    li.appendChild(document.createTextNode(' ' + label + ': ' + detail));
    if (file) {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([file], { type: 'text/plain' }));
      a.download = label.replace(/[^A-Za-z0-9#._-]+/g, '-') + '.proof';
      a.textContent = document.getElementById('verify').dataset.download + ' (' + label + ')';
      li.appendChild(document.createTextNode(' '));
      li.appendChild(a);
    }
    list.appendChild(li);
  }

  function detail(root, v) {
    return root.dataset.ok + ' ' + v.size + ', ' + root.dataset.cosigned + ' ' + v.cosigned + '/' + v.witnesses;
  }

  async function keys(root) {
    const logKey = await parseKey(root.dataset.logKey);
    const witnesses = [];
    for (const w of (root.dataset.witnessKeys || '').split(' ').filter((k) => k.length > 0)) {
      witnesses.push(await parseKey(w));
    }
    return { logKey, witnesses };
  }

  async function verifyAll(root) {
    const list = document.getElementById('entries');
    list.textContent = '';
    const status = document.getElementById('verify-status');
    const { logKey, witnesses } = await keys(root);
    const answer = await fetch(root.dataset.proofs, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!answer.ok) { status.textContent = root.dataset.failed; return; }
    let ok = 0;
    let all = 0;
    for (const consent of await answer.json()) {
      for (const text of consent.proofs) {
        all++;
        try {
          const v = await verify(text, logKey, witnesses);
          ok++;
          show(list, root.dataset.entry + ' #' + v.index, true, detail(root, v), text);
        } catch (e) {
          show(list, root.dataset.entry, false, root.dataset.bad + ': ' + e.message, text);
        }
      }
    }
    status.textContent = ok + ' / ' + all + ' ' + root.dataset.summary;
  }

  async function verifyPasted(root) {
    const out = document.getElementById('pasted-result');
    out.textContent = '';
    const text = document.getElementById('pasted').value.replace(/\r\n/g, '\n');
    try {
      const { logKey, witnesses } = await keys(root);
      const v = await verify(text, logKey, witnesses);
      show(out, root.dataset.entry + ' #' + v.index, true, detail(root, v), null);
    } catch (e) {
      show(out, root.dataset.entry, false, root.dataset.bad + ': ' + e.message, null);
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const root = document.getElementById('verify');
    if (!root) return;
    document.getElementById('verify-all').addEventListener('click', () =>
      verifyAll(root).catch((e) => {
        document.getElementById('verify-status').textContent = root.dataset.failed + ': ' + e.message;
      }));
    document.getElementById('verify-pasted').addEventListener('click', () => verifyPasted(root));
  });
})();
