// The offline verification page's own logic (letter-seal.md): read `LK1.<seal>` from the URL fragment, the
// camera or a photo; inflate, decode the COSE_Sign1, verify Ed25519 against the trust list inside the page, and
// decide in the spec's order. The verdict word goes to document.body.dataset.verdict for machines.
// Everything a seal carries is shown with textContent, never as HTML: the payload is the sender's text.

const PREFIX = "LK1.";
const MAX_CONTENT = 450;   // the spec's bound on the whole QR content
const MAX_INFLATED = 4096; // a COSE_Sign1 from ≤ 450 bytes cannot honestly inflate past this (zip bomb bound)
const REQUIRED_TEXT = ["iss", "no", "f", "d", "nik", "nm", "p"];
const LABELS = { no: "Nomor surat", f: "Jenis surat", d: "Tanggal surat", nik: "NIK", nm: "Nama",
                 p: "Keperluan", iss: "Kode kantor" };
const TRUST = JSON.parse(document.getElementById("loket-trust").textContent);
const params = new URLSearchParams(location.search);

class Unreadable extends Error {}

function b64urlBytes(text) {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new Unreadable("bukan base64url");
  const plain = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

async function inflate(bytes) {
  // RFC 1950 zlib is what the Compression Streams spec calls "deflate". Read no further than the bound.
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate")).getReader();
  const parts = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_INFLATED) {
        reader.cancel().catch(() => {});
        throw new Unreadable("terlalu besar setelah dibuka");
      }
      parts.push(value);
    }
  } catch (err) {
    if (err instanceof Unreadable) throw err;
    throw new Unreadable("data terpotong atau rusak");
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

function cbor(bytes) {
  try {
    return new CBOR.Decoder({ mapsAsObjects: false, useRecords: false }).decode(bytes);
  } catch {
    throw new Unreadable("bukan CBOR");
  }
}

const isBytes = (v) => v instanceof Uint8Array;
const isText = (v) => typeof v === "string";
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

async function parse(content) {
  if (new TextEncoder().encode(content).length > MAX_CONTENT) throw new Unreadable("terlalu panjang");
  const text = content.includes("#") ? content.slice(content.indexOf("#") + 1) : content;
  if (!text.startsWith(PREFIX) || text.length === PREFIX.length) throw new Unreadable("tanpa awalan LK1.");
  const cose = cbor(await inflate(b64urlBytes(text.slice(PREFIX.length))));
  if (!(cose instanceof CBOR.Tag) || cose.tag !== 18 || !Array.isArray(cose.value) || cose.value.length !== 4) {
    throw new Unreadable("bukan COSE_Sign1");
  }
  const [protectedBytes, unprotected, payload, signature] = cose.value;
  if (!isBytes(protectedBytes) || !isBytes(payload) || !isBytes(signature) || !(unprotected instanceof Map)) {
    throw new Unreadable("susunan COSE_Sign1 salah");
  }
  const header = cbor(protectedBytes);
  if (!(header instanceof Map) || header.get(1) !== -8) throw new Unreadable("algoritme bukan EdDSA");
  const kid = header.get(4);
  if (!isBytes(kid) || kid.length !== 8 || signature.length !== 64) throw new Unreadable("kid atau tanda tangan salah");
  const map = cbor(payload);
  if (!(map instanceof Map) || ![...map.keys()].every(isText)) throw new Unreadable("isi bukan peta");
  const fields = Object.fromEntries(map);
  if (fields.v !== 1) throw new Unreadable("versi isi bukan 1");
  for (const key of REQUIRED_TEXT) if (!isText(fields[key])) throw new Unreadable(`isian ${key} tidak ada`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.d) || Number.isNaN(Date.parse(fields.d + "T00:00:00Z"))) {
    throw new Unreadable("tanggal salah");
  }
  if (fields.x !== undefined) {
    if (!(fields.x instanceof Map) || fields.x.size > 3 || ![...fields.x].every(([k, v]) => isText(k) && isText(v))) {
      throw new Unreadable("isian tambahan salah");
    }
    fields.x = Object.fromEntries(fields.x);
  }
  return { protectedBytes, payload, signature, kid: hex(kid), fields };
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

async function keyFor(kid) {
  for (const entry of TRUST.keys || []) {
    if (entry.kid !== kid || entry.alg !== "Ed25519") continue;
    let raw;
    try { raw = b64urlBytes(entry.public_key); } catch { continue; }
    if (raw.length === 32 && hex((await sha256(raw)).slice(0, 8)) === kid) return { entry, raw };
  }
  return null;
}

let noble = null;
async function nobleEd25519() {
  // The vendored module is kept byte for byte as npm ships it; it is loaded from a blob: URL made in the page.
  if (!noble) {
    const source = document.getElementById("loket-noble-ed25519").textContent;
    const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    try { noble = await import(url); } finally { URL.revokeObjectURL(url); }
  }
  return noble;
}

async function verifyEd25519(raw, signature, message) {
  if (params.get("ed25519") !== "noble") {
    try {
      const key = await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
      const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
      document.body.dataset.engine = "webcrypto";
      return ok;
    } catch (err) {
      if (err && err.name !== "NotSupportedError") throw err;
    }
  }
  const ed = await nobleEd25519();
  document.body.dataset.engine = "noble";
  return ed.verifyAsync(signature, message, raw, { zip215: false }); // RFC 8032 strict, like WebCrypto
}

async function decide(content) {
  let seal;
  try {
    seal = await parse(content);
  } catch (err) {
    if (err instanceof Unreadable) return { verdict: "not_loket", detail: err.message };
    throw err;
  }
  const found = await keyFor(seal.kid);
  if (!found) return { verdict: "unknown_office", fields: seal.fields };
  const { entry, raw } = found;
  const toSign = new CBOR.Encoder({ useRecords: false }).encode(
    ["Signature1", seal.protectedBytes, new Uint8Array(0), seal.payload]);
  if (!(await verifyEd25519(raw, seal.signature, toSign)) || entry.iss !== seal.fields.iss) {
    return { verdict: "forged", fields: seal.fields, entry };
  }
  const d = seal.fields.d;
  if (entry.revoked && d >= entry.revoked) return { verdict: "revoked", fields: seal.fields, entry, why: "revoked" };
  if (entry.valid_from && d < entry.valid_from) {
    return { verdict: "revoked", fields: seal.fields, entry, why: "before" };
  }
  return { verdict: "valid", fields: seal.fields, entry };
}

function explain(result) {
  switch (result.verdict) {
    case "valid":
      return `Surat ini disegel oleh ${result.entry.on}. Cocokkan setiap isian di bawah dengan surat di tangan Anda.`;
    case "not_loket":
      return `Kode ini bukan segel surat yang dapat dibaca (${result.detail}): rusak, terpotong, atau bukan dari Loket.`;
    case "unknown_office":
      return "Segel ini ditandatangani dengan kunci yang tidak dikenal halaman ini: bukan dari kantor ini.";
    case "forged":
      return "Tanda tangan segel tidak cocok dengan isinya: surat ini diubah atau dipalsukan.";
    case "revoked":
      return result.why === "revoked"
        ? `Kunci kantor ini dicabut sejak ${result.entry.revoked}; surat bertanggal ${result.fields.d} tidak sah.`
        : `Surat bertanggal ${result.fields.d}, sebelum kunci kantor ini berlaku (${result.entry.valid_from}).`;
    default:
      return "";
  }
}

function row(body, label, value) {
  const tr = body.insertRow();
  const th = document.createElement("th");
  th.textContent = label;
  tr.appendChild(th);
  tr.insertCell().textContent = value;
}

function show(result) {
  document.getElementById("verdict").textContent = result.verdict === "valid" ? "SAH" : "TIDAK SAH";
  document.getElementById("why").textContent = explain(result);
  const table = document.getElementById("fields");
  const body = table.tBodies[0];
  body.replaceChildren();
  if (result.verdict === "valid") {
    row(body, "Kantor", result.entry.on);
    for (const key of ["no", "f", "d", "nik", "nm", "p", "iss"]) row(body, LABELS[key], result.fields[key]);
    for (const [key, value] of Object.entries(result.fields.x || {})) row(body, key.replace(/_/g, " "), value);
  }
  table.classList.toggle("hidden", result.verdict !== "valid");
  document.body.dataset.verdict = result.verdict;
}

async function check(content) {
  if (!window.isSecureContext || !window.crypto || !crypto.subtle) {
    // WebCrypto (and the camera) exist only in a secure context: https, a file, or this computer.
    document.getElementById("why").textContent =
      "Halaman ini harus dibuka lewat https atau sebagai berkas agar dapat memeriksa segel.";
    document.body.dataset.verdict = "";
    return;
  }
  try {
    show(await decide(content));
  } catch (err) {
    show({ verdict: "not_loket", detail: "gagal diperiksa" });
    console.error(err);
  }
}

// -- the QR from a camera frame or a photo -------------------------------------------------------------------
let detector = null;
async function barcodeDetector() {
  if (detector === null) {
    detector = false;
    if (params.get("qr") !== "jsqr" && "BarcodeDetector" in window) {
      try {
        if ((await BarcodeDetector.getSupportedFormats()).includes("qr_code")) {
          detector = new BarcodeDetector({ formats: ["qr_code"] });
        }
      } catch { detector = false; }
    }
  }
  return detector;
}

const canvas = document.createElement("canvas");
async function decodeQr(source, width, height, limit = 1280) {
  // A camera frame is decoded as it comes; a photo of a whole A4 page keeps enough pixels for the QR's
  // modules (34 mm of 210 mm: ~4 px a module at 2400 px), at the cost of a second of jsQR.
  const native = await barcodeDetector();
  if (native) {
    const codes = await native.detect(source);
    document.body.dataset.decoder = "BarcodeDetector";
    return codes.length ? codes[0].rawValue : null;
  }
  const scale = Math.min(1, limit / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const g = canvas.getContext("2d", { willReadFrequently: true });
  g.drawImage(source, 0, 0, canvas.width, canvas.height);
  const image = g.getImageData(0, 0, canvas.width, canvas.height);
  document.body.dataset.decoder = "jsQR";
  const code = jsQR(image.data, image.width, image.height);
  return code ? code.data : null;
}

const video = document.getElementById("camera");
let stream = null;
function stopCamera() {
  if (stream) stream.getTracks().forEach((t) => t.stop());
  stream = null;
  video.classList.add("hidden");
  document.getElementById("stop").classList.add("hidden");
}

async function scanFrames() {
  if (!stream) return;
  if (video.readyState >= 2) {
    const text = await decodeQr(video, video.videoWidth, video.videoHeight);
    if (text) {
      stopCamera();
      await check(text);
      return;
    }
  }
  setTimeout(scanFrames, 150);
}

document.getElementById("scan").addEventListener("click", async () => {
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    document.getElementById("why").textContent =
      "Kamera tidak dapat dibuka. Izinkan kamera, atau pilih foto surat, atau buka tautan dari kode QR.";
    return;
  }
  video.srcObject = stream;
  video.classList.remove("hidden");
  document.getElementById("stop").classList.remove("hidden");
  await video.play();
  scanFrames();
});
document.getElementById("stop").addEventListener("click", stopCamera);

document.getElementById("photo").addEventListener("change", async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  let text = null;
  try {
    const bitmap = await createImageBitmap(file);
    text = await decodeQr(bitmap, bitmap.width, bitmap.height, 2400);
  } catch { text = null; }
  if (text) await check(text);
  else {
    document.getElementById("why").textContent = "Tidak ada kode QR yang terbaca di foto ini. Coba foto yang lebih dekat dan terang.";
    document.body.dataset.scan = "no_qr";
  }
});

// -- the seal in the URL: the phone's camera app opened `<verify_url>#LK1.<seal>` --------------------------
async function fromFragment() {
  let fragment = location.hash.slice(1);
  try { fragment = decodeURIComponent(fragment); } catch { /* kept as it came: the decision says what it is */ }
  if (fragment) await check(fragment);
}
window.addEventListener("hashchange", fromFragment);
fromFragment();
